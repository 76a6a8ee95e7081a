// The `populations:` section: one neuron population per entry, with the keys each model takes, its synapses and
// per-neuron parameters (random ones drawn from the population's stream for that key).
#include <algorithm>
#include <string>
#include <vector>

#include "config_per_neuron.hpp"
#include "config_sections.hpp"
#include "config_values.hpp"

namespace reef::io::detail {

namespace {

using core::NeuronModel;

// Parameters, state and queue entries of one neuron, roughly, in the engines.
constexpr double kBytesPerNeuron = 200.0;
constexpr std::string_view kPopulationForm = "a mapping with model, size and the model's parameters";
constexpr std::string_view kModelForm = "one of cuba_lif, lif, if, li";

NeuronModel parse_model(const ConfigNode& node) {
  const std::string& text = node.text(kModelForm);
  if (text == "cuba_lif") return NeuronModel::cuba_lif;
  if (text == "lif") return NeuronModel::lif;
  if (text == "if") return NeuronModel::integrate_and_fire;
  if (text == "li") return NeuronModel::leaky_integrator;
  node.fail("unknown model \"" + text + "\"" + did_you_mean(text, {"cuba_lif", "lif", "if", "li"}) +
            "; expected " + std::string(kModelForm));
}

core::ResetMode parse_reset(const ConfigNode& node) {
  constexpr std::string_view form = "value or subtract";
  const std::string& text = node.text(form);
  if (text == "value") return core::ResetMode::to_value;
  if (text == "subtract") return core::ResetMode::subtract;
  node.fail_expected(form);
}

// Keys that do not apply to `model` are errors, never ignored.
void reject_keys_of_other_models(const ConfigMap& spec, NeuronModel model) {
  switch (model) {
    case NeuronModel::integrate_and_fire:
      for (std::string_view key : {"tau_mem", "v_leak"})
        spec.reject(key, std::string(key) + " is not allowed for model if (it has no leak)");
      spec.reject("synapses", "synapses are not allowed for model if (its inputs jump v); use cuba_lif");
      break;
    case NeuronModel::lif:
      spec.reject("synapses", "synapses are not allowed for model lif (its inputs jump v); use cuba_lif");
      break;
    case NeuronModel::leaky_integrator:
      for (std::string_view key : {"v_th", "v_reset", "reset", "refractory"})
        spec.reject(key, std::string(key) + " is not allowed for model li (it never spikes)");
      break;
    case NeuronModel::integrator:
      for (std::string_view key : {"tau_mem", "v_leak", "v_th", "v_reset", "reset", "refractory"})
        spec.reject(key, std::string(key) + " is not allowed for model i (an integrator: no leak, never spikes)");
      spec.reject("synapses", "synapses are not allowed for model i (its inputs jump v)");
      break;
    case NeuronModel::cuba_lif:
      break;
  }
}

// `population`: the population's size, seed and name (its key is set per synapse parameter).
std::vector<core::SynapseParams> parse_synapses(const ConfigNode& node, PerNeuronTarget population) {
  const ConfigMap synapses = ConfigMap::open(node, "a mapping of synapse names to {tau: ..., initial: ...}");
  if (synapses.entries().empty()) node.fail("expected at least one synapse such as exc: {tau: 5 ms}, got none");
  std::vector<core::SynapseParams> out;
  for (const ConfigMap::Entry& entry : synapses.entries()) {
    check_name(entry.key_node, entry.key);
    if (entry.key == "v") entry.key_node.fail("a synapse cannot be named \"v\" (that is the membrane potential)");
    const ConfigMap spec(entry.value, {"tau", "initial"}, "a mapping such as {tau: 5 ms}");
    const std::string tau_key = "synapses." + entry.key + ".tau";
    const std::string initial_key = "synapses." + entry.key + ".initial";
    core::SynapseParams synapse;
    synapse.name = entry.key;
    population.key = tau_key;
    synapse.tau_s = parse_per_neuron(spec.at("tau", duration_form(DurationRange::positive)),
                                     ValueKind::positive_duration, population);
    if (const auto initial = spec.find("initial")) {
      population.key = initial_key;
      synapse.initial = parse_per_neuron(*initial, ValueKind::number, population);
    }
    out.push_back(std::move(synapse));
  }
  return out;
}

// Reset below threshold, neuron by neuron: otherwise a spiking neuron would stay at or above threshold.
void check_reset_below_threshold(const ConfigMap& spec, const core::NeuronParams& params) {
  // PerNeuron values are shared (size 1) or per neuron; the larger of the two sizes covers every neuron.
  const std::size_t count = std::max(params.v_reset.size(), params.v_th.size());
  for (std::size_t i = 0; i < count; ++i) {
    if (params.v_reset[i] < params.v_th[i]) continue;
    const std::string message = "v_reset must be below v_th, got v_reset " + format_number(params.v_reset[i]) +
                                " >= v_th " + format_number(params.v_th[i]) + " for neuron " + std::to_string(i);
    if (const auto v_reset = spec.find("v_reset")) v_reset->fail_at_key(message);
    if (const auto v_th = spec.find("v_th")) v_th->fail_at_key(message);
    spec.node().fail_at_key(message);
  }
}

core::Node parse_population(const ConfigMap::Entry& entry, std::uint64_t seed) {
  check_name(entry.key_node, entry.key);
  const ConfigMap spec(entry.value,
                       {"model", "size", "tau_mem", "synapses", "v_leak", "v_th", "v_reset", "reset", "refractory",
                        "r", "bias", "v_initial"},
                       kPopulationForm);
  core::NeuronParams params;
  params.model = parse_model(spec.at("model", kModelForm));
  reject_keys_of_other_models(spec, params.model);
  const ConfigNode size_node = spec.at("size", "a positive integer such as 100");
  const std::size_t size = parse_size(size_node);
  check_fits_in_memory(size_node, static_cast<double>(size), kBytesPerNeuron, "neurons");

  const auto target = [&](std::string_view key) { return PerNeuronTarget{size, seed, entry.key, key}; };
  const auto per_neuron = [&](std::string_view key, ValueKind kind, core::PerNeuron& out) {
    if (const auto value = spec.find(key)) out = parse_per_neuron(*value, kind, target(key));
  };
  if (params.has_leak())
    params.tau_mem_s = parse_per_neuron(spec.at("tau_mem", duration_form(DurationRange::positive)),
                                        ValueKind::positive_duration, target("tau_mem"));
  per_neuron("v_leak", ValueKind::number, params.v_leak);
  per_neuron("v_th", ValueKind::number, params.v_th);
  per_neuron("v_reset", ValueKind::number, params.v_reset);
  per_neuron("refractory", ValueKind::non_negative_duration, params.refractory_s);
  per_neuron("r", ValueKind::number, params.r);
  per_neuron("bias", ValueKind::number, params.bias);
  per_neuron("v_initial", ValueKind::number, params.v_initial);
  if (const auto reset = spec.find("reset")) params.reset = parse_reset(*reset);

  const auto synapses = params.model == NeuronModel::cuba_lif
                            ? spec.at("synapses", "a mapping of synapse names to {tau: ...}; cuba_lif needs one")
                            : spec.find("synapses");
  if (synapses) params.synapses = parse_synapses(*synapses, target(""));
  if (params.spikes()) check_reset_below_threshold(spec, params);

  return core::Node{entry.key, size, std::move(params)};
}

}  // namespace

void add_populations(const ConfigNode& section, std::uint64_t seed, ConfigGraph& graph) {
  const ConfigMap populations = ConfigMap::open(section, "a mapping of population names to their specs");
  if (populations.entries().empty()) section.fail("expected at least one population, got none");
  for (const ConfigMap::Entry& entry : populations.entries()) graph.add_node(parse_population(entry, seed));
}

}  // namespace reef::io::detail
