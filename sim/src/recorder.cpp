// Resolving a record request against the lowered network, and taking state samples.
#include "recorder.hpp"

#include <algorithm>

#include "record_request_checks.hpp"

namespace reef::sim {

namespace {

template <typename Named>
std::string list_names(const std::vector<Named>& items) {
  std::string names;
  for (const auto& item : items) names += (names.empty() ? "" : ", ") + item.name();
  return names.empty() ? "none" : names;
}

}  // namespace

Recorder::Recorder(const core::RecordRequest& request, const std::vector<Population>& populations,
                   const std::vector<InputSource>& sources, Tick end)
    : spike_counts_(populations.size(), 0),
      population_trains_(populations.size(), nullptr),
      source_trains_(sources.size(), nullptr),
      end_(end) {
  auto find_population = [&](const std::string& name) -> std::uint32_t {
    for (std::uint32_t i = 0; i < populations.size(); ++i)
      if (populations[i].name() == name) return i;
    return UINT32_MAX;
  };
  // Spike trains: reserve every train first, so the pointers below stay valid.
  std::vector<std::pair<bool, std::uint32_t>> wanted;  // (is_population, index)
  if (request.all_spikes) {
    for (std::uint32_t i = 0; i < populations.size(); ++i) wanted.emplace_back(true, i);
  } else {
    for (const std::string& name : request.spike_populations) {
      if (const std::uint32_t p = find_population(name); p != UINT32_MAX) {
        wanted.emplace_back(true, p);
        continue;
      }
      const auto source = std::find_if(sources.begin(), sources.end(), [&](const auto& s) { return s.name() == name; });
      if (source == sources.end()) throw_unknown_spike_target(name, list_names(populations), list_names(sources));
      wanted.emplace_back(false, static_cast<std::uint32_t>(source - sources.begin()));
    }
  }
  recording_.spikes.reserve(wanted.size());
  for (const auto& [is_population, index] : wanted) {
    auto& slot = is_population ? population_trains_[index] : source_trains_[index];
    if (slot) continue;
    recording_.spikes.push_back({is_population ? populations[index].name() : sources[index].name(), {}, {}});
    slot = &recording_.spikes.back();
  }

  for (const core::StateProbeRequest& probe : request.state) {
    const std::uint32_t p = find_population(probe.population);
    if (p == UINT32_MAX) throw_unknown_population(probe.population, list_names(populations));
    const Population& pop = populations[p];
    const ResolvedProbe resolved = resolve_state_probe(probe, pop.name(), pop.size(), pop.synapse_names());
    for (std::size_t v = 0; v < probe.variables.size(); ++v) {
      core::StateTrace trace;
      trace.population = pop.name();
      trace.variable = probe.variables[v];
      trace.neurons = resolved.neurons;
      probes_.push_back({p, resolved.variables[v], to_ticks(probe.interval), 0, recording_.state.size()});
      recording_.state.push_back(std::move(trace));
    }
  }
  update_next_sample();
}

void Recorder::update_next_sample() {
  next_sample_ = kNoTick;
  for (const Probe& probe : probes_)
    if (probe.next < end_) next_sample_ = std::min(next_sample_, probe.next);
}

void Recorder::sample(std::vector<Population>& populations, Tick origin) {
  const Tick now = next_sample_;
  for (Probe& probe : probes_) {
    if (probe.next != now) continue;
    Population& pop = populations[probe.population];
    core::StateTrace& trace = recording_.state[probe.trace];
    trace.times_s.push_back(tick_seconds(now));
    for (std::uint32_t j : trace.neurons) {
      const Factors& f = pop.factors(j, now, origin);
      double value = 0.0;
      if (probe.variable >= 0) value = pop.current(j, static_cast<std::size_t>(probe.variable), f);
      else value = pop.record(j).pending == Pending::refractory_end ? pop.held_voltage(j) : pop.voltage(j, f);
      trace.values.push_back(value);
    }
    probe.next += probe.interval;
  }
  update_next_sample();
}

}  // namespace reef::sim
