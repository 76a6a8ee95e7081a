// Constant current sources folded into neuron bias: the weighted amplitudes summed per target neuron.
#include "current_bias.hpp"

#include <variant>

namespace reef::sim {

std::vector<std::vector<double>> current_source_bias(const core::Graph& graph) {
  std::vector<std::vector<double>> bias_of_node(graph.nodes().size());
  for (const core::Edge& edge : graph.edges()) {
    const auto* current = std::get_if<core::CurrentSourceParams>(&graph.node(edge.source).params);
    if (!current) continue;
    auto& bias = bias_of_node[edge.target];
    bias.resize(graph.node(edge.target).size, 0.0);
    const core::Synapses s = edge.synapses.to_sparse();
    for (std::uint32_t row = 0; row < s.n_source(); ++row)
      for (std::uint64_t i = s.topology().row_offsets[row]; i < s.topology().row_offsets[row + 1]; ++i)
        bias[s.topology().targets[i]] += s.weight(i) * current->amplitude[row];
  }
  return bias_of_node;
}

}  // namespace reef::sim
