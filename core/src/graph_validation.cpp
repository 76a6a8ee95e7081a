// GraphBuilder::build(): every structural and parameter invariant of a network, checked once.
#include <cmath>
#include <set>

#include "reef/core/error.hpp"
#include "reef/core/graph.hpp"
#include "layer_validation.hpp"

namespace reef::core {

namespace {

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw ValidationError(where + ": " + what);
}

void check_shape(const std::string& where, const char* name, const PerNeuron& p, std::size_t size) {
  if (p.size() != 1 && p.size() != size)
    fail(where, std::string(name) + " has " + std::to_string(p.size()) + " values; expected 1 or " +
                    std::to_string(size) + " (one per neuron)");
  for (double v : p.values())
    if (!std::isfinite(v)) fail(where, std::string(name) + " must be finite");
}

void check_positive(const std::string& where, const char* name, const PerNeuron& p) {
  if (p.min() <= 0.0) fail(where, std::string(name) + " must be > 0, got " + std::to_string(p.min()));
}

void validate_population(const std::string& where, const NeuronParams& n, std::size_t size) {
  const std::pair<const char*, const PerNeuron*> params[] = {
      {"tau_mem", &n.tau_mem_s}, {"r", &n.r},         {"v_leak", &n.v_leak},        {"v_th", &n.v_th},
      {"v_reset", &n.v_reset},   {"bias", &n.bias},   {"refractory", &n.refractory_s}, {"v_initial", &n.v_initial}};
  for (const auto& [name, p] : params) check_shape(where, name, *p, size);
  if (n.has_leak()) check_positive(where, "tau_mem", n.tau_mem_s);
  if (n.refractory_s.min() < 0.0) fail(where, "refractory must be >= 0");
  const bool needs_synapses = n.model == NeuronModel::cuba_lif;
  const bool allows_synapses = needs_synapses || n.model == NeuronModel::leaky_integrator;
  if (needs_synapses && n.synapses.empty()) fail(where, "a cuba_lif population needs at least one synapse");
  if (!allows_synapses && !n.synapses.empty())
    fail(where, std::string(to_string(n.model)) + " neurons take input directly on v and have no synapses");
  std::set<std::string> names;
  for (const SynapseParams& s : n.synapses) {
    const std::string at = where + ", synapse '" + s.name + "'";
    if (s.name.empty() || !names.insert(s.name).second) fail(at, "synapse names must be non-empty and unique");
    check_shape(at, "tau", s.tau_s, size);
    check_positive(at, "tau", s.tau_s);
    check_shape(at, "initial", s.initial, size);
    check_shape(at, "w_in", s.w_in, size);
  }
}

void validate_node(const Node& node) {
  const std::string where = "node '" + node.name + "'";
  if (node.size == 0) fail(where, "size must be at least 1");
  if (const auto* n = std::get_if<NeuronParams>(&node.params)) {
    validate_population(where, *n, node.size);
  } else if (const auto* s = std::get_if<SpikeSourceParams>(&node.params)) {
    if (s->times.size() != node.size)
      fail(where, "has " + std::to_string(s->times.size()) + " spike trains for " + std::to_string(node.size) +
                      " channels");
    for (const auto& channel : s->times)
      for (std::size_t i = 0; i < channel.size(); ++i)
        if (channel[i] < Time() || (i > 0 && channel[i] < channel[i - 1]))
          fail(where, "spike times must be >= 0 and sorted");
  } else if (const auto* p = std::get_if<PoissonSourceParams>(&node.params)) {
    check_shape(where, "rate", p->rate_hz, node.size);
    if (p->rate_hz.min() < 0.0) fail(where, "rate must be >= 0 Hz");
    if (p->start < Time() || p->stop < p->start) fail(where, "needs 0 <= start <= stop");
  } else if (const auto* c = std::get_if<CurrentSourceParams>(&node.params)) {
    check_shape(where, "amplitude", c->amplitude, node.size);
  }
  validate_layer_node(node);
}

void validate_synapses(const std::string& where, const Synapses& s) {
  const std::size_t count = s.count();
  if (s.weights().size() != 1 && s.weights().size() != count)
    fail(where, "has " + std::to_string(s.weights().size()) + " weights for " + std::to_string(count) + " synapses");
  if (s.delays().size() != 1 && s.delays().size() != count)
    fail(where, "has " + std::to_string(s.delays().size()) + " delays for " + std::to_string(count) + " synapses");
  if (s.is_dense() && s.delays().size() != 1) fail(where, "a dense projection has one shared delay");
  for (double w : s.weights())
    if (!std::isfinite(w)) fail(where, "weights must be finite");
  for (Time d : s.delays())
    if (d < Time()) fail(where, "delays must be >= 0");
  if (s.is_dense()) return;
  const CsrTopology& t = s.topology();
  if (t.row_offsets.size() != s.n_source() + 1 || t.row_offsets.front() != 0 ||
      t.row_offsets.back() != t.targets.size())
    fail(where, "row offsets do not describe " + std::to_string(s.n_source()) + " source neurons");
  for (std::size_t row = 0; row + 1 < t.row_offsets.size(); ++row)
    if (t.row_offsets[row] > t.row_offsets[row + 1]) fail(where, "row offsets must be non-decreasing");
  for (std::uint32_t target : t.targets)
    if (target >= s.n_target())
      fail(where, "target index " + std::to_string(target) + " out of range [0, " + std::to_string(s.n_target()) + ")");
}

void validate_edge(const Graph& graph, const Edge& edge) {
  const std::string where = "projection '" + edge.name + "'";
  if (edge.source >= graph.nodes().size() || edge.target >= graph.nodes().size())
    fail(where, "refers to a node that does not exist");
  const Node& source = graph.node(edge.source);
  const Node& target = graph.node(edge.target);
  if (!target.is_population()) fail(where, "targets '" + target.name + "', which is an input, not a population");
  const auto& synapses = target.neurons().synapses;
  const bool from_current = std::holds_alternative<CurrentSourceParams>(source.params);
  if (!from_current && !synapses.empty() && edge.synapse >= synapses.size())
    fail(where, "synapse index " + std::to_string(edge.synapse) + " but '" + target.name + "' has " +
                    std::to_string(synapses.size()));
  if ((from_current || synapses.empty()) && edge.synapse != 0)
    fail(where, "'" + target.name + "' takes this input without a synapse index");
  if (edge.synapses.n_source() != source.size || edge.synapses.n_target() != target.size)
    fail(where, "synapse matrix is " + std::to_string(edge.synapses.n_source()) + " x " +
                    std::to_string(edge.synapses.n_target()) + " but '" + source.name + "' has " +
                    std::to_string(source.size) + " and '" + target.name + "' " + std::to_string(target.size));
  if (from_current && edge.synapses.delays().size() == 1 && edge.synapses.delays()[0] != Time())
    fail(where, "a constant current has no delay");
  validate_synapses(where, edge.synapses);
}

}  // namespace

Graph GraphBuilder::build() && {
  std::set<std::string> names;
  for (const Node& node : graph_.nodes_) {
    if (node.name.empty()) throw ValidationError("every node needs a name");
    if (!names.insert(node.name).second) throw ValidationError("node name '" + node.name + "' is used twice");
    validate_node(node);
  }
  std::set<std::string> edge_names;
  for (const Edge& edge : graph_.edges_) {
    if (!edge_names.insert(edge.name).second)
      throw ValidationError("projection name '" + edge.name + "' is used twice");
    validate_edge(graph_, edge);
  }
  for (const Connection& connection : graph_.connections_) validate_connection(graph_, connection);
  return std::move(graph_);
}

}  // namespace reef::core
