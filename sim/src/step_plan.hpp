// The evaluation order of a graph's Connections on a fixed grid: a depth-first search from the Input nodes (then
// from every other node, in node order) marks each Connection that closes a cycle as a back edge; the rest give a
// topological order. A back edge carries its source's output of the previous step (0, or a bias, at t = 0).
#pragma once

#include <cstddef>
#include <vector>

#include "reef/core/graph.hpp"

namespace reef::sim {

struct ConnectionOrder {
  std::vector<core::NodeId> order;  // every node, each after the sources of its forward Connections
  std::vector<bool> back_edge;      // parallel to graph.connections()
};

ConnectionOrder order_connections(const core::Graph& graph);

}  // namespace reef::sim
