// Recording of source-driven step-engine runs.
#include "step_recorder.hpp"

#include <algorithm>
#include <cmath>

#include "record_request_checks.hpp"

namespace reef::sim {

namespace {

std::string list_names(const StepCore& core, bool populations) {
  std::string names;
  for (const Slot& slot : core.slots) {
    if (slot.role != (populations ? SlotRole::neurons : SlotRole::source)) continue;
    names += (names.empty() ? "" : ", ") + slot.name;
  }
  return names.empty() ? "none" : names;
}

}  // namespace

StepRecorder::StepRecorder(const core::RecordRequest& request, const StepCore& core, double dt_s)
    : dt_s_(dt_s), spike_counts_(core.groups.size(), 0), train_of_slot_(core.slots.size(), SIZE_MAX) {
  const auto find = [&](const std::string& name, bool population_only) {
    for (std::size_t s = 0; s < core.slots.size(); ++s) {
      const Slot& slot = core.slots[s];
      const bool spiking = slot.role == SlotRole::neurons || (!population_only && slot.role == SlotRole::source);
      if (spiking && slot.name == name) return s;
    }
    return SIZE_MAX;
  };
  std::vector<std::size_t> wanted;
  if (request.all_spikes) {
    for (std::size_t s = 0; s < core.slots.size(); ++s)
      if (core.slots[s].role == SlotRole::neurons) wanted.push_back(s);
  } else {
    for (const std::string& name : request.spike_populations) {
      const std::size_t s = find(name, false);
      if (s == SIZE_MAX) throw_unknown_spike_target(name, list_names(core, true), list_names(core, false));
      wanted.push_back(s);
    }
  }
  for (std::size_t s : wanted) {
    if (train_of_slot_[s] != SIZE_MAX) continue;
    train_of_slot_[s] = recording_.spikes.size();
    recording_.spikes.push_back({core.slots[s].name, {}, {}});
  }

  for (const core::StateProbeRequest& probe : request.state) {
    const std::size_t s = find(probe.population, true);
    if (s == SIZE_MAX) throw_unknown_population(probe.population, list_names(core, true));
    const NeuronGroup& group = core.groups[core.slots[s].index];
    const ResolvedProbe resolved = resolve_state_probe(probe, group.name(), group.size(), group.synapse_names());
    const std::size_t interval =
        std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(probe.interval.seconds() / dt_s)));
    for (std::size_t v = 0; v < probe.variables.size(); ++v) {
      core::StateTrace trace;
      trace.population = group.name();
      trace.variable = probe.variables[v];
      trace.neurons = resolved.neurons;
      probes_.push_back({core.slots[s].index, resolved.variables[v], interval, recording_.state.size()});
      recording_.state.push_back(std::move(trace));
    }
  }
}

void StepRecorder::sample(std::size_t t, const StepCore& core) {
  for (const Probe& probe : probes_) {
    if (t % probe.interval != 0) continue;
    const NeuronGroup& group = core.groups[probe.group];
    core::StateTrace& trace = recording_.state[probe.trace];
    trace.times_s.push_back(static_cast<double>(t) * dt_s_);
    const double* values = probe.variable < 0 ? group.v(0) : group.current(static_cast<std::size_t>(probe.variable), 0);
    for (std::uint32_t j : trace.neurons) trace.values.push_back(values[j]);
  }
}

void StepRecorder::spikes(std::size_t t, const StepCore& core) {
  const double time = static_cast<double>(t) * dt_s_;
  for (std::size_t s = 0; s < core.slots.size(); ++s) {
    const Slot& slot = core.slots[s];
    if (slot.role != SlotRole::neurons && slot.role != SlotRole::source) continue;
    const auto& fired = core.fired[s];
    if (slot.role == SlotRole::neurons)
      for (const StepSpike& spike : fired) spike_counts_[slot.index] += spike.count;
    if (train_of_slot_[s] == SIZE_MAX) continue;
    core::SpikeTrain& train = recording_.spikes[train_of_slot_[s]];
    for (const StepSpike& spike : fired)
      for (std::uint32_t c = 0; c < spike.count; ++c) {
        train.times_s.push_back(time);
        train.neurons.push_back(spike.neuron);
      }
  }
}

}  // namespace reef::sim
