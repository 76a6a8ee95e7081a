// sim::EventEngine: exact event-driven simulation of a core::Graph.
// A priority queue ordered by (time, sequence) holds spike deliveries and per-neuron threshold-crossing predictions;
// between events every neuron follows the closed-form solution of its linear ODEs, so there is no time grid.
// Contract: the graph is lowered once in the constructor (the engine keeps no reference to it); run() may be called
// once per engine; the same graph and seed give bit-identical results. Not thread-safe.
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

struct RunOptions {
  core::Time duration = core::Time::from_ns(1'000'000'000);
  core::RecordRequest record;
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
  explicit EventEngine(const core::Graph& graph);
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
