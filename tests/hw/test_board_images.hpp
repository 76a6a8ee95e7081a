// Chip configurations for the board tests: a small Xylo Audio 2 image whose input 0 drives hidden neuron 0 and, from
// it, output 0 hard enough to spike, so a run of the emulated board has output events to compare.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "reef/hw/board_protocol.hpp"
#include "reef/hw/chip_image.hpp"
#include "reef/hw/chip_image_codec.hpp"
#include "reef/hw/chip_spec.hpp"
#include "reef/hw/xylo_sim.hpp"

namespace reef::test {

// `threshold` varies the image (and so its hash) without changing its shape.
inline hw::ChipImage board_test_image(std::int32_t threshold = 40) {
  hw::ChipImage image;
  image.chip = "xylo-audio2";
  image.part = hw::find_chip("xylo-audio2").part;
  image.chip_revision = hw::find_chip("xylo-audio2").revision;
  image.n_inputs = 2;
  image.n_hidden = 2;
  image.n_outputs = 2;
  image.synapses = 1;
  image.weights_in = {100, 0, 0, 60};   // [input][hidden]
  image.weights_rec = {0, 30, 0, 0};    // 0 -> 1
  image.weights_out = {90, 0, 0, 70};   // [hidden][output]
  image.hidden = {{2, 1, 0, threshold, 0, -1}, {3, 2, 0, 60, 0, -1}};
  image.outputs = {{2, 1, 50, 0}, {3, 1, 50, 0}};
  image.dt_s = 1e-3;
  image.groups = {{"input", hw::NeuronGroup::Kind::input, 0, 2},
                  {"hidden", hw::NeuronGroup::Kind::hidden, 0, 2},
                  {"readout", hw::NeuronGroup::Kind::output, 0, 2}};
  image.provenance = {"board_test", "", "test", "pre-quantized", 8, 16};
  return image;
}

// A fixed input pattern over `steps` steps: channel 0 every 3rd step, channel 1 (2 events) every 5th.
inline hw::board::StepEvents board_test_input(std::uint32_t steps) {
  hw::board::StepEvents input{steps, {}};
  for (std::uint32_t t = 0; t < steps; ++t) {
    if (t % 3 == 0) input.events.push_back({t, 0, 1});
    if (t % 5 == 0) input.events.push_back({t, 1, 2});
  }
  return input;
}

// What XyloSim itself produces for that input, as board output events (step, channel, count).
inline std::vector<hw::board::StepEvent> xylosim_output(const hw::ChipImage& image,
                                                        const hw::board::StepEvents& input) {
  hw::XyloSim sim(image, hw::find_chip(image.chip));
  std::vector<std::uint16_t> counts(input.steps * image.n_inputs, 0);
  for (const auto& event : input.events) counts[event.step * image.n_inputs + event.channel] += event.count;
  const hw::ChipSimRun run = sim.evolve(counts, input.steps, {.hidden_spikes = false});
  std::vector<hw::board::StepEvent> events;
  for (std::uint32_t t = 0; t < input.steps; ++t) {
    for (std::uint32_t o = 0; o < image.n_outputs; ++o) {
      if (const auto spikes = run.output_spikes[t * image.n_outputs + o]) events.push_back({t, o, spikes});
    }
  }
  return events;
}

}  // namespace reef::test
