// Lowering of a graph's NIR part (Input, Affine/Linear/Scale and neuron nodes linked by Connections) into what the
// event engine runs: spike projections with Dirac-impulse weights, piecewise-constant signal routes from Input nodes,
// and constant drives from Affine biases. Rejects what cannot be run exactly, naming the node.
#pragma once

#include <cstdint>
#include <vector>

#include "reef/core/graph.hpp"
#include "reef/sim/event_engine.hpp"

namespace reef::sim {

// An Input node's signal x reaching a neuron node as the input W x: the non-zero entries of W in rows over the
// Input's channels (targets[row_offsets[c] .. row_offsets[c + 1]) with gains alongside).
struct SignalRoute {
  core::NodeId input = 0;
  core::NodeId target = 0;
  core::CsrTopology topology;
  std::vector<double> gains;
};

struct NirLowering {
  std::vector<core::Edge> spike_edges;           // neuron → neuron, weights already in the target's jump units
  std::vector<SignalRoute> signal_routes;
  std::vector<std::vector<double>> constant_drive;  // per graph node: the constant input (Affine biases), or empty
};

// Throws ValidationError naming the first node the event engine cannot run exactly.
NirLowering lower_nir_connections(const core::Graph& graph);

// The node with the reset rule applied to its neuron parameters (a copy; `rule` as_graph leaves it unchanged).
core::Node apply_reset_rule(const core::Node& node, ResetRule rule);

}  // namespace reef::sim
