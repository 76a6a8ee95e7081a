// What a source-driven step-engine run (RunOptions) records, in the event engine's form: spike trains with times on
// the grid (step t at t·dt), spike counts per population, and state samples taken at the start of a step.
// Names are resolved up front; an unknown one is a ValidationError that lists what exists.
#pragma once

#include <cstdint>
#include <vector>

#include "reef/core/recording.hpp"
#include "step_core.hpp"

namespace reef::sim {

class StepRecorder {
 public:
  StepRecorder(const core::RecordRequest& request, const StepCore& core, double dt_s);

  // State samples due at step t (before it runs).
  void sample(std::size_t t, const StepCore& core);
  // Spikes of step t (after it ran).
  void spikes(std::size_t t, const StepCore& core);

  const std::vector<std::uint64_t>& spike_counts() const { return spike_counts_; }  // per group
  core::Recording take_recording() { return std::move(recording_); }

 private:
  struct Probe {
    std::size_t group;
    int variable;  // -1: v; k >= 0: synaptic current k
    std::size_t interval;
    std::size_t trace;
  };

  double dt_s_;
  core::Recording recording_;
  std::vector<std::uint64_t> spike_counts_;
  std::vector<std::size_t> train_of_slot_;  // index into recording_.spikes, or SIZE_MAX
  std::vector<Probe> probes_;
};

}  // namespace reef::sim
