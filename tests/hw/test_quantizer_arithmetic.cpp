// Quantizer arithmetic with hand-worked expectations (docs/quantization.md): numpy's half-to-even rounding, dash
// rounding and its boundaries at tau/dt = 2^(k+0.5), global and per-channel scales, threshold overflow, clipping,
// and each Rockpool bug shown not to happen.
#include <doctest/doctest.h>

#include <cmath>

#include "quantizer_math.hpp"
#include "reef/hw/quantizer.hpp"

using namespace reef::hw;
using detail::LayerValues;
using detail::quantize_group;
using detail::ScaleRule;

namespace {

// An Audio-2-like chip as the quantizer sees it: 8-bit weights and biases, 16-bit thresholds, 4-bit dashes.
ChipSpec test_chip() {
  ChipSpec chip;
  chip.id = "test-chip";
  chip.name = "Test Chip";
  chip.weight = {-128, 127};
  chip.threshold = {-32768, 32767};
  chip.bias = {-128, 127};
  chip.dash = {0, 15};
  chip.state = {-32768, 32767};
  return chip;
}

// One layer: `rows` neurons, one weight node "w" of [rows][cols] values.
LayerValues layer(const std::string& name, std::vector<double> threshold, std::vector<double> bias,
                  std::vector<double> weights) {
  LayerValues l;
  l.node = name;
  l.threshold = std::move(threshold);
  l.bias = std::move(bias);
  const std::size_t cols = weights.size() / l.threshold.size();
  l.inputs.push_back({name + ".w", cols, std::move(weights)});
  return l;
}

const QuantLayerReport& row(const detail::GroupQuantization& q, const std::string& node, const std::string& what) {
  for (const QuantLayerReport& r : q.reports) {
    if (r.node == node && r.quantity == what) return r;
  }
  FAIL("no report row " << node << " " << what);
  throw;
}

}  // namespace

TEST_CASE("rounds_halves_to_even_like_numpy_round") {
  // np.round: 0.5 → 0, 1.5 → 2, 2.5 → 2, 3.5 → 4, 4.5 → 4, −0.5 → −0, −1.5 → −2, −2.5 → −2.
  CHECK(round_half_even(0.5) == 0.0);
  CHECK(round_half_even(1.5) == 2.0);
  CHECK(round_half_even(2.5) == 2.0);
  CHECK(round_half_even(3.5) == 4.0);
  CHECK(round_half_even(4.5) == 4.0);
  CHECK(round_half_even(-0.5) == 0.0);
  CHECK(round_half_even(-1.5) == -2.0);
  CHECK(round_half_even(-2.5) == -2.0);
  // Not halves: the nearest integer.
  CHECK(round_half_even(2.4999) == 2.0);
  CHECK(round_half_even(2.5001) == 3.0);
  CHECK(round_half_even(-2.6) == -3.0);
}

TEST_CASE("dash_is_log2_of_tau_over_dt_rounded_half_to_even") {
  // 20 ms at 1 ms: log2(20) = 4.32 → 4; 1 ms at 1 ms: 0; 64 ms at 1 ms: 6.
  CHECK(dash_from_tau(0.020, 0.001) == 4);
  CHECK(dash_from_tau(0.001, 0.001) == 0);
  CHECK(dash_from_tau(0.064, 0.001) == 6);
  // Boundaries at tau/dt = 2^(k+0.5) = 2.83, 5.66, 11.3: either side rounds to the nearer dash ...
  CHECK(dash_from_tau(5.65, 1.0) == 2);
  CHECK(dash_from_tau(5.66, 1.0) == 3);
  CHECK(dash_from_tau(11.31, 1.0) == 3);
  CHECK(dash_from_tau(11.32, 1.0) == 4);
  // ... and exactly on one, to the even dash: log2 = 1.5 → 2, 2.5 → 2, 3.5 → 4.
  CHECK(dash_from_tau(std::exp2(1.5), 1.0) == 2);
  CHECK(dash_from_tau(std::exp2(2.5), 1.0) == 2);
  CHECK(dash_from_tau(std::exp2(3.5), 1.0) == 4);
}

TEST_CASE("tau_from_dash_decays_like_the_chip_bitshift") {
  // exp(−dt/tau) = 1 − 2^−dash, so tau/dt = −1/ln(1 − 2^−dash) (reference §2.6 table: 1.443, 3.476, 15.49):
  // dash 1 → 1/ln 2 = 1/0.693147 = 1.44270; dash 2 → 1/0.287682 = 3.47606; dash 4 → 1/0.0645385 = 15.4946.
  CHECK(tau_from_dash(1, 1.0) == doctest::Approx(1.44270).epsilon(1e-5));
  CHECK(tau_from_dash(2, 1.0) == doctest::Approx(3.47606).epsilon(1e-5));
  CHECK(tau_from_dash(4, 1.0) == doctest::Approx(15.4946).epsilon(1e-5));
  for (int dash = 1; dash <= 15; ++dash) {
    CAPTURE(dash);
    CHECK(std::exp(-1e-3 / tau_from_dash(dash, 1e-3)) == doctest::Approx(1.0 - std::exp2(-dash)).epsilon(1e-12));
    CHECK(dash_from_tau(tau_from_dash(dash, 1e-3), 1e-3) == dash);  // a quantized tau gives its dash back
  }
}

TEST_CASE("global_mode_scales_weights_bias_and_thresholds_of_all_hidden_layers_by_127_over_max_weight") {
  // max |w| over both hidden layers is 63.5 → scale 127/63.5 = 2 (exact), so the halves show the rounding:
  // a: w 1.25·2 = 2.5 → 2, −63.5·2 = −127, 1.75·2 = 3.5 → 4, 0.25·2 = 0.5 → 0; bias 0.75·2 = 1.5 → 2;
  //    thresholds 100.25·2 = 200.5 → 200, 20.75·2 = 41.5 → 42.
  // b: w −0.75·2 = −1.5 → −2, 10·2 = 20; bias −1.25·2 = −2.5 → −2; threshold 4.25·2 = 8.5 → 8.
  const auto q = quantize_group({layer("a", {100.25, 20.75}, {0.75, 0.0}, {1.25, -63.5, 1.75, 0.25}),
                                 layer("b", {4.25}, {-1.25}, {-0.75, 10.0})},
                                test_chip(), ScaleRule::global, "hidden layers");
  CHECK(q.scales[0] == std::vector<double>{2.0, 2.0});
  CHECK(q.scales[1] == std::vector<double>{2.0});
  CHECK(q.layers[0].inputs[0].values == std::vector<double>{2, -127, 4, 0});
  CHECK(q.layers[0].bias == std::vector<double>{2, 0});
  CHECK(q.layers[0].threshold == std::vector<double>{200, 42});
  CHECK(q.layers[1].inputs[0].values == std::vector<double>{-2, 20});
  CHECK(q.layers[1].bias == std::vector<double>{-2});
  CHECK(q.layers[1].threshold == std::vector<double>{8});
  // Errors in float units: |2/2 − 1.25| = 0.25 is the largest weight error of a.w.
  CHECK(row(q, "a.w", "weights").max_abs_error == doctest::Approx(0.25));
  CHECK(row(q, "a.w", "weights").clipped == 0);
  CHECK(q.notes.empty());
}

TEST_CASE("global_mode_counts_a_bias_in_the_maximum") {
  // Rockpool: max_w = max(|w_in|, |w_rec|, |bias|) = 2 (the bias) → scale 63.5: w 0.5 → 31.75 → 32, bias −2 → −127.
  const auto q = quantize_group({layer("a", {1.0}, {-2.0}, {0.5})}, test_chip(), ScaleRule::global, "hidden");
  CHECK(q.scales[0][0] == 63.5);
  CHECK(q.layers[0].inputs[0].values == std::vector<double>{32});
  CHECK(q.layers[0].bias == std::vector<double>{-127});
}

TEST_CASE("output_bias_takes_the_output_scale_not_the_hidden_one") {
  // Reference §7: hidden scale 127 (max |w| 1), output scale 63.5 (max |w_out| 2). Rockpool scales bias_out 0.3 by
  // the hidden scale: 0.3·127 = 38.1 → 38. reef uses the readout's own scale: 0.3·63.5 = 19.05 → 19.
  const auto hidden = quantize_group({layer("lif1", {1.0}, {0.0}, {1.0})}, test_chip(), ScaleRule::global, "hidden");
  const auto readout = quantize_group({layer("lif2", {1.0}, {0.3}, {2.0, -1.0})}, test_chip(), ScaleRule::global,
                                      "readout");
  CHECK(hidden.scales[0][0] == 127.0);
  CHECK(readout.scales[0][0] == 63.5);
  CHECK(readout.layers[0].bias == std::vector<double>{19});
  CHECK(readout.layers[0].inputs[0].values == std::vector<double>{127, -64});  // −63.5 → −64 (even)
}

TEST_CASE("threshold_overflow_rescales_only_the_group_that_overflows") {
  // Readout: max |w| 0.001 → scale 127000; threshold 1 → 127000 > 32767, so the scale becomes 32767/1 = 32767:
  // w 0.001·32767 = 32.767 → 33, threshold 32767. Rockpool would also rescale w_rec here (a bug); reef's hidden
  // group is quantized on its own: w_rec 1·127 = 127 stays.
  const auto readout = quantize_group({layer("lif2", {1.0}, {0.0}, {0.001})}, test_chip(), ScaleRule::global,
                                      "readout");
  const auto hidden = quantize_group({layer("lif1", {1.0}, {0.0}, {1.0})}, test_chip(), ScaleRule::global, "hidden");
  CHECK(readout.scales[0][0] == 32767.0);
  CHECK(readout.layers[0].inputs[0].values == std::vector<double>{33});
  CHECK(readout.layers[0].threshold == std::vector<double>{32767});
  REQUIRE(readout.notes.size() == 1);
  CHECK(readout.notes[0].find("threshold overflow: readout") != std::string::npos);
  CHECK(hidden.layers[0].inputs[0].values == std::vector<double>{127});
  CHECK(hidden.layers[0].threshold == std::vector<double>{127});
}

TEST_CASE("threshold_overflow_rescales_biases_with_the_weights") {
  // max |w| 0.01 → scale 12700; threshold 10 → 127000 overflows → scale 32767/10 = 3276.7:
  // w 0.01·3276.7 = 32.767 → 33, bias 0.005·3276.7 = 16.38 → 16 (not 0.005·12700 = 63.5 → 64 left at the old
  // scale), threshold 32767.
  const auto q = quantize_group({layer("a", {10.0}, {0.005}, {0.01})}, test_chip(), ScaleRule::global, "hidden");
  CHECK(q.scales[0][0] == doctest::Approx(3276.7));
  CHECK(q.layers[0].inputs[0].values == std::vector<double>{33});
  CHECK(q.layers[0].bias == std::vector<double>{16});
  CHECK(q.layers[0].threshold == std::vector<double>{32767});
}

TEST_CASE("per_channel_mode_scales_each_neuron_by_its_own_incoming_weights") {
  // Neuron 0: max |w| 0.5 → 254: w 0.5 → 127, −0.125 → −31.75 → −32; threshold 1 → 254; bias 0.25 → 63.5 → 64.
  // Neuron 1: max |w| 2 → 63.5: w 2 → 127, 1 → 63.5 → 64; threshold 3 → 190.5 → 190; bias −0.5 → −31.75 → −32.
  const auto q = quantize_group({layer("a", {1.0, 3.0}, {0.25, -0.5}, {0.5, -0.125, 2.0, 1.0})}, test_chip(),
                                ScaleRule::per_channel, "hidden");
  CHECK(q.scales[0] == std::vector<double>{254.0, 63.5});
  CHECK(q.layers[0].inputs[0].values == std::vector<double>{127, -32, 127, 64});
  CHECK(q.layers[0].threshold == std::vector<double>{254, 190});
  CHECK(q.layers[0].bias == std::vector<double>{64, -32});
  CHECK(row(q, "a.w", "weights").scale_min == 63.5);
  CHECK(row(q, "a.w", "weights").scale_max == 254.0);
}

TEST_CASE("per_channel_mode_keeps_the_bias_of_one_synapse_neurons") {
  // Reference §7: Rockpool's 1-synapse branch leaves the bias unscaled and rounds it: 0.1 → 0. reef scales it with
  // the neuron: max |w| 1 → 127, bias 0.1·127 = 12.7 → 13.
  const auto q = quantize_group({layer("a", {1.0}, {0.1}, {1.0})}, test_chip(), ScaleRule::per_channel, "hidden");
  CHECK(q.layers[0].bias == std::vector<double>{13});
}

TEST_CASE("per_channel_threshold_overflow_rescales_only_that_neuron") {
  // Neuron 0: w 1 → scale 127, threshold 1000 → 127000 overflows → scale 32767/1000 = 32.767: w → 33, th → 32767.
  // Neuron 1: w 1, threshold 2 → 127 and 254, untouched.
  const auto q = quantize_group({layer("a", {1000.0, 2.0}, {0.0, 0.0}, {1.0, 1.0})}, test_chip(),
                                ScaleRule::per_channel, "hidden");
  CHECK(q.scales[0][0] == doctest::Approx(32.767));
  CHECK(q.scales[0][1] == 127.0);
  CHECK(q.layers[0].inputs[0].values == std::vector<double>{33, 127});
  CHECK(q.layers[0].threshold == std::vector<double>{32767, 254});
  REQUIRE(q.notes.size() == 1);
  CHECK(q.notes[0] == "threshold overflow: 1 neuron(s) of a scaled down so that their thresholds fit 32767");
}

TEST_CASE("values_beyond_a_register_are_clipped_and_counted_never_wrapped") {
  // Per-channel: max |w| 0.9 → scale 141.1; bias 1 → 141.1 → 141, beyond the 8-bit bias register. As an int8 it
  // would wrap to 141 − 256 = −115; reef clips it to 127 and counts it.
  const auto q = quantize_group({layer("a", {1.0}, {1.0}, {0.9})}, test_chip(), ScaleRule::per_channel, "hidden");
  CHECK(q.layers[0].bias == std::vector<double>{127});
  CHECK(row(q, "a", "bias").clipped == 1);
  CHECK(row(q, "a", "bias").max_abs_error == doctest::Approx(1.0 - 127.0 / (127.0 / 0.9)));
  REQUIRE(q.notes.size() == 1);
  CHECK(q.notes[0] == "1 bias value(s) of a did not fit the chip's register and were clipped");
}

TEST_CASE("a_positive_threshold_never_rounds_to_zero") {
  // Global: max |w| 1 → scale 127; threshold 0.001 → 0.127 → 0, and a chip threshold of 0 fires 31 events every
  // step. It becomes 1 and counts as clipped.
  const auto q = quantize_group({layer("a", {0.001}, {0.0}, {1.0})}, test_chip(), ScaleRule::global, "hidden");
  CHECK(q.layers[0].threshold == std::vector<double>{1});
  CHECK(row(q, "a", "threshold").clipped == 1);
}

TEST_CASE("a_neuron_without_weights_is_scaled_by_its_bias") {
  // No incoming weight (Rockpool would use scale 1: bias 0.3 → 0, threshold 1 → 1): reef scales by 127/|bias|:
  // bias 0.3 → 127, threshold 1 → 423.3 → 423, so the neuron fires as often as the float one.
  const auto q = quantize_group({layer("a", {1.0}, {0.3}, {0.0})}, test_chip(), ScaleRule::per_channel, "hidden");
  CHECK(q.layers[0].bias == std::vector<double>{127});
  CHECK(q.layers[0].threshold == std::vector<double>{423});
}

TEST_CASE("chip_integers_are_recognised_and_kept_unscaled") {
  const std::vector<LayerValues> integers = {layer("a", {254, 190}, {64, -32}, {127, -32, 127, 64})};
  CHECK(detail::is_chip_integer(integers, test_chip()));
  const auto q = quantize_group(integers, test_chip(), ScaleRule::unit, "hidden");
  CHECK(q.layers[0].inputs[0].values == integers[0].inputs[0].values);
  CHECK(q.layers[0].threshold == integers[0].threshold);
  CHECK(q.layers[0].bias == integers[0].bias);
  CHECK(q.notes.empty());
  // Not chip integers: a fraction, a weight beyond 127, a bias beyond the bias register.
  CHECK_FALSE(detail::is_chip_integer({layer("a", {1.5}, {0}, {1})}, test_chip()));
  CHECK_FALSE(detail::is_chip_integer({layer("a", {1}, {0}, {128})}, test_chip()));
  CHECK_FALSE(detail::is_chip_integer({layer("a", {1}, {-129}, {1})}, test_chip()));
}
