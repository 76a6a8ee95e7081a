// Warnings about a valid network that probably does not do what its author meant: populations that can never
// spike, projections without synapses, inputs connected to nothing, thresholds below the reset value.
#pragma once

#include <string>
#include <vector>

#include "reef/core/graph.hpp"

namespace reef::core {

// One human-readable sentence per finding, naming the population, input or projection; empty when all is well.
// Findings come in node order, then edge order.
std::vector<std::string> lint(const Graph& graph);

}  // namespace reef::core
