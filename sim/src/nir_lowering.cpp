// NIR connections → spike edges, signal routes and constant drives (see nir_lowering.hpp and docs/event-engine.md).
// Every path into a neuron node is source → neuron or source → linear node → neuron, with the source an Input node
// or a spiking neuron node; a linear node (Affine, Linear, Scale) is a dense matrix W and an optional bias b.
#include "nir_lowering.hpp"

#include <string>

#include "reef/core/error.hpp"

namespace reef::sim {

namespace {

using core::Graph;
using core::Node;
using core::NodeId;

const char* const kUseStepEngine = "; run it with the fixed-step engine (--engine step)";

std::string describe(const Node& node) { return "node '" + node.name + "' (" + std::string(node.kind_name()) + ")"; }

bool is_input(const Node& node) { return std::holds_alternative<core::InputParams>(node.params); }
bool is_output(const Node& node) { return std::holds_alternative<core::OutputParams>(node.params); }
bool is_linear(const Node& node) {
  return std::holds_alternative<core::AffineParams>(node.params) ||
         std::holds_alternative<core::ScaleParams>(node.params);
}
bool is_event_source(const Node& node) {
  return std::holds_alternative<core::SpikeSourceParams>(node.params) ||
         std::holds_alternative<core::PoissonSourceParams>(node.params) ||
         std::holds_alternative<core::CurrentSourceParams>(node.params);
}

// A linear node as a dense row-major [out][in] matrix and its bias (empty when none).
struct Linear {
  std::size_t out = 0, in = 0;
  std::vector<double> weight;
  std::vector<double> bias;
};

Linear linear_of(const Node& node) {
  Linear l;
  if (const auto* affine = std::get_if<core::AffineParams>(&node.params)) {
    if (affine->weight.shape.size() != 2)
      throw ValidationError(describe(node) + ": the event engine needs a 2-d weight [out, in], it has shape " +
                            core::to_string(affine->weight.shape) + kUseStepEngine);
    l.out = affine->weight.shape[0];
    l.in = affine->weight.shape[1];
    l.weight = affine->weight.values;
    l.bias = affine->bias;
    return l;
  }
  const auto& scale = std::get<core::ScaleParams>(node.params).scale;
  l.out = l.in = scale.size();
  l.weight.assign(l.out * l.in, 0.0);
  for (std::size_t j = 0; j < l.out; ++j) l.weight[j * l.in + j] = scale[j];
  return l;
}

Linear identity(std::size_t n) {
  Linear l;
  l.out = l.in = n;
  l.weight.assign(n * n, 0.0);
  for (std::size_t j = 0; j < n; ++j) l.weight[j * n + j] = 1.0;
  return l;
}

// What one Dirac impulse of area w does to neuron j of a NIR neuron node, per unit of w.
double dirac_jump(const Node& node, std::size_t j) {
  const core::NeuronParams& p = node.neurons();
  if (!p.synapses.empty()) return p.synapses[0].w_in[j] / p.synapses[0].tau_s[j];
  if (p.has_leak()) return p.r[j] / p.tau_mem_s[j];
  return p.r[j];
}

class Lowering {
 public:
  explicit Lowering(const Graph& graph) : graph_(graph) { result_.constant_drive.resize(graph.nodes().size()); }

  NirLowering run() {
    for (const Node& node : graph_.nodes())
      if (!node.is_population() && !is_event_source(node) && !is_input(node) && !is_output(node) && !is_linear(node))
        throw ValidationError(describe(node) + ": the exact event engine cannot run this node" + kUseStepEngine);
    for (const core::Connection& c : graph_.connections()) {
      const Node& source = graph_.node(c.source);
      const Node& target = graph_.node(c.target);
      if (is_output(target)) {
        if (is_linear(source))
          throw ValidationError(describe(source) + " feeds output '" + target.name +
                                "': the event engine records neurons, not the continuous output of a linear node" +
                                kUseStepEngine);
        continue;
      }
      if (is_linear(target)) {
        for (const core::Connection& out : graph_.connections())
          if (out.source == c.target && is_linear(graph_.node(out.target)))
            throw ValidationError(describe(target) + " feeds " + describe(graph_.node(out.target)) +
                                  ": the event engine runs one linear node between a source and a neuron node" +
                                  kUseStepEngine);
        continue;  // lowered with each neuron node it feeds
      }
      if (!target.is_population())
        throw ValidationError(describe(target) + ": the exact event engine cannot run this node" + kUseStepEngine);
      check_neuron_input(target);
      if (is_linear(source)) {
        lower_through(c.source, c.target);
      } else {
        route(c.source, c.target, identity(target.size), source);
      }
    }
    return std::move(result_);
  }

 private:
  void check_neuron_input(const Node& target) const {
    if (target.neurons().synapses.size() > 1)
      throw ValidationError(describe(target) + ": a NIR input needs a neuron node with at most one synapse, it has " +
                            std::to_string(target.neurons().synapses.size()));
  }

  // Every source of the linear node `via` reaches `target` through its matrix; its bias is a constant input.
  void lower_through(NodeId via, NodeId target) {
    const Node& linear_node = graph_.node(via);
    const Linear l = linear_of(linear_node);
    if (!l.bias.empty()) {
      auto& drive = result_.constant_drive[target];
      drive.resize(graph_.node(target).size, 0.0);
      for (std::size_t j = 0; j < l.out; ++j) drive[j] += l.bias[j];
    }
    for (const core::Connection& c : graph_.connections())
      if (c.target == via) route(c.source, target, l, linear_node);
  }

  // The signal or spikes of `source` reach `target` as the input W x; `via` names the node for messages.
  void route(NodeId source, NodeId target, const Linear& l, const Node& via) {
    const Node& from = graph_.node(source);
    const Node& to = graph_.node(target);
    if (l.out != to.size || l.in != from.size)
      throw ValidationError(describe(via) + ": a [" + std::to_string(l.out) + ", " + std::to_string(l.in) +
                            "] map cannot link '" + from.name + "' (" + std::to_string(from.size) + ") to '" +
                            to.name + "' (" + std::to_string(to.size) + ")");
    const bool spikes = !is_input(from);
    if (spikes && (!from.is_population() || !from.neurons().spikes()))
      throw ValidationError(describe(from) + " feeds '" + to.name + "'" +
                            (from.is_population() ? ": its output is its membrane potential, a continuous signal the "
                                                    "event engine cannot pass on"
                                                  : ": the event engine passes on only Input signals and spikes") +
                            kUseStepEngine);
    // Rows over the source's channels with the non-zero entries of W (a zero entry has no effect); spikes are
    // Dirac impulses, so their weights are scaled into the target's jump units.
    core::CsrTopology topology;
    std::vector<double> weights;
    topology.row_offsets.push_back(0);
    for (std::size_t i = 0; i < l.in; ++i) {
      for (std::size_t j = 0; j < l.out; ++j) {
        const double w = l.weight[j * l.in + i];
        if (w == 0.0) continue;
        topology.targets.push_back(static_cast<std::uint32_t>(j));
        weights.push_back(spikes ? w * dirac_jump(to, j) : w);
      }
      topology.row_offsets.push_back(topology.targets.size());
    }
    if (!spikes) {
      result_.signal_routes.push_back({source, target, std::move(topology), std::move(weights)});
      return;
    }
    core::Edge edge;
    edge.name = &via == &from ? from.name + "->" + to.name : from.name + "->" + via.name + "->" + to.name;
    edge.source = source;
    edge.target = target;
    if (weights.empty()) weights.push_back(0.0);  // no synapse at all: one shared weight keeps the form valid
    edge.synapses = core::Synapses::sparse(l.in, l.out, std::move(topology), std::move(weights), {core::Time()});
    result_.spike_edges.push_back(std::move(edge));
  }

  const Graph& graph_;
  NirLowering result_;
};

}  // namespace

NirLowering lower_nir_connections(const core::Graph& graph) { return Lowering(graph).run(); }

core::Node apply_reset_rule(const core::Node& node, ResetRule rule) {
  core::Node copy = node;
  auto& p = std::get<core::NeuronParams>(copy.params);
  switch (rule) {
    case ResetRule::as_graph: break;
    case ResetRule::subtract: p.reset = core::ResetMode::subtract; break;
    case ResetRule::to_v_reset: p.reset = core::ResetMode::to_value; break;
    case ResetRule::zero:
      p.reset = core::ResetMode::to_value;
      p.v_reset = 0.0;
      break;
  }
  return copy;
}

}  // namespace reef::sim
