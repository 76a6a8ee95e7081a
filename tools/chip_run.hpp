// Running a chip image on hw::XyloSim from the command line (`reef chipsim`, `reef compare`): event counts from an
// input array, a batch of samples each started from reset, the run as a recording named by graph node like
// `reef sim` writes it, and the predicted class of a readout.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "reef/core/recording.hpp"
#include "reef/hw/chip_image.hpp"
#include "reef/hw/chip_spec.hpp"
#include "reef/hw/xylo_sim.hpp"
#include "reef/sim/step_engine.hpp"

namespace reef::cli {

// Input events per sample, step and channel: [batch][steps][channels].
struct ChipInput {
  std::size_t batch = 1;
  std::size_t steps = 0;
  std::vector<std::uint16_t> counts;
};

// The step input as event counts; ValidationError naming `path`, the sample, step and channel of the first value
// that is not a count (a negative, fractional or larger than 65535 value).
ChipInput chip_input_from(const sim::StepInput& input, const std::string& path);
// The Input group's node name of `image` (the graph's Input node), for messages and the step-input shape.
std::string chip_input_node(const hw::ChipImage& image);

struct ChipBatchRun {
  std::size_t batch = 0;
  std::size_t steps = 0;
  std::vector<hw::ChipSimRun> samples;  // one per sample, each run from reset
  std::size_t clipped_input_events = 0;
  double wall_seconds = 0.0;
};

ChipBatchRun run_chip(const hw::ChipImage& image, const hw::ChipSpec& chip, const ChipInput& input,
                      const hw::ChipSimRecordRequest& record);

// Grid traces [batch][steps][neurons] named by the graph node each group came from: "spikes" of the readout and of
// every hidden node (when recorded), and "vmem", "isyn", "isyn2" of hidden nodes, "vmem", "isyn" of the readout
// when states were recorded.
core::Recording chip_recording(const hw::ChipImage& image, const ChipBatchRun& run);

// The readout node's name (the output group's node).
std::string chip_output_node(const hw::ChipImage& image);

// argmax of per-neuron spike counts; a tie goes to the lowest id.
struct ClassChoice {
  std::size_t label = 0;
  bool tied = false;  // another neuron had as many spikes
};
ClassChoice predicted_class(std::span<const double> counts);

// Spike counts per sample and neuron [batch][elements] of a grid trace (summed over its steps).
std::vector<double> spike_counts(const core::GridTrace& trace);

}  // namespace reef::cli
