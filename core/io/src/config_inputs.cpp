// The `inputs:` section: spike sources (Poisson, explicit times, spike files) and constant-current sources, each
// with the keys its type takes; input names share one namespace with population names.
#include <algorithm>
#include <string>
#include <vector>

#include "config_per_neuron.hpp"
#include "config_sections.hpp"
#include "config_values.hpp"
#include "reef/core/random.hpp"
#include "reef/io/spike_file.hpp"

namespace reef::io::detail {

namespace {

constexpr std::string_view kTypeForm = "one of poisson, spikes, spike_file, current";
constexpr std::string_view kInputForm = "a mapping with type and the type's keys";
constexpr std::string_view kSizeForm = "a positive integer such as 100";
constexpr std::string_view kTimesForm = "a list with one list of spike times per channel, such as [[1 ms, 2 ms], []]";

// `rate`: where the per-channel rates are drawn from (key "rate" of the input's stream).
core::PoissonSourceParams parse_poisson(const ConfigMap& spec, const PerNeuronTarget& rate) {
  core::PoissonSourceParams params;
  params.rate_hz = parse_per_neuron(spec.at("rate", "a non-negative rate in Hz such as 300"),
                                    ValueKind::non_negative_number, rate);
  params.seed = core::Rng(rate.seed, core::stream_tag(rate.owner)).next_u64();
  if (const auto start = spec.find("start")) params.start = parse_time(*start, DurationRange::non_negative);
  if (const auto stop = spec.find("stop")) {
    params.stop = parse_time(*stop, DurationRange::non_negative);
    if (params.stop <= params.start)
      stop->fail("expected a stop time after start (" + core::format_duration(params.start) + "), got " +
                 stop->describe());
  }
  return params;
}

core::SpikeSourceParams parse_spike_times(const ConfigMap& spec, std::size_t& size) {
  const ConfigNode times = spec.at("times", kTimesForm);
  core::SpikeSourceParams params;
  for (const ConfigNode& channel : times.items(kTimesForm)) {
    std::vector<core::Time> spikes;
    for (const ConfigNode& time : channel.items("a list of this channel's spike times such as [1 ms, 2.5 ms]"))
      spikes.push_back(parse_time(time, DurationRange::non_negative));
    std::sort(spikes.begin(), spikes.end());
    params.times.push_back(std::move(spikes));
  }
  if (params.times.empty()) times.fail("expected at least one channel (a list of spike times), got none");
  size = params.times.size();
  if (const auto declared = spec.find("size"); declared && parse_size(*declared) != size)
    declared->fail("expected the number of channels in times (" + std::to_string(size) + "), got " +
                   declared->describe());
  return params;
}

core::SpikeSourceParams parse_spike_file(const ConfigMap& spec, std::size_t size) {
  const ConfigNode path_node = spec.at("path", "a CSV (t,channel) or NPY (n, 2) file name such as spikes.csv");
  const std::filesystem::path path = parse_existing_file(path_node, "a file name such as spikes.csv");
  core::SpikeSourceParams params;
  params.times = read_spike_file(path, size);
  params.origin = path.string();
  return params;
}

core::Node parse_input(const ConfigMap::Entry& entry, std::uint64_t seed, const core::GraphBuilder& builder) {
  check_name(entry.key_node, entry.key);
  if (builder.find(entry.key))
    entry.key_node.fail("duplicate name \"" + entry.key + "\": a population already has it (names are shared)");
  const ConfigMap outline = ConfigMap::open(entry.value, kInputForm);
  const ConfigNode type_node = outline.at("type", kTypeForm);
  const std::string& type = type_node.text(kTypeForm);

  core::Node node{entry.key, 0, core::CurrentSourceParams{}};
  if (type == "poisson") {
    const ConfigMap spec(entry.value, {"type", "size", "rate", "start", "stop"}, kInputForm);
    node.size = parse_size(spec.at("size", kSizeForm));
    node.params = parse_poisson(spec, PerNeuronTarget{node.size, seed, entry.key, "rate"});
  } else if (type == "spikes") {
    const ConfigMap spec(entry.value, {"type", "times", "size"}, kInputForm);
    node.params = parse_spike_times(spec, node.size);
  } else if (type == "spike_file") {
    const ConfigMap spec(entry.value, {"type", "path", "size"}, kInputForm);
    node.size = parse_size(spec.at("size", kSizeForm));
    node.params = parse_spike_file(spec, node.size);
  } else if (type == "current") {
    const ConfigMap spec(entry.value, {"type", "size", "amplitude"}, kInputForm);
    node.size = parse_size(spec.at("size", kSizeForm));
    node.params = core::CurrentSourceParams{parse_per_neuron(spec.at("amplitude", "a current such as 2.0"),
                                                             ValueKind::number,
                                                             PerNeuronTarget{node.size, seed, entry.key, "amplitude"})};
  } else {
    type_node.fail("unknown input type \"" + type + "\"" +
                   did_you_mean(type, {"poisson", "spikes", "spike_file", "current"}) + "; expected " +
                   std::string(kTypeForm));
  }
  return node;
}

}  // namespace

void add_inputs(const ConfigNode& section, std::uint64_t seed, ConfigGraph& graph) {
  const ConfigMap inputs = ConfigMap::open(section, "a mapping of input names to their specs");
  for (const ConfigMap::Entry& entry : inputs.entries()) graph.add_node(parse_input(entry, seed, graph.builder));
}

}  // namespace reef::io::detail
