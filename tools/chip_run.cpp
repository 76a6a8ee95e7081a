// Batch runs of a chip image on XyloSim and their recordings (chip_run.hpp).
#include "chip_run.hpp"

#include <chrono>
#include <cmath>

#include "reef/core/error.hpp"

namespace reef::cli {
namespace {

// Appends columns [first, first + count) of `values` ([steps][width]) to `trace`.
template <typename Value>
void append_columns(core::GridTrace& trace, const std::vector<Value>& values, std::size_t width, std::size_t first,
                    std::size_t count, std::size_t steps) {
  for (std::size_t t = 0; t < steps; ++t)
    for (std::size_t i = 0; i < count; ++i) trace.values.push_back(static_cast<double>(values[t * width + first + i]));
}

// One trace per (group, variable) over the batch; `pick` returns the sample's [steps][width] array.
template <typename Pick>
core::GridTrace group_trace(const hw::NeuronGroup& group, const std::string& variable, const hw::ChipImage& image,
                            const ChipBatchRun& run, std::size_t width, Pick pick) {
  core::GridTrace trace{group.node, variable, run.batch, run.steps, group.count, image.dt_s, {}};
  trace.values.reserve(run.batch * run.steps * group.count);
  for (const hw::ChipSimRun& sample : run.samples)
    append_columns(trace, pick(sample), width, group.first, group.count, run.steps);
  return trace;
}

std::string group_node(const hw::ChipImage& image, hw::NeuronGroup::Kind kind, const std::string& what) {
  for (const hw::NeuronGroup& group : image.groups)
    if (group.kind == kind) return group.node;
  throw ValidationError("the chip image for " + image.chip + " names no " + what +
                        " node in its groups: map the model again with reef map");
}

}  // namespace

ChipInput chip_input_from(const sim::StepInput& input, const std::string& path) {
  if (input.steps == 0) throw ValidationError("--input '" + path + "' has no time steps");
  ChipInput chip{input.batch, input.steps, {}};
  chip.counts.reserve(input.values.size());
  const std::size_t channels = input.values.size() / std::max<std::size_t>(1, input.batch * input.steps);
  for (std::size_t i = 0; i < input.values.size(); ++i) {
    const double value = input.values[i];
    if (!(value >= 0.0 && value <= 65535.0 && std::floor(value) == value)) {
      const std::size_t channel = i % channels;
      const std::size_t step = i / channels % input.steps;
      const std::size_t sample = i / channels / input.steps;
      throw ValidationError("--input '" + path + "': value " + std::to_string(value) + " at sample " +
                            std::to_string(sample) + ", step " + std::to_string(step) + ", channel " +
                            std::to_string(channel) +
                            " is not an event count; the chip takes whole numbers 0..65535 per channel and step");
    }
    chip.counts.push_back(static_cast<std::uint16_t>(value));
  }
  return chip;
}

std::string chip_input_node(const hw::ChipImage& image) {
  return group_node(image, hw::NeuronGroup::Kind::input, "input");
}

std::string chip_output_node(const hw::ChipImage& image) {
  return group_node(image, hw::NeuronGroup::Kind::output, "output");
}

ChipBatchRun run_chip(const hw::ChipImage& image, const hw::ChipSpec& chip, const ChipInput& input,
                      const hw::ChipSimRecordRequest& record) {
  hw::XyloSim sim(image, chip);
  ChipBatchRun run{input.batch, input.steps, {}, 0, 0.0};
  const std::size_t per_sample = input.steps * image.n_inputs;
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t b = 0; b < input.batch; ++b) {
    sim.reset();
    run.samples.push_back(
        sim.evolve(std::span(input.counts).subspan(b * per_sample, per_sample), input.steps, record));
    run.clipped_input_events += run.samples.back().clipped_input_events;
  }
  run.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

core::Recording chip_recording(const hw::ChipImage& image, const ChipBatchRun& run) {
  core::Recording recording;
  const bool hidden_spikes = !run.samples.empty() && !run.samples.front().hidden_spikes.empty();
  const bool states = !run.samples.empty() && !run.samples.front().vmem.empty();
  for (const hw::NeuronGroup& group : image.groups) {
    const std::size_t width = group.kind == hw::NeuronGroup::Kind::output ? image.n_outputs : image.n_hidden;
    const auto add = [&](const std::string& variable, auto pick) {
      recording.grid.push_back(group_trace(group, variable, image, run, width, pick));
    };
    if (group.kind == hw::NeuronGroup::Kind::output) {
      add("spikes", [](const hw::ChipSimRun& s) -> const auto& { return s.output_spikes; });
      if (states) {
        add("vmem", [](const hw::ChipSimRun& s) -> const auto& { return s.vmem_out; });
        add("isyn", [](const hw::ChipSimRun& s) -> const auto& { return s.isyn_out; });
      }
    } else if (group.kind == hw::NeuronGroup::Kind::hidden) {
      if (hidden_spikes) add("spikes", [](const hw::ChipSimRun& s) -> const auto& { return s.hidden_spikes; });
      if (states) {
        add("vmem", [](const hw::ChipSimRun& s) -> const auto& { return s.vmem; });
        add("isyn", [](const hw::ChipSimRun& s) -> const auto& { return s.isyn; });
        if (image.synapses == 2) add("isyn2", [](const hw::ChipSimRun& s) -> const auto& { return s.isyn2; });
      }
    }
  }
  return recording;
}

ClassChoice predicted_class(std::span<const double> counts) {
  ClassChoice choice;
  for (std::size_t i = 1; i < counts.size(); ++i) {
    if (counts[i] > counts[choice.label]) {
      choice = {i, false};
    } else if (counts[i] == counts[choice.label]) {
      choice.tied = true;
    }
  }
  return choice;
}

std::vector<double> spike_counts(const core::GridTrace& trace) {
  std::vector<double> counts(trace.batch * trace.elements, 0.0);
  for (std::size_t b = 0; b < trace.batch; ++b)
    for (std::size_t t = 0; t < trace.steps; ++t)
      for (std::size_t i = 0; i < trace.elements; ++i)
        counts[b * trace.elements + i] += trace.values[(b * trace.steps + t) * trace.elements + i];
  return counts;
}

}  // namespace reef::cli
