// The quantizer's arithmetic on plain arrays, apart from any graph: Rockpool's scales (127 / max|w| over a whole
// group in global mode, per target neuron in per-channel mode), threshold-overflow rescaling, half-to-even rounding,
// and clipping that is counted instead of wrapping. quantizer.cpp feeds it the layers of a ChipTopology.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "reef/hw/chip_spec.hpp"
#include "reef/hw/quantizer.hpp"

namespace reef::hw::detail {

// Weights into one neuron layer from one weight node: row j (of `cols` values) drives neuron j.
struct WeightValues {
  std::string node;
  std::size_t cols = 0;
  std::vector<double> values;  // [layer size][cols], row-major
};

// What the quantizer scales for one neuron layer (float in, integers out, same shapes).
struct LayerValues {
  std::string node;
  std::vector<double> threshold;  // one per neuron
  std::vector<double> bias;       // one per neuron (the model's bias plus v_leak, as the rockpool profile adds both)
  std::vector<WeightValues> inputs;
  std::size_t size() const { return threshold.size(); }
};

// A quantized group (the hidden layers, or the readout): integer-valued copies, the scale of every neuron, reports.
struct GroupQuantization {
  std::vector<LayerValues> layers;
  std::vector<std::vector<double>> scales;  // [layer][neuron]
  std::vector<QuantLayerReport> reports;    // each weight node, then each layer's threshold and bias
  std::vector<std::string> notes;
};

// How the scale of each neuron is chosen.
enum class ScaleRule {
  global,       // one scale: weight limit / max(|w|, |bias|) over every layer of the group
  per_channel,  // per neuron: weight limit / max |w| over its incoming weights (|bias| when it has none)
  unit,         // 1 everywhere: the values are already chip integers
};

// Quantizes `layers` with `rule`, then (global, per-channel) shrinks the scale where a threshold would overflow the
// threshold register: to threshold limit / |threshold| over the group (global) or of the neuron (per-channel).
// Rounds half to even, clips to the chip's weight/threshold/bias ranges and counts every clipped value; a positive
// threshold never rounds down to 0 (the chip would fire at every step): it becomes 1 and counts as clipped.
GroupQuantization quantize_group(const std::vector<LayerValues>& layers, const ChipSpec& chip, ScaleRule rule,
                                 const std::string& group_name);

// True when every weight, threshold and bias is an integer inside the chip's ranges.
bool is_chip_integer(const std::vector<LayerValues>& layers, const ChipSpec& chip);

// The largest magnitude a weight may be scaled to (127 for 8-bit signed weights).
double weight_limit(const ChipSpec& chip);

// A number for messages and notes: 6 significant digits, no trailing zeros.
std::string format_number(double value);

}  // namespace reef::hw::detail
