// hw::XyloSim: the bit-accurate integer time step of the Xylo family (docs/xylo.md): input delivery with weight
// shifts and repeated saturating 16-bit adds, bitshift decay with its minimum step of 1, bias, multi-event subtractive
// spiking capped per layer, alias forwarding in id order, one step of hidden→hidden and hidden→output latency, input
// counts clipped per channel. State persists between evolve() calls until reset().
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>
#include "reef/hw/chip_image.hpp"
#include "reef/hw/chip_spec.hpp"

namespace reef::hw {

struct ChipSimRecordRequest {
  bool hidden_spikes = true;  // [T][n_hidden] event counts after aliasing
  bool states = false;        // vmem, isyn, isyn2 [T][n_hidden] and vmem_out, isyn_out [T][n_outputs]
};

struct ChipSimRun {
  std::size_t steps = 0;
  std::vector<std::uint8_t> output_spikes;  // [T][n_outputs], 0 or 1
  std::vector<std::uint8_t> hidden_spikes;  // [T][n_hidden] when requested
  std::vector<std::int16_t> vmem, isyn, isyn2, vmem_out, isyn_out;  // when states are requested
  std::size_t clipped_input_events = 0;     // input events beyond the per-channel cap, dropped as the chip does
};

class XyloSim {
 public:
  // Validates the image against the chip (validate_image) and builds sparse synapse lists.
  XyloSim(const ChipImage& image, const ChipSpec& chip);
  // Zeroes every vmem, isyn and spike buffer.
  void reset();
  // Runs `steps` steps from the current state. `input_counts` is [steps][n_inputs] events per channel and step.
  ChipSimRun evolve(std::span<const std::uint16_t> input_counts, std::size_t steps,
                    const ChipSimRecordRequest& record = {});
  std::size_t n_inputs() const;
  std::size_t n_hidden() const;
  std::size_t n_outputs() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace reef::hw
