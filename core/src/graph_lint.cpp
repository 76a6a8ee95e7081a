// The checks behind `reef inspect`'s warnings. Each is conservative: it fires only when the problem is certain
// from the parameters alone (e.g. "never spikes" ignores populations with any input or initial synaptic current).
#include "reef/core/graph_lint.hpp"

#include <cstdio>

namespace reef::core {
namespace {

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

std::string neuron_count(std::size_t count, std::size_t size) {
  return count == size ? "all " + std::to_string(size) + " neurons"
                       : std::to_string(count) + " of " + std::to_string(size) + " neurons";
}

bool has_initial_synaptic_current(const NeuronParams& params) {
  for (const SynapseParams& synapse : params.synapses) {
    if (synapse.initial.min() != 0.0 || synapse.initial.max() != 0.0) return true;
  }
  return false;
}

// A neuron without input follows dv/dt toward v_leak + r*bias (leaky models) or drifts at r*bias (IF);
// starting below threshold, it can only reach v_th if that drive gets it there.
bool can_never_spike(const NeuronParams& params, std::size_t neuron) {
  const double drive = params.r[neuron] * params.bias[neuron];
  if (params.v_initial[neuron] >= params.v_th[neuron]) return false;
  if (!params.has_leak()) return drive <= 0.0;
  return params.v_leak[neuron] + drive < params.v_th[neuron];
}

void lint_silent_population(const Node& node, bool has_input, std::vector<std::string>& warnings) {
  const NeuronParams& params = node.neurons();
  if (has_input || !params.spikes() || has_initial_synaptic_current(params)) return;
  std::size_t silent = 0;
  for (std::size_t neuron = 0; neuron < node.size; ++neuron) silent += can_never_spike(params, neuron) ? 1 : 0;
  if (silent == 0) return;
  const std::string why = params.has_leak() ? "their resting level v_leak + r*bias stays below v_th"
                                            : "their drift r*bias is not positive and they start below v_th";
  warnings.push_back("population '" + node.name + "' receives no projection, so " + neuron_count(silent, node.size) +
                     " can never spike: " + why);
}

void lint_threshold_below_reset(const Node& node, std::vector<std::string>& warnings) {
  const NeuronParams& params = node.neurons();
  if (!params.spikes()) return;
  std::size_t inverted = 0;
  std::size_t example = 0;
  for (std::size_t neuron = 0; neuron < node.size; ++neuron) {
    if (params.v_th[neuron] < params.v_reset[neuron]) {
      if (inverted++ == 0) example = neuron;
    }
  }
  if (inverted == 0) return;
  warnings.push_back("population '" + node.name + "' has v_th below v_reset for " + neuron_count(inverted, node.size) +
                     " (e.g. neuron " + std::to_string(example) + ": v_th " + number(params.v_th[example]) +
                     ", v_reset " + number(params.v_reset[example]) +
                     "): after a spike such a neuron is put above its threshold");
}

}  // namespace

std::vector<std::string> lint(const Graph& graph) {
  std::vector<bool> has_incoming(graph.nodes().size(), false);
  std::vector<bool> has_outgoing(graph.nodes().size(), false);
  for (const Edge& edge : graph.edges()) {
    has_incoming[edge.target] = true;
    has_outgoing[edge.source] = true;
  }
  std::vector<std::string> warnings;
  for (NodeId id = 0; id < graph.nodes().size(); ++id) {
    const Node& node = graph.node(id);
    if (!node.is_population()) {
      if (!has_outgoing[id]) {
        warnings.push_back("input '" + node.name + "' is not connected: no projection starts from it");
      }
      continue;
    }
    lint_silent_population(node, has_incoming[id], warnings);
    lint_threshold_below_reset(node, warnings);
  }
  for (const Edge& edge : graph.edges()) {
    if (edge.synapses.count() == 0) {
      warnings.push_back("projection '" + edge.name + "' (" + graph.node(edge.source).name + " -> " +
                         graph.node(edge.target).name + ") has no synapses: its rule produced none");
    }
  }
  return warnings;
}

}  // namespace reef::core
