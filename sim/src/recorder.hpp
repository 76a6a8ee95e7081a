// What the event engine records during a run: spike counts of every population, spike trains of the requested
// populations and sources, and state samples (v or a synaptic current) of requested neurons at fixed intervals.
// Names in the request are resolved up front; an unknown one is a ValidationError that lists what exists.
#pragma once

#include <cstdint>
#include <vector>

#include "engine_clock.hpp"
#include "input_source.hpp"
#include "population.hpp"
#include "reef/core/recording.hpp"

namespace reef::sim {

class Recorder {
 public:
  Recorder(const core::RecordRequest& request, const std::vector<Population>& populations,
           const std::vector<InputSource>& sources, Tick end);

  void population_spike(std::uint32_t population, std::uint32_t neuron, Tick t) {
    ++spike_counts_[population];
    if (core::SpikeTrain* train = population_trains_[population]) {
      train->times_s.push_back(tick_seconds(t));
      train->neurons.push_back(neuron);
    }
  }
  void source_spike(std::uint32_t source, std::uint32_t channel, Tick t) {
    if (core::SpikeTrain* train = source_trains_[source]) {
      train->times_s.push_back(tick_seconds(t));
      train->neurons.push_back(channel);
    }
  }

  // The next tick at which a state sample is due (kNoTick when none).
  Tick next_sample() const { return next_sample_; }
  // Takes every sample due at next_sample(): the state just before events at that tick.
  void sample(std::vector<Population>& populations, Tick origin);

  const std::vector<std::uint64_t>& spike_counts() const { return spike_counts_; }
  core::Recording take_recording() { return std::move(recording_); }

 private:
  struct Probe {
    std::uint32_t population;
    int variable;  // -1: v; k >= 0: synaptic current k
    Tick interval;
    Tick next;
    std::size_t trace;  // index into recording_.state
  };
  void update_next_sample();

  core::Recording recording_;
  std::vector<std::uint64_t> spike_counts_;
  std::vector<core::SpikeTrain*> population_trains_;
  std::vector<core::SpikeTrain*> source_trains_;
  std::vector<Probe> probes_;
  Tick end_;
  Tick next_sample_ = kNoTick;
};

}  // namespace reef::sim
