// What a run records and what it produced: spikes of chosen populations and sampled state of chosen neurons.
// Plain data shared by the engines (which fill it) and the writers in reef_io (which store it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "reef/core/time.hpp"

namespace reef::core {

struct StateProbeRequest {
  std::string population;
  std::vector<std::uint32_t> neurons;  // empty: every neuron
  std::vector<std::string> variables;  // "v", or a synapse name / "i_syn<k>" for a synaptic current
  Time interval = Time::from_ns(100'000);
};

struct RecordRequest {
  bool all_spikes = true;                      // record spikes of every population
  std::vector<std::string> spike_populations;  // used when all_spikes is false
  std::vector<StateProbeRequest> state;
};

// Times are float64 seconds, not core::Time: the event engine places spikes far more finely than 1 ns.
struct SpikeTrain {
  std::string population;
  std::vector<double> times_s;         // non-decreasing
  std::vector<std::uint32_t> neurons;  // same length as times_s
};

struct StateTrace {
  std::string population;
  std::string variable;
  std::string unit;                     // as documented for the model ("" when user-defined)
  std::vector<std::uint32_t> neurons;
  std::vector<double> times_s;          // sample times in seconds
  std::vector<double> values;           // row-major [times][neurons]
};

// A quantity of one node on a fixed time grid (the step engine), row-major [batch][steps][elements]: spike counts
// (variable "spikes"), the signal reaching an Output node ("output") or a state variable ("v").
struct GridTrace {
  std::string node;
  std::string variable;
  std::size_t batch = 1;
  std::size_t steps = 0;
  std::size_t elements = 0;
  double dt_s = 0.0;
  std::vector<double> values;
};

struct Recording {
  std::vector<SpikeTrain> spikes;
  std::vector<StateTrace> state;
  std::vector<GridTrace> grid;
  std::map<std::string, std::string> metadata;  // network_hash, seed, reef_version, duration_s, engine, ...
};

}  // namespace reef::core
