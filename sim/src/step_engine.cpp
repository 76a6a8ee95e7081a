// sim::StepEngine: profile defaults, input checks and the two run loops (dense inputs; own sources for a duration).
#include "reef/sim/step_engine.hpp"

#include <chrono>
#include <cmath>

#include "reef/core/error.hpp"
#include "step_core.hpp"
#include "step_recorder.hpp"

namespace reef::sim {

namespace {

StepOptions resolve(StepOptions options) {
  if (!(options.dt_s > 0.0) || !std::isfinite(options.dt_s))
    throw ValidationError("step engine: dt must be a positive number of seconds (or steps), got " +
                          std::to_string(options.dt_s));
  if (options.max_spikes_per_dt < 1) throw ValidationError("step engine: max_spikes_per_dt must be at least 1");
  const bool synsense = options.profile == StepProfile::rockpool || options.profile == StepProfile::sinabs;
  if (!options.reset) options.reset = synsense ? ResetRule::subtract : ResetRule::as_graph;
  if (!options.spike_rule) options.spike_rule = synsense ? SpikeRule::multi : SpikeRule::single;
  if (!options.recurrent_bias_at_t0) options.recurrent_bias_at_t0 = options.profile == StepProfile::snntorch;
  return options;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

std::string_view to_string(StepProfile profile) {
  switch (profile) {
    case StepProfile::exact: return "exact";
    case StepProfile::euler: return "euler";
    case StepProfile::snntorch: return "snntorch";
    case StepProfile::rockpool: return "rockpool";
    case StepProfile::sinabs: return "sinabs";
  }
  return "unknown";
}

std::string_view to_string(SpikeRule rule) { return rule == SpikeRule::single ? "single" : "multi"; }

std::optional<StepProfile> parse_step_profile(std::string_view text) {
  if (text == "exact") return StepProfile::exact;
  if (text == "euler" || text == "norse") return StepProfile::euler;
  if (text == "snntorch") return StepProfile::snntorch;
  if (text == "rockpool") return StepProfile::rockpool;
  if (text == "sinabs") return StepProfile::sinabs;
  return std::nullopt;
}

struct StepEngine::Impl {
  StepOptions options;
  StepCore core;
  Impl(const core::Graph& graph, const StepOptions& resolved) : options(resolved), core(graph, resolved) {}
};

StepEngine::StepEngine(const core::Graph& graph, const StepOptions& options)
    : impl_(std::make_unique<Impl>(graph, resolve(options))) {}

StepEngine::~StepEngine() = default;

const StepOptions& StepEngine::options() const { return impl_->options; }

std::vector<std::string> StepEngine::input_nodes() const {
  std::vector<std::string> names;
  for (std::size_t s : impl_->core.input_slots) names.push_back(impl_->core.slots[s].name);
  return names;
}

core::Shape StepEngine::input_shape(std::string_view input_node) const {
  for (std::size_t s : impl_->core.input_slots)
    if (impl_->core.slots[s].name == input_node) return {impl_->core.slots[s].size};
  throw ValidationError("no Input node named '" + std::string(input_node) + "'");
}

StepRun StepEngine::run(const std::vector<StepInput>& inputs, const StepRecordRequest& record) {
  StepCore& core = impl_->core;
  const std::size_t input_count = core.input_slots.size();
  if (input_count == 0) throw ValidationError("the graph has no Input node to take dense input");
  std::vector<const StepInput*> by_slot(input_count, nullptr);
  for (const StepInput& input : inputs) {
    std::size_t i = 0;
    while (i < input_count && core.slots[core.input_slots[i]].name != input.node) ++i;
    if (i == input_count) {
      std::string names;
      for (std::size_t s : core.input_slots) names += (names.empty() ? "" : ", ") + core.slots[s].name;
      throw ValidationError("input for '" + input.node + "': the graph has no Input node of that name (Input nodes: " +
                            names + ")");
    }
    if (by_slot[i]) throw ValidationError("input for '" + input.node + "' is given twice");
    by_slot[i] = &input;
  }
  const StepInput* first = nullptr;
  for (std::size_t i = 0; i < input_count; ++i) {
    const Slot& slot = core.slots[core.input_slots[i]];
    const StepInput* input = by_slot[i];
    if (!input) throw ValidationError("Input node '" + slot.name + "' has no input array");
    if (input->values.size() != input->batch * input->steps * slot.size)
      throw ValidationError("input for '" + slot.name + "': " + std::to_string(input->values.size()) +
                            " values are not batch " + std::to_string(input->batch) + " x steps " +
                            std::to_string(input->steps) + " x " + std::to_string(slot.size) +
                            " elements (the node's size)");
    if (first && (input->batch != first->batch || input->steps != first->steps))
      throw ValidationError("inputs for '" + first->node + "' and '" + input->node +
                            "' differ in batch or number of steps");
    if (!first) first = input;
  }
  const std::size_t batch = first->batch;
  const std::size_t steps = first->steps;
  if (batch == 0) throw ValidationError("input for '" + first->node + "': the batch is empty");

  // Resolve what to record.
  StepRun run;
  run.batch = batch;
  run.steps = steps;
  std::vector<std::pair<std::size_t, bool>> traces;  // (slot, v instead of output)
  const auto find_group_slot = [&](const std::string& name) {
    for (std::size_t s = 0; s < core.slots.size(); ++s)
      if (core.slots[s].role == SlotRole::neurons && core.slots[s].name == name) return s;
    throw ValidationError("record: no neuron node named '" + name + "'");
  };
  for (std::size_t s = 0; s < core.slots.size(); ++s) {
    const Slot& slot = core.slots[s];
    const bool spiking = slot.role == SlotRole::neurons && core.groups[slot.index].spikes();
    if ((record.all_spikes && spiking) || (record.outputs && slot.is_output)) traces.emplace_back(s, false);
  }
  if (!record.all_spikes)
    for (const std::string& name : record.spike_nodes) traces.emplace_back(find_group_slot(name), false);
  for (const std::string& name : record.v_nodes) traces.emplace_back(find_group_slot(name), true);
  for (const auto& [s, is_v] : traces) {
    const Slot& slot = core.slots[s];
    const bool spiking = slot.role == SlotRole::neurons && core.groups[slot.index].spikes();
    run.recording.grid.push_back({slot.name, is_v ? "v" : (spiking ? "spikes" : (slot.is_output ? "output" : "v")),
                                  batch, steps, slot.size, impl_->options.dt_s,
                                  std::vector<double>(batch * steps * slot.size)});
  }

  std::vector<const double*> rows(input_count);
  std::vector<std::size_t> stride(input_count);
  for (std::size_t i = 0; i < input_count; ++i) stride[i] = steps * core.slots[core.input_slots[i]].size;
  core.start(batch);
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t t = 0; t < steps; ++t) {
    for (std::size_t i = 0; i < input_count; ++i)
      rows[i] = by_slot[i]->values.data() + t * core.slots[core.input_slots[i]].size;
    core.step(t, rows, stride);
    for (std::size_t r = 0; r < traces.size(); ++r) {
      const auto [s, is_v] = traces[r];
      core::GridTrace& trace = run.recording.grid[r];
      for (std::size_t b = 0; b < batch; ++b) {
        const double* from = is_v ? core.groups[core.slots[s].index].v(b) : core.out[s].data() + b * trace.elements;
        std::copy_n(from, trace.elements, trace.values.begin() + (b * steps + t) * trace.elements);
      }
    }
  }
  run.wall_seconds = seconds_since(start);
  return run;
}

RunResult StepEngine::run(const RunOptions& options) {
  StepCore& core = impl_->core;
  const double dt = impl_->options.dt_s;
  if (!options.signals.empty())
    throw ValidationError("the step engine takes Input node data as dense arrays (StepEngine::run with StepInput)");
  const std::size_t steps = static_cast<std::size_t>(std::llround(options.duration.seconds() / dt));
  StepRecorder recorder(options.record, core, dt);
  const std::vector<const double*> rows(core.input_slots.size(), nullptr);
  const std::vector<std::size_t> stride(core.input_slots.size(), 0);
  core.start(1);
  const std::size_t progress_every = std::max<std::size_t>(1, steps / 100);
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t t = 0; t < steps; ++t) {
    recorder.sample(t, core);
    core.step(t, rows, stride);
    recorder.spikes(t, core);
    if (options.progress && t % progress_every == 0)
      options.progress(static_cast<double>(t) / static_cast<double>(steps));
  }
  RunResult result;
  result.wall_seconds = seconds_since(start);
  if (options.progress) options.progress(1.0);
  result.synaptic_events = core.synaptic_events;
  result.external_events = core.external_events;
  for (const NeuronGroup& group : core.groups) {
    const std::uint64_t spikes = recorder.spike_counts()[result.populations.size()];
    const double seconds = static_cast<double>(steps) * dt;
    result.populations.push_back({group.name(), group.size(), spikes,
                                  seconds > 0.0 && group.size() > 0
                                      ? static_cast<double>(spikes) / (seconds * static_cast<double>(group.size()))
                                      : 0.0});
  }
  result.recording = recorder.take_recording();
  return result;
}

}  // namespace reef::sim
