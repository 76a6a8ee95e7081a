// hw::ChipTopology: how a core::Graph reads as a Xylo-family network — inputs → weights → hidden CubaLIF layers (with
// recurrent and hidden→hidden weights, residual paths as aliases) → weights → CubaLIF readout → outputs. The
// quantizer and the mapper both start here; every structural design rule is checked once, in analyze_topology().
#pragma once
#include <cstddef>
#include <vector>
#include "reef/core/graph.hpp"
#include "reef/hw/chip_spec.hpp"

namespace reef::hw {

// A neuron population (CubaLIF, or LIF treated as CubaLIF with a zero-length synapse is refused: see docs/xylo.md).
struct NeuronLayer {
  core::NodeId node = 0;
  std::size_t size = 0;
  std::size_t synapses = 1;  // synaptic currents per neuron used by the graph (1 or 2)
  bool recurrent = false;    // has a weight node from itself to itself
};

// One weight node (Affine/Linear) between two layers. `from_hidden`/`to_hidden` index ChipTopology::hidden;
// `from_input` means the graph input; `to_output` means the readout layer.
struct WeightLink {
  core::NodeId node = 0;      // the Affine/Linear node
  bool from_input = false;
  std::size_t from_hidden = 0;
  bool to_output = false;
  std::size_t to_hidden = 0;
  std::size_t synapse = 0;    // the synaptic current the weights drive
};

// A residual path: every event of hidden layer `source` is also an event of hidden layer `target` (same size).
struct AliasLink {
  std::size_t source = 0;
  std::size_t target = 0;
};

struct ChipTopology {
  core::NodeId input = 0;             // the Input node
  std::size_t n_inputs = 0;
  std::vector<NeuronLayer> hidden;    // in the order hardware ids are given (network order)
  NeuronLayer readout;                // the layer driving the Output node
  core::NodeId output = 0;            // the Output node
  std::vector<WeightLink> weights;    // in graph node order
  std::vector<AliasLink> aliases;
  std::size_t hidden_neurons() const;  // sum of hidden layer sizes
};

// Analyses `graph` (uses Boost.Graph for reachability, cycles and ordering). Throws MappingError naming the rule, the
// node, what it needs and what `chip` offers: unsupported node type or topology, input/output not through weights,
// consecutive weights, recurrent readout, too few neuron layers, too many inputs/hidden/outputs, too many synapses
// per neuron, mixed neuron models. Resource limits that need weights (fan-in, fan-out, memory) are the mapper's.
ChipTopology analyze_topology(const core::Graph& graph, const ChipSpec& chip);

}  // namespace reef::hw
