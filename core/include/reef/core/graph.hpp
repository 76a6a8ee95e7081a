// core::Graph: the one network description every front-end produces and every engine lowers.
// Nodes are neuron populations, input sources and NIR's layer nodes (layers.hpp). Two kinds of links:
//   Edge        a projection carrying synapses from a source or population to a population (spikes as impulses;
//               the YAML front-end's vocabulary);
//   Connection  NIR's identity edge: the source's output signal is the target's input; several into one are summed.
// A Graph is immutable: GraphBuilder collects nodes and links and build() validates them once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "reef/core/layers.hpp"
#include "reef/core/neuron.hpp"
#include "reef/core/synapses.hpp"
#include "reef/core/tensor.hpp"
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

using NodeParams = std::variant<NeuronParams, SpikeSourceParams, PoissonSourceParams, CurrentSourceParams,
                                InputParams, OutputParams, AffineParams, ScaleParams, ThresholdParams, DelayParams,
                                FlattenParams, ConvParams, PoolParams>;

struct Node {
  std::string name;
  std::size_t size = 0;  // neurons, channels or output elements: element_count(output_shape())
  NodeParams params;
  Shape shape;           // output shape; empty means (size)

  bool is_population() const { return std::holds_alternative<NeuronParams>(params); }
  const NeuronParams& neurons() const { return std::get<NeuronParams>(params); }
  std::string_view kind_name() const;  // "cuba_lif", "poisson", "affine", "conv2d", ...
  Shape output_shape() const { return shape.empty() ? Shape{size} : shape; }
};

// The shape a node takes in: from its parameters for Affine, Conv, Pool and Flatten, its own shape for element-wise
// nodes and neurons; empty for sources and Input nodes, which take no input.
Shape input_shape(const Node& node);

// NIR's identity edge (see the file comment).
// `synapse` picks which synaptic current of a neuron target the signal enters (Rockpool's several synapses per
// neuron, e.g. Xylo's two); it is 0 for every other target and for every NIR file.
struct Connection {
  NodeId source = 0;
  NodeId target = 0;
  std::size_t synapse = 0;
  bool operator==(const Connection&) const = default;
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
  const std::vector<Connection>& connections() const { return connections_; }
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
  std::vector<Connection> connections_;
};

class GraphBuilder {
 public:
  NodeId add_node(Node node);
  void add_edge(Edge edge);
  void add_connection(Connection connection);
  std::optional<NodeId> find(std::string_view name) const;
  const Node& node(NodeId id) const { return graph_.nodes_.at(id); }

  // Checks every invariant (unique names, sizes, parameter ranges and shapes, synapse indices, delays, edge and
  // connection endpoints and shapes) and returns the immutable graph; throws ValidationError naming the node,
  // edge or connection at fault.
  Graph build() &&;

 private:
  Graph graph_;
};

}  // namespace reef::core
