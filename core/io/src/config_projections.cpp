// The `projections:` section: edges between named nodes, the target synapse they feed, their connectivity, and
// weights and delays (random ones drawn per synapse in CSR order from the projection's streams 2 and 3).
#include <string>
#include <vector>

#include "config_connect.hpp"
#include "config_per_neuron.hpp"
#include "config_sections.hpp"
#include "config_values.hpp"
#include "reef/core/random.hpp"

namespace reef::io::detail {

namespace {

constexpr std::uint64_t kWeightStream = 2;
constexpr std::uint64_t kDelayStream = 3;
constexpr std::string_view kProjectionForm = "a mapping with from, to, connect and weight";
constexpr std::string_view kWeightForm =
    "a number such as 1.5, {uniform: [low, high]}, {normal: [mean, std]} or (rule list) one number per pair";
constexpr std::string_view kDelayForm = "a non-negative duration such as 1.5 ms, or {uniform: [low, high]}";

core::NodeId parse_endpoint(const ConfigNode& node, const ConfigGraph& graph) {
  const std::string name = node.text("the name of a population or input");
  if (const auto id = graph.builder.find(name)) return *id;
  node.fail("unknown population or input \"" + name + "\"" + did_you_mean(name, graph.names()) +
            "; expected one of: " + join_names(graph.names()));
}

// The index of the target synapse this projection feeds.
std::size_t parse_synapse(const ConfigMap& spec, const core::Node& target) {
  const std::vector<core::SynapseParams>& synapses = target.neurons().synapses;
  std::vector<std::string_view> names;
  for (const core::SynapseParams& synapse : synapses) names.push_back(synapse.name);
  const auto node = spec.find("synapse");
  if (synapses.empty()) {
    spec.reject("synapse", "population " + target.name + " (model " + std::string(target.kind_name()) +
                               ") has no synapses: its inputs jump v, so synapse is not allowed");
    return 0;
  }
  if (!node) {
    if (synapses.size() == 1) return 0;
    spec.node().fail_at_key("missing required key \"synapse\": population " + target.name +
                            " has several synapses (one of " + join_names(names) + ")");
  }
  const std::string name = node->text("a synapse name such as exc");
  for (std::size_t i = 0; i < synapses.size(); ++i)
    if (synapses[i].name == name) return i;
  node->fail("population " + target.name + " has no synapse \"" + name + "\"" + did_you_mean(name, names) +
             "; expected one of: " + join_names(names));
}

// Per-synapse values of a mapping holding exactly one distribution, drawn in CSR order.
std::vector<double> draw_per_synapse(const ConfigMap& distribution, ValueKind kind, std::size_t count,
                                     core::Rng rng) {
  if (distribution.entries().size() != 1)
    distribution.node().fail("expected exactly one distribution, got " +
                             std::to_string(distribution.entries().size()));
  return draw_values(distribution.entries().front(), kind, count, rng);
}

std::vector<double> parse_weights(const ConfigNode& node, const Connectivity& connectivity, core::Rng rng) {
  if (node.is_scalar()) return {parse_number(node)};
  const std::size_t count = connectivity.topology.targets.size();
  if (!node.is_sequence())
    return draw_per_synapse(ConfigMap(node, {"uniform", "normal"}, kWeightForm), ValueKind::number, count, rng);
  if (!connectivity.is_list) node.fail("a list of weights needs rule list (one weight per pair)");
  const std::vector<ConfigNode> items = node.items(kWeightForm);
  if (items.size() != count)
    node.fail("expected one weight per pair (" + std::to_string(count) + "), got " + std::to_string(items.size()));
  std::vector<double> weights(count);
  for (std::size_t i = 0; i < count; ++i) weights[i] = parse_number(items[connectivity.csr_to_pair[i]]);
  return weights;
}

std::vector<core::Time> parse_delays(const ConfigNode& node, std::size_t count, core::Rng rng) {
  if (node.is_scalar()) return {parse_time(node, DurationRange::non_negative)};
  std::vector<core::Time> delays;
  const ConfigMap distribution(node, {"uniform"}, kDelayForm);
  for (double seconds : draw_per_synapse(distribution, ValueKind::non_negative_duration, count, rng))
    delays.push_back(core::Time::from_seconds(seconds));
  return delays;
}

core::Edge parse_projection(const ConfigMap::Entry& entry, std::uint64_t seed, const ConfigGraph& graph) {
  const ConfigMap spec(entry.value, {"from", "to", "synapse", "connect", "weight", "delay"}, kProjectionForm);
  const ConfigNode from_node = spec.at("from", "the name of a population or input");
  const ConfigNode to_node = spec.at("to", "the name of a population");
  core::Edge edge;
  edge.name = entry.key;
  edge.source = parse_endpoint(from_node, graph);
  edge.target = parse_endpoint(to_node, graph);
  const core::Node& source = graph.builder.node(edge.source);
  const core::Node& target = graph.builder.node(edge.target);
  if (!target.is_population())
    to_node.fail("expected a population, got " + std::string(target.kind_name()) + " input \"" + target.name +
                 "\" (inputs cannot receive projections)");
  const bool from_current = std::holds_alternative<core::CurrentSourceParams>(source.params);
  if (from_current) {
    const std::string why = " is not allowed for a projection from current input " + source.name +
                            " (it adds weight x amplitude to the targets' bias)";
    spec.reject("synapse", "synapse" + why);
    spec.reject("delay", "delay" + why);
  } else {
    edge.synapse = parse_synapse(spec, target);
  }

  const core::ConnectShape shape{source.size, target.size, edge.source == edge.target};
  Connectivity connectivity =
      parse_connect(spec.at("connect", "a mapping such as {rule: all_to_all}"), shape, seed, entry.key);
  const std::uint64_t tag = core::stream_tag(entry.key);
  const auto delay_node = spec.find("delay");
  if (connectivity.dense_weights) {
    spec.reject("weight", "weight is not allowed with rule dense (the weights are the matrix)");
    const core::Time delay = delay_node ? parse_time(*delay_node, DurationRange::non_negative) : core::Time{};
    edge.synapses = core::Synapses::dense(source.size, target.size, std::move(*connectivity.dense_weights), delay);
    return edge;
  }
  std::vector<double> weights =
      parse_weights(spec.at("weight", kWeightForm), connectivity, core::Rng(seed, tag, kWeightStream));
  const std::size_t count = connectivity.topology.targets.size();
  std::vector<core::Time> delays =
      delay_node ? parse_delays(*delay_node, count, core::Rng(seed, tag, kDelayStream)) : std::vector{core::Time{}};
  edge.synapses = core::Synapses::sparse(source.size, target.size, std::move(connectivity.topology),
                                         std::move(weights), std::move(delays));
  return edge;
}

}  // namespace

void add_projections(const ConfigNode& section, std::uint64_t seed, ConfigGraph& graph) {
  const ConfigMap projections = ConfigMap::open(section, "a mapping of projection names to their specs");
  for (const ConfigMap::Entry& entry : projections.entries()) {
    check_name(entry.key_node, entry.key);
    graph.builder.add_edge(parse_projection(entry, seed, graph));
  }
}

}  // namespace reef::io::detail
