// Back edges of the Connections (iterative depth-first search, no recursion limit) and a topological order.
#include "step_plan.hpp"

#include <functional>
#include <queue>
#include <utility>

namespace reef::sim {

ConnectionOrder order_connections(const core::Graph& graph) {
  const std::size_t n = graph.nodes().size();
  const auto& connections = graph.connections();
  std::vector<std::vector<std::size_t>> outgoing(n);  // connection indices by source, in graph order
  for (std::size_t c = 0; c < connections.size(); ++c) outgoing[connections[c].source].push_back(c);

  ConnectionOrder result;
  result.back_edge.assign(connections.size(), false);
  enum class Mark { unseen, open, done };
  std::vector<Mark> mark(n, Mark::unseen);
  std::vector<core::NodeId> roots;
  for (core::NodeId id = 0; id < n; ++id)
    if (std::holds_alternative<core::InputParams>(graph.node(id).params)) roots.push_back(id);
  for (core::NodeId id = 0; id < n; ++id)
    if (!std::holds_alternative<core::InputParams>(graph.node(id).params)) roots.push_back(id);

  std::vector<std::pair<core::NodeId, std::size_t>> stack;  // node, next outgoing connection to look at
  for (core::NodeId root : roots) {
    if (mark[root] != Mark::unseen) continue;
    mark[root] = Mark::open;
    stack.emplace_back(root, 0);
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      if (next == outgoing[node].size()) {
        mark[node] = Mark::done;
        stack.pop_back();
        continue;
      }
      const std::size_t c = outgoing[node][next++];
      const core::NodeId target = connections[c].target;
      if (mark[target] == Mark::open) {
        result.back_edge[c] = true;
      } else if (mark[target] == Mark::unseen) {
        mark[target] = Mark::open;
        stack.emplace_back(target, 0);
      }
    }
  }
  // Kahn's algorithm over the forward Connections, smallest node id first: node order wherever it is free.
  std::vector<std::size_t> pending(n, 0);
  for (std::size_t c = 0; c < connections.size(); ++c)
    if (!result.back_edge[c]) ++pending[connections[c].target];
  std::priority_queue<core::NodeId, std::vector<core::NodeId>, std::greater<>> ready;
  for (core::NodeId id = 0; id < n; ++id)
    if (pending[id] == 0) ready.push(id);
  while (!ready.empty()) {
    const core::NodeId node = ready.top();
    ready.pop();
    result.order.push_back(node);
    for (std::size_t c : outgoing[node])
      if (!result.back_edge[c] && --pending[connections[c].target] == 0) ready.push(connections[c].target);
  }
  return result;
}

}  // namespace reef::sim
