// The lowered step-engine network shared by the engine's two run modes: nodes in evaluation order with their
// summed fan-in, the neuron groups, layers, sources and projections, and the per-step buffers (allocated in start(),
// never during steps).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "reef/core/graph.hpp"
#include "reef/sim/step_engine.hpp"
#include "step_layers.hpp"
#include "step_network.hpp"
#include "step_neurons.hpp"

namespace reef::sim {

enum class SlotRole { input, layer, neurons, source };

// One node in evaluation order.
struct Slot {
  core::NodeId id = 0;
  std::string name;
  SlotRole role = SlotRole::layer;
  std::size_t index = 0;    // into inputs / layers / groups / sources of its role
  std::size_t size = 0;     // output elements
  std::size_t in_size = 0;  // input elements
  std::vector<std::size_t> inputs;          // slots whose output of this step is summed
  std::vector<std::size_t> delayed_inputs;  // slots whose output of the previous step is summed
  // Neurons fed on several synaptic currents (rockpool profile): the synapse each input enters, parallel to inputs
  // and delayed_inputs, and their sum is one [batch][in_size] block per synapse. Empty: every input enters synapse 0.
  std::vector<std::size_t> input_synapses, delayed_input_synapses;
  bool feeds_back = false;                  // its previous output is read by a back edge
  std::vector<double> initial_previous;     // that output at t = 0 (one sample)
  bool is_output = false;                   // an Output node
};

struct StepCore {
  // Lowers `graph` (the options have every default resolved).
  StepCore(const core::Graph& graph, const StepOptions& options);

  // Sizes the buffers for `batch` samples and sets the initial state.
  void start(std::size_t batch);
  // Step t; `input_rows[i]` points at [batch] rows of input node i for this step, `input_stride` apart.
  void step(std::size_t t, const std::vector<const double*>& input_rows, const std::vector<std::size_t>& input_stride);

  std::vector<Slot> slots;
  std::vector<std::size_t> slot_of_node;  // NodeId → slot
  std::vector<std::size_t> input_slots;   // slots of Input nodes, in node order
  std::vector<StepLayer> layers;
  std::vector<NeuronGroup> groups;
  std::vector<StepSource> sources;
  std::vector<StepProjection> projections;
  std::vector<std::size_t> projection_source;  // slot whose spikes each projection carries
  std::vector<bool> projection_external;       // the source is an input source, not a population

  // Run state.
  std::size_t batch = 0;
  std::vector<std::vector<double>> out;       // per slot [batch][size]
  std::vector<std::vector<double>> previous;  // per feeding-back slot
  std::vector<std::vector<StepSpike>> fired;  // per slot: spikes of this step (groups and sources)
  std::vector<double> gathered;               // summed fan-in scratch
  std::vector<double> zeros;                  // input of layers nobody feeds
  std::uint64_t synaptic_events = 0;
  std::uint64_t external_events = 0;
};

}  // namespace reef::sim
