// core::Graph: the one network description every front-end produces and every engine lowers.
// Nodes are neuron populations and input sources; edges are projections carrying synapses.
// A Graph is immutable: GraphBuilder collects nodes and edges and build() validates them once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "reef/core/neuron.hpp"
#include "reef/core/synapses.hpp"
#include "reef/core/time.hpp"

namespace reef::core {

using NodeId = std::uint32_t;

// Explicit spike times per channel (sorted, >= 0). `origin` says where they came from (a file path or "config").
struct SpikeSourceParams {
  std::vector<std::vector<Time>> times;
  std::string origin = "config";
};

// Independent Poisson spike trains per channel, active in [start, stop).
struct PoissonSourceParams {
  PerNeuron rate_hz = 0.0;
  std::uint64_t seed = 0;
  Time start;
  Time stop = Time::max();
};

// A constant current per channel; a projection from it adds weight × amplitude to the target neurons' bias.
struct CurrentSourceParams {
  PerNeuron amplitude = 0.0;
};

using NodeParams = std::variant<NeuronParams, SpikeSourceParams, PoissonSourceParams, CurrentSourceParams>;

struct Node {
  std::string name;
  std::size_t size = 0;  // neurons or channels
  NodeParams params;

  bool is_population() const { return std::holds_alternative<NeuronParams>(params); }
  const NeuronParams& neurons() const { return std::get<NeuronParams>(params); }
  std::string_view kind_name() const;  // "cuba_lif", "poisson", ...
};

struct Edge {
  std::string name;
  NodeId source = 0;
  NodeId target = 0;        // always a population
  std::size_t synapse = 0;  // index into the target's synapses; 0 for models whose input jumps v
  Synapses synapses;
};

class Graph {
 public:
  const std::vector<Node>& nodes() const { return nodes_; }
  const std::vector<Edge>& edges() const { return edges_; }
  const Node& node(NodeId id) const { return nodes_.at(id); }
  std::optional<NodeId> find(std::string_view name) const;

  std::size_t neuron_count() const;   // neurons in populations (sources excluded)
  std::size_t synapse_count() const;  // over all edges
  // Stable content hash of everything that determines a simulation (hex, 16 digits).
  std::string content_hash() const;

 private:
  friend class GraphBuilder;
  std::vector<Node> nodes_;
  std::vector<Edge> edges_;
};

class GraphBuilder {
 public:
  NodeId add_node(Node node);
  void add_edge(Edge edge);
  std::optional<NodeId> find(std::string_view name) const;
  const Node& node(NodeId id) const { return graph_.nodes_.at(id); }

  // Checks every invariant (unique names, sizes, parameter ranges and shapes, synapse indices, delays, edge
  // endpoints) and returns the immutable graph; throws ValidationError naming the node or edge at fault.
  Graph build() &&;

 private:
  Graph graph_;
};

}  // namespace reef::core
