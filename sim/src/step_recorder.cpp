// Recording of source-driven step-engine runs.
#include "step_recorder.hpp"

#include <algorithm>
#include <cmath>

#include "reef/core/error.hpp"

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
      if (s == SIZE_MAX)
        throw ValidationError("record: nothing named '" + name + "' to record spikes from (populations: " +
                              list_names(core, true) + "; inputs: " + list_names(core, false) + ")");
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
    if (s == SIZE_MAX)
      throw ValidationError("record: no population named '" + probe.population + "' (populations: " +
                            list_names(core, true) + ")");
    const NeuronGroup& group = core.groups[core.slots[s].index];
    for (std::uint32_t j : probe.neurons)
      if (j >= group.size())
        throw ValidationError("record: neuron " + std::to_string(j) + " of '" + group.name() +
                              "' is out of range [0, " + std::to_string(group.size()) + ")");
    if (probe.interval.ns() <= 0) throw ValidationError("record: the sampling interval must be positive");
    std::vector<std::uint32_t> neurons = probe.neurons;
    if (neurons.empty())
      for (std::uint32_t j = 0; j < group.size(); ++j) neurons.push_back(j);
    const std::size_t interval =
        std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(probe.interval.seconds() / dt_s)));
    for (const std::string& variable : probe.variables) {
      int index = -2;
      if (variable == "v") index = -1;
      for (std::size_t k = 0; k < group.synapse_count(); ++k)
        if (variable == group.synapse_names()[k] || variable == "i_syn" + std::to_string(k))
          index = static_cast<int>(k);
      if (index == -2) {
        std::string known = "v";
        for (const std::string& name : group.synapse_names()) known += ", " + name;
        throw ValidationError("record: population '" + group.name() + "' has no variable '" + variable +
                              "' (it has " + known + ")");
      }
      core::StateTrace trace;
      trace.population = group.name();
      trace.variable = variable;
      trace.neurons = neurons;
      probes_.push_back({core.slots[s].index, index, interval, recording_.state.size()});
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
