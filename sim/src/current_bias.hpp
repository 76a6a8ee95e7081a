// Constant current sources folded into neuron bias: both engines treat a CurrentSource node as extra bias of the
// populations it projects onto instead of simulating it.
#pragma once

#include <vector>

#include "reef/core/graph.hpp"

namespace reef::sim {

// Per node id: the bias added by current sources projecting onto it (empty for nodes no current source reaches).
std::vector<std::vector<double>> current_source_bias(const core::Graph& graph);

}  // namespace reef::sim
