// hw::Quantizer: float model → integer chip parameters with the arithmetic of Rockpool's global_quantize /
// channel_quantize (round half to even), tau → bitshift decay (dash), thresholds and biases — without Rockpool's
// upstream bugs (docs/quantization.md lists each): nothing wraps silently, output biases use the output scale, and
// biases of one-synapse neurons are scaled. The result is again a core::Graph the simulators run, plus a QuantReport.
#pragma once
#include <cstddef>
#include <string>
#include <vector>
#include "reef/core/graph.hpp"
#include "reef/hw/chip_spec.hpp"

namespace reef::hw {

enum class QuantMode { global, per_channel };

struct QuantOptions {
  QuantMode mode = QuantMode::global;
  double dt_s = 0.0;  // the model's time step (required > 0): dash = round_half_even(log2(tau / dt))
};

// What happened to one group of values (a weight node, a neuron layer's thresholds or biases, its time constants).
struct QuantLayerReport {
  std::string node;             // graph node name
  std::string quantity;         // "weights", "threshold", "bias", "dash_mem", "dash_syn", "dash_syn2"
  double scale_min = 1.0;       // scale applied (per-channel: smallest and largest over channels)
  double scale_max = 1.0;
  std::size_t values = 0;
  std::size_t clipped = 0;      // values that did not fit the register and were clipped to its range
  double max_abs_error = 0.0;   // max |q/scale − x| over the values (dashes: |dash − log2(tau/dt)|)
  double rms_error = 0.0;
};

struct QuantReport {
  QuantMode mode = QuantMode::global;
  double dt_s = 0.0;
  double hidden_scale = 1.0;    // global mode: scale of input and recurrent weights, hidden thresholds and biases
  double output_scale = 1.0;    // global mode: scale of output weights, thresholds and biases
  std::vector<QuantLayerReport> layers;
  std::vector<std::string> notes;  // e.g. "threshold overflow: lif1 rescaled by 0.73"
  std::size_t clipped() const;
};

struct QuantizedModel {
  // Same nodes and connections as the float model. Weights, thresholds and biases are integers (stored as floats);
  // v_reset = 0 with subtractive reset; r = 1, w_in = 1, v_leak = 0; each tau is the one whose decay exp(−dt/tau)
  // equals the chip's 1 − 2^−dash, so the step engine's rockpool profile runs the model as the chip would
  // (without saturation and the integer decay floor).
  core::Graph graph;
  QuantReport report;
};

// Throws MappingError (structure, via analyze_topology, or a time constant whose dash falls outside the chip's range)
// naming the rule, the node, the need and what the chip offers.
QuantizedModel quantize(const core::Graph& model, const ChipSpec& chip, const QuantOptions& options);

// Bitshift decay of a time constant: round_half_even(log2(tau / dt)) (Rockpool's Xylo rule), not range-checked.
int dash_from_tau(double tau_s, double dt_s);
// The time constant whose exp(−dt/tau) decay equals 1 − 2^−dash (dash >= 1).
double tau_from_dash(int dash, double dt_s);
// numpy's np.round: to the nearest integer, halves to even.
double round_half_even(double value);

}  // namespace reef::hw
