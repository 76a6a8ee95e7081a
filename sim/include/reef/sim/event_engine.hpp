// sim::EventEngine: exact event-driven simulation of a core::Graph.
// A priority queue ordered by (time, sequence) holds spike deliveries and per-neuron threshold-crossing predictions;
// between events every neuron follows the closed-form solution of its linear ODEs, so there is no time grid.
// Contract: the graph is lowered once in the constructor (the engine keeps no reference to it); run() may be called
// once per engine; the same graph and seed give bit-identical results. Not thread-safe.
//
// NIR graphs (Input, Affine/Linear/Scale and neuron nodes linked by Connections) run exactly when every signal that
// reaches a neuron is piecewise constant or a spike train (docs/event-engine.md "NIR graphs"):
//   - an Input node plays a SignalInput: x(t) held over each step, entering neurons through at most one
//     Affine/Linear/Scale node as NIR's continuous current (LIF: tau dv/dt = (v_leak − v) + r·(W x + b); CubaLIF:
//     tau_syn dI/dt = −I + w_in·(W x + b)); a change of x is an event for the neurons it reaches;
//   - a spike of a neuron node reaching another neuron (directly or through one Affine/Linear/Scale) is a Dirac
//     impulse of area 1: v jumps by r·w/tau (LIF, LI), r·w (IF, I); I jumps by w_in·w/tau_syn (CubaLIF);
//   - an Affine bias is a constant input from t = 0.
// Anything else (Conv, pooling, Flatten, Threshold, Delay, chained linear nodes, a non-spiking neuron feeding
// another node) is rejected with a ValidationError naming the node and suggesting the step engine.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "reef/core/graph.hpp"
#include "reef/core/recording.hpp"
#include "reef/core/time.hpp"

namespace reef::sim {

// The signal of one NIR Input node: x(t) = values[k] over [k·dt, (k+1)·dt) for k < steps, and 0 from steps·dt on.
struct SignalInput {
  std::string node;            // the Input node's name
  core::Time dt;               // > 0
  std::vector<double> values;  // row-major [steps][channels]; channels = the node's size
};

// How spiking neurons reset after a spike, for models whose file cannot say (NIR files before 1.0.6).
enum class ResetRule {
  as_graph,    // each node's own reset mode and v_reset
  subtract,    // v ← v − (v_th − v_reset)
  to_v_reset,  // v ← v_reset
  zero,        // v ← 0
};

struct EngineOptions {
  ResetRule reset = ResetRule::as_graph;
};

struct RunOptions {
  core::Time duration = core::Time::from_ns(1'000'000'000);
  core::RecordRequest record;
  // One per NIR Input node that receives data; an Input node without one receives 0. A name that is not an Input
  // node, a repeated name, or values that are not a whole number of rows is a ValidationError.
  std::vector<SignalInput> signals;
  // Called now and then with the fraction of biological time done (0..1); never called when empty.
  std::function<void(double fraction)> progress;
};

struct PopulationStats {
  std::string name;
  std::size_t size = 0;
  std::uint64_t spikes = 0;
  double mean_rate_hz = 0.0;
};

struct RunResult {
  core::Recording recording;
  std::vector<PopulationStats> populations;
  std::uint64_t synaptic_events = 0;   // deliveries of a population's spike to one synapse
  std::uint64_t external_events = 0;   // deliveries from input sources (spike generators, Poisson)
  double wall_seconds = 0.0;           // the simulation loop only (lowering excluded)
};

class EventEngine {
 public:
  // Throws ValidationError when a node cannot be simulated exactly (a reason is given).
  explicit EventEngine(const core::Graph& graph, const EngineOptions& options = {});
  ~EventEngine();
  EventEngine(const EventEngine&) = delete;
  EventEngine& operator=(const EventEngine&) = delete;

  RunResult run(const RunOptions& options);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Bytes the event engine needs for `graph` (synapses, neuron state, queues), for `reef inspect`.
std::size_t estimate_event_engine_memory(const core::Graph& graph);

}  // namespace reef::sim
