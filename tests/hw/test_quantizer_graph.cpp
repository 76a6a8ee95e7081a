// hw::quantize on whole graphs: the integers land in a copy of the model the rockpool profile runs, time constants
// become the taus of their dashes, a quantized model comes back unchanged, and what the chip cannot hold is refused
// with the rule's name.
#include <doctest/doctest.h>

#include "reef/core/error.hpp"
#include "reef/core/graph.hpp"
#include "reef/hw/quantizer.hpp"

using namespace reef;
using namespace reef::hw;

namespace {

ChipSpec audio2_like() {
  ChipSpec chip;
  chip.id = "test-chip";
  chip.name = "Test Chip";
  chip.max_inputs = 16;
  chip.max_hidden = 1000;
  chip.max_outputs = 8;
  chip.synapses_per_hidden = 2;
  chip.max_fan_out = 64;
  chip.recurrent_memory_entries = 32000;
  chip.has_bias = true;
  chip.weight = {-128, 127};
  chip.threshold = {-32768, 32767};
  chip.state = {-32768, 32767};
  chip.bias = {-128, 127};
  chip.dash = {0, 15};
  chip.weight_shift = {0, 7};
  return chip;
}

core::Node affine(const std::string& name, std::size_t out, std::size_t in, std::vector<double> w,
                  std::vector<double> bias = {}) {
  return {name, out, core::AffineParams{{{out, in}, std::move(w)}, std::move(bias)}, {}};
}

core::Node cuba(const std::string& name, std::size_t n, double tau_mem, double tau_syn, double v_th, double bias) {
  core::NeuronParams p;
  p.model = core::NeuronModel::cuba_lif;
  p.tau_mem_s = tau_mem;
  p.v_th = v_th;
  p.bias = bias;
  p.reset = core::ResetMode::subtract;
  p.synapses.push_back({"syn", tau_syn, 0.0, 1.0});
  return {name, n, p, {}};
}

// input(2) → fc1 → lif1(3, recurrent w_rec) → fc2 → lif2(2) → output, dt 1 ms.
core::Graph small_rnn(std::vector<double> fc1_bias = {}, double lif1_tau_syn = 0.005) {
  core::GraphBuilder b;
  const auto input = b.add_node({"input", 2, core::InputParams{}, {2}});
  const auto fc1 = b.add_node(affine("fc1", 3, 2, {0.5, -0.25, 0.1, 0.0, -0.3, 0.2}, std::move(fc1_bias)));
  const auto lif1 = b.add_node(cuba("lif1", 3, 0.020, lif1_tau_syn, 1.0, 0.05));
  const auto w_rec = b.add_node(affine("w_rec", 3, 3, {0, 0.2, 0, 0, 0, -0.4, 0.25, 0, 0}));
  const auto fc2 = b.add_node(affine("fc2", 2, 3, {1.0, -0.5, 0, 0.25, 0.75, -1.0}));
  const auto lif2 = b.add_node(cuba("lif2", 2, 0.010, 0.008, 2.0, 0.0));
  const auto output = b.add_node({"output", 2, core::OutputParams{}, {2}});
  for (auto [from, to] : std::vector<std::pair<core::NodeId, core::NodeId>>{
           {input, fc1}, {fc1, lif1}, {lif1, w_rec}, {w_rec, lif1}, {lif1, fc2}, {fc2, lif2}, {lif2, output}}) {
    b.add_connection({from, to, 0});
  }
  return std::move(b).build();
}

const std::vector<double>& weights(const core::Graph& g, const std::string& name) {
  return std::get<core::AffineParams>(g.node(*g.find(name)).params).weight.values;
}

const core::NeuronParams& neurons(const core::Graph& g, const std::string& name) {
  return g.node(*g.find(name)).neurons();
}

}  // namespace

TEST_CASE("quantize_writes_chip_integers_and_dash_taus_into_a_runnable_copy_of_the_model") {
  const QuantizedModel q = quantize(small_rnn(), audio2_like(), {QuantMode::global, 1e-3});
  // Hidden group: max |w| over fc1 and w_rec = 0.5 (bias 0.05 is smaller) → scale 254.
  // fc1: 0.5 → 127, −0.25 → −63.5 → −64, 0.1 → 25.4 → 25, 0, −0.3 → −76.2 → −76, 0.2 → 50.8 → 51.
  // w_rec: 0.2 → 51, −0.4 → −101.6 → −102, 0.25 → 63.5 → 64. lif1: threshold 254, bias 0.05·254 = 12.7 → 13.
  CHECK(q.report.hidden_scale == 254.0);
  CHECK(weights(q.graph, "fc1") == std::vector<double>{127, -64, 25, 0, -76, 51});
  CHECK(weights(q.graph, "w_rec") == std::vector<double>{0, 51, 0, 0, 0, -102, 64, 0, 0});
  CHECK(neurons(q.graph, "lif1").v_th[0] == 254.0);
  CHECK(neurons(q.graph, "lif1").bias[0] == 13.0);
  // Readout: max |w| 1 → scale 127: 1 → 127, −0.5 → −63.5 → −64, 0.25 → 31.75 → 32, 0.75 → 95.25 → 95, −1 → −127;
  // threshold 2 → 254.
  CHECK(q.report.output_scale == 127.0);
  CHECK(weights(q.graph, "fc2") == std::vector<double>{127, -64, 0, 32, 95, -127});
  CHECK(neurons(q.graph, "lif2").v_th[0] == 254.0);
  // Dashes at dt 1 ms: lif1 tau_mem 20 ms → log2 20 = 4.32 → 4, tau_syn 5 ms → 2.32 → 2; lif2 10 ms → 3, 8 ms → 3.
  // Each tau becomes the one whose decay exp(−dt/tau) is the chip's 1 − 2^−dash.
  CHECK(neurons(q.graph, "lif1").tau_mem_s[0] == tau_from_dash(4, 1e-3));
  CHECK(neurons(q.graph, "lif1").synapses[0].tau_s[0] == tau_from_dash(2, 1e-3));
  CHECK(neurons(q.graph, "lif2").tau_mem_s[0] == tau_from_dash(3, 1e-3));
  CHECK(neurons(q.graph, "lif2").synapses[0].tau_s[0] == tau_from_dash(3, 1e-3));
  CHECK(neurons(q.graph, "lif1").reset == core::ResetMode::subtract);
  CHECK(q.report.clipped() == 0);
  // One report row per weight node, per layer's threshold and bias, and per layer's dashes.
  CHECK(q.report.layers.size() == 3 + 4 + 4);
}

TEST_CASE("per_channel_quantize_gives_each_neuron_its_own_scale") {
  const QuantizedModel q = quantize(small_rnn(), audio2_like(), {QuantMode::per_channel, 1e-3});
  // lif1 neuron 1 receives fc1 row 1 (0.1, 0) and w_rec row 1 (0, 0, −0.4): max |w| 0.4 → scale 317.5:
  // fc1 0.1 → 31.75 → 32, w_rec −0.4 → −127, threshold 1 → 317.5 → 318 (even), bias 0.05 → 15.875 → 16.
  CHECK(weights(q.graph, "fc1")[2] == 32.0);
  CHECK(weights(q.graph, "w_rec")[5] == -127.0);
  CHECK(neurons(q.graph, "lif1").v_th[1] == 318.0);
  CHECK(neurons(q.graph, "lif1").bias[1] == 16.0);
  CHECK(q.report.mode == QuantMode::per_channel);
}

TEST_CASE("quantizing_a_quantized_model_changes_nothing") {
  for (const QuantMode mode : {QuantMode::global, QuantMode::per_channel}) {
    const QuantizedModel once = quantize(small_rnn(), audio2_like(), {mode, 1e-3});
    const QuantizedModel twice = quantize(once.graph, audio2_like(), {mode, 1e-3});
    CHECK(twice.graph.content_hash() == once.graph.content_hash());
    CHECK(weights(twice.graph, "w_rec") == weights(once.graph, "w_rec"));
    CHECK(twice.report.hidden_scale == 1.0);
    CHECK(twice.report.notes.front().find("already chip integers") != std::string::npos);
  }
}

TEST_CASE("a_time_constant_outside_the_dash_range_is_refused_naming_the_node") {
  // tau_syn 1.2 ms at dt 1 ms: log2 1.2 = 0.26 → dash 0, which clears the state every step.
  CHECK_THROWS_WITH_AS(quantize(small_rnn({}, 0.0012), audio2_like(), {QuantMode::global, 1e-3}),
                       doctest::Contains("rule dash_range: node 'lif1' tau_syn 0.0012 s (neuron 0) needs dash 0"),
                       MappingError);
  // 100 s at 1 ms: log2 1e5 = 16.6 → 17 > 15.
  CHECK_THROWS_WITH_AS(quantize(small_rnn({}, 100.0), audio2_like(), {QuantMode::global, 1e-3}),
                       doctest::Contains("needs dash 17"), MappingError);
}

TEST_CASE("weight_biases_and_a_missing_dt_are_refused") {
  CHECK_THROWS_WITH_AS(quantize(small_rnn({0.1, 0, 0}), audio2_like(), {QuantMode::global, 1e-3}),
                       doctest::Contains("rule weight_nodes_have_no_biases: node 'fc1'"), MappingError);
  CHECK_THROWS_AS(quantize(small_rnn(), audio2_like(), {QuantMode::global, 0.0}), UsageError);
}
