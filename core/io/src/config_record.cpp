// The `record:` section: which populations' spikes to keep (all, none or a list) and which state variables of
// which neurons to sample at what interval. Names are checked against the graph.
#include <algorithm>
#include <string>
#include <vector>

#include "config_sections.hpp"
#include "config_values.hpp"

namespace reef::io::detail {

namespace {

constexpr std::string_view kSpikesForm = "all, none, or a list of population names such as [exc, inh]";
constexpr std::string_view kStateForm =
    "a list of probes such as [{population: exc, neurons: [0, 1], variables: [v], interval: 0.1 ms}]";
constexpr std::string_view kProbeForm = "a mapping with population and optionally neurons, variables, interval";

std::vector<std::string_view> population_names(const ConfigGraph& graph) {
  std::vector<std::string_view> names;
  for (const std::string& name : graph.node_names)
    if (graph.builder.node(*graph.builder.find(name)).is_population()) names.push_back(name);
  return names;
}

const core::Node& parse_population_ref(const ConfigNode& node, const ConfigGraph& graph) {
  const std::string name = node.text("the name of a population");
  const auto id = graph.builder.find(name);
  if (id && graph.builder.node(*id).is_population()) return graph.builder.node(*id);
  const std::vector<std::string_view> names = population_names(graph);
  if (id) node.fail("\"" + name + "\" is an input, not a population; expected one of: " + join_names(names));
  node.fail("unknown population \"" + name + "\"" + did_you_mean(name, names) + "; expected one of: " +
            join_names(names));
}

void parse_spikes(const ConfigNode& node, const ConfigGraph& graph, core::RecordRequest& request) {
  if (node.is_scalar()) {
    const std::string& text = node.text(kSpikesForm);
    if (text != "all" && text != "none") node.fail_expected(kSpikesForm);
    request.all_spikes = text == "all";
    return;
  }
  request.all_spikes = false;
  for (const ConfigNode& item : node.items(kSpikesForm)) {
    const std::string& name = parse_population_ref(item, graph).name;
    auto& chosen = request.spike_populations;
    if (std::find(chosen.begin(), chosen.end(), name) != chosen.end()) item.fail("population listed twice");
    chosen.push_back(name);
  }
}

std::vector<std::uint32_t> parse_neurons(const ConfigNode& node, std::size_t size) {
  std::vector<std::uint32_t> neurons;
  for (const ConfigNode& item : node.items("a list of neuron indices such as [0, 1, 2]")) {
    const std::uint64_t index = parse_unsigned(item);
    if (index >= size)
      item.fail("expected a neuron index below " + std::to_string(size) + " (the population's size), got " +
                item.describe());
    if (std::find(neurons.begin(), neurons.end(), index) != neurons.end()) item.fail("neuron listed twice");
    neurons.push_back(static_cast<std::uint32_t>(index));
  }
  if (neurons.empty()) node.fail("expected at least one neuron index (leave neurons out for all), got none");
  return neurons;
}

std::vector<std::string> parse_variables(const ConfigNode& node, const core::Node& population) {
  const std::vector<core::SynapseParams>& synapses = population.neurons().synapses;
  std::vector<std::string> numbered;  // i_syn0, i_syn1, ...: the synaptic currents by index
  for (std::size_t k = 0; k < synapses.size(); ++k) numbered.push_back("i_syn" + std::to_string(k));
  std::vector<std::string_view> valid{"v"};
  for (const core::SynapseParams& synapse : synapses) valid.push_back(synapse.name);
  valid.insert(valid.end(), numbered.begin(), numbered.end());
  std::vector<std::string> variables;
  for (const ConfigNode& item : node.items("a list of variables such as [v, exc]")) {
    const std::string name = item.text("a variable name: v, a synapse name or i_syn<k>");
    if (std::find(valid.begin(), valid.end(), name) == valid.end())
      item.fail("population " + population.name + " has no variable \"" + name + "\"" + did_you_mean(name, valid) +
                "; expected one of: " + join_names(valid));
    if (std::find(variables.begin(), variables.end(), name) != variables.end()) item.fail("variable listed twice");
    variables.push_back(name);
  }
  if (variables.empty()) node.fail("expected at least one variable such as v, got none");
  return variables;
}

core::StateProbeRequest parse_probe(const ConfigNode& node, const ConfigGraph& graph) {
  const ConfigMap spec(node, {"population", "neurons", "variables", "interval"}, kProbeForm);
  const core::Node& population = parse_population_ref(spec.at("population", "the name of a population"), graph);
  core::StateProbeRequest probe;
  probe.population = population.name;
  if (const auto neurons = spec.find("neurons")) probe.neurons = parse_neurons(*neurons, population.size);
  probe.variables = {"v"};
  if (const auto variables = spec.find("variables")) probe.variables = parse_variables(*variables, population);
  if (const auto interval = spec.find("interval")) probe.interval = parse_time(*interval, DurationRange::positive);
  return probe;
}

}  // namespace

core::RecordRequest parse_record(const ConfigNode& section, const ConfigGraph& graph) {
  const ConfigMap spec(section, {"spikes", "state"}, "a mapping with spikes and/or state");
  core::RecordRequest request;
  if (const auto spikes = spec.find("spikes")) parse_spikes(*spikes, graph, request);
  if (const auto state = spec.find("state"))
    for (const ConfigNode& probe : state->items(kStateForm)) request.state.push_back(parse_probe(probe, graph));
  return request;
}

}  // namespace reef::io::detail
