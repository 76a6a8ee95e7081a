// Small hand-built chip images for the XyloSim tests: every weight 0, every decay as slow as the chip allows
// (dash 15) and every threshold at the register's top, so a test sets only the few values its arithmetic uses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "reef/hw/chip_image.hpp"
#include "reef/hw/chip_spec.hpp"
#include "reef/hw/mapper.hpp"
#include "reef/hw/xylo_sim.hpp"

namespace reef::test {

// Xylo Audio 2, the chip every XyloSim test runs on.
inline const hw::ChipSpec& audio2() {
  static const hw::ChipSpec chip = hw::find_chip("xylo-audio2");
  return chip;
}

inline hw::ChipImage blank_image(const hw::ChipSpec& chip, std::size_t inputs, std::size_t hidden,
                                 std::size_t outputs, std::size_t synapses = 1) {
  hw::ChipImage image = hw::empty_chip_image(chip, inputs, hidden, outputs, synapses);
  const auto dash = static_cast<std::uint8_t>(chip.dash.max);
  const auto threshold = static_cast<std::int32_t>(chip.threshold.max);
  image.hidden.assign(hidden, {dash, dash, static_cast<std::uint8_t>(synapses == 2 ? dash : 0), threshold, 0, -1});
  image.outputs.assign(outputs, {dash, dash, threshold, 0});
  image.dt_s = 1e-3;
  image.groups = {{"input", hw::NeuronGroup::Kind::input, 0, static_cast<std::uint32_t>(inputs)},
                  {"hidden", hw::NeuronGroup::Kind::hidden, 0, static_cast<std::uint32_t>(hidden)},
                  {"readout", hw::NeuronGroup::Kind::output, 0, static_cast<std::uint32_t>(outputs)}};
  return image;
}

inline void set_in(hw::ChipImage& image, std::size_t input, std::size_t hidden, std::int8_t w, std::size_t syn = 0) {
  image.weights_in[(input * image.n_hidden + hidden) * image.synapses + syn] = w;
}
inline void set_rec(hw::ChipImage& image, std::size_t from, std::size_t to, std::int8_t w, std::size_t syn = 0) {
  image.weights_rec[(from * image.n_hidden + to) * image.synapses + syn] = w;
}
inline void set_out(hw::ChipImage& image, std::size_t from, std::size_t output, std::int8_t w) {
  image.weights_out[from * image.n_outputs + output] = w;
}

// `steps` steps of input, `events[t]` giving the counts of every channel at step t (missing steps: no events).
inline hw::ChipSimRun run_recorded(hw::XyloSim& sim, std::size_t steps,
                                   const std::vector<std::vector<std::uint16_t>>& events) {
  std::vector<std::uint16_t> counts(steps * sim.n_inputs(), 0);
  for (std::size_t t = 0; t < events.size(); ++t)
    for (std::size_t c = 0; c < events[t].size(); ++c) counts[t * sim.n_inputs() + c] = events[t][c];
  return sim.evolve(counts, steps, {.hidden_spikes = true, .states = true});
}

// Column `j` of a [T][n] trace.
template <typename T>
std::vector<int> column(const std::vector<T>& trace, std::size_t n, std::size_t j) {
  std::vector<int> values;
  for (std::size_t t = 0; t * n + j < trace.size(); ++t) values.push_back(static_cast<int>(trace[t * n + j]));
  return values;
}

}  // namespace reef::test
