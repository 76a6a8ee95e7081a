// map_to_chip and validate_image: where weights and registers land in the ChipImage, hardware ids, aliases, and one
// test per resource rule (register ranges, dashes, fan-out, fan-in, recurrent memory, expansion neurons), each
// checking that the MappingError names the rule, the node or neuron, and the numbers.
#include <doctest/doctest.h>

#include <string>

#include "reef/core/error.hpp"
#include "reef/hw/chip_spec.hpp"
#include "reef/hw/mapper.hpp"
#include "reef/hw/quantizer.hpp"
#include "reef/io/nir.hpp"
#include "shared_data.hpp"
#include "test_mapper_graphs.hpp"
#include "text_helpers.hpp"

using namespace mapper_test;
using reef::hw::ChipImage;
using reef::hw::find_chip;
using reef::hw::map_to_chip;

namespace {

ChipImage map(const reef::core::Graph& graph, const std::string& chip) {
  reef::hw::MapOptions options;
  options.dt_s = kDt;
  return map_to_chip(graph, find_chip(chip), options);
}

std::string mapping_error(const reef::core::Graph& graph, const std::string& chip) {
  try {
    map(graph, chip);
  } catch (const reef::MappingError& e) {
    return e.what();
  }
  FAIL("no MappingError");
  return {};
}

std::string validation_error(const ChipImage& image, const std::string& chip) {
  try {
    reef::hw::validate_image(image, find_chip(chip));
  } catch (const reef::MappingError& e) {
    return e.what();
  }
  FAIL("no MappingError");
  return {};
}

using reef::test::contains;

// one_hidden_layer(2, 3, 2) with lif1 changed by `edit`.
template <typename Edit>
reef::core::Graph with_hidden(Edit edit, double fc1_weight = 1.0) {
  NetBuilder net;
  const auto in = net.input("input", 2);
  reef::core::NeuronParams p = chip_neurons();
  edit(p);
  const auto h = net.neurons("lif1", 3, p);
  const auto r = net.neurons("lif2", 2);
  net.project("fc1", in, h, fc1_weight);
  net.project("fc2", h, r);
  net.connect(r, net.output("output", 2));
  return std::move(net).build();
}

// input(2) → a(n_a) → b(n_b) → readout r(2), weights 1.
reef::core::Graph two_hidden_layers(std::size_t n_a, std::size_t n_b) {
  NetBuilder net;
  const auto in = net.input("input", 2);
  const auto a = net.neurons("a", n_a);
  const auto b = net.neurons("b", n_b);
  const auto r = net.neurons("r", 2);
  net.project("in_a", in, a);
  net.project("a_b", a, b);
  net.project("b_r", b, r);
  net.connect(r, net.output("output", 2));
  return std::move(net).build();
}

}  // namespace

TEST_CASE("places_weights_and_neuron_registers_at_their_hardware_ids") {
  // input(3) → fc1 (synapse 0) and fc1b (synapse 1) → h(4, two synapses) with w_rec → fc2 → r(2, bias 3) → output.
  NetBuilder net;
  const auto in = net.input("input", 3);
  const auto h = net.neurons("h", 4, chip_neurons(2));
  const auto r = net.neurons("r", 2, chip_neurons(1, 50.0, 3.0));
  std::vector<double> fc1, w_rec, fc2;
  for (int o = 0; o < 4; ++o)
    for (int i = 0; i < 3; ++i) fc1.push_back(10 * o + i + 1);           // fc1[o][i] = 10 o + i + 1
  for (int o = 0; o < 4; ++o)
    for (int i = 0; i < 4; ++i) w_rec.push_back(o == (i + 1) % 4 ? 7 : 0);  // neuron i → neuron i + 1 (mod 4)
  for (int o = 0; o < 2; ++o)
    for (int i = 0; i < 4; ++i) fc2.push_back(-(o + 1) * (i + 1));       // fc2[o][i] = −(o + 1)(i + 1)
  const auto w1 = net.weights("fc1", 4, 3, 0.0, fc1);
  net.connect(in, w1);
  net.connect(w1, h, 0);
  net.project("fc1b", in, h, -5.0, 1);
  const auto wr = net.weights("w_rec", 4, 4, 0.0, w_rec);
  net.connect(h, wr);
  net.connect(wr, h, 0);
  const auto w2 = net.weights("fc2", 2, 4, 0.0, fc2);
  net.connect(h, w2);
  net.connect(w2, r);
  net.connect(r, net.output("output", 2));

  const ChipImage image = map(std::move(net).build(), "xylo-audio2");
  CHECK(image.chip == "xylo-audio2");
  CHECK(image.part == "SYNS61201");
  CHECK(image.n_inputs == 3);
  CHECK(image.n_hidden == 4);
  CHECK(image.n_outputs == 2);
  CHECK(image.synapses == 2);
  CHECK(image.synapse2_enable);
  CHECK(image.weight_in(2, 1, 0) == 13);  // fc1[1][2] = 10·1 + 2 + 1
  CHECK(image.weight_in(0, 0, 0) == 1);
  CHECK(image.weight_in(0, 3, 1) == -5);  // fc1b drives synapse 2
  CHECK(image.weight_in(0, 3, 0) == 31);
  CHECK(image.weight_rec(0, 1, 0) == 7);
  CHECK(image.weight_rec(3, 0, 0) == 7);
  CHECK(image.weight_rec(1, 0, 0) == 0);
  CHECK(image.weight_rec(0, 1, 1) == 0);
  CHECK(image.weight_out(3, 1) == -8);    // fc2[1][3] = −2·4
  CHECK(image.weight_out(0, 0) == -1);
  CHECK(image.hidden[2].dash_mem == 3);
  CHECK(image.hidden[2].dash_syn == 2);
  CHECK(image.hidden[2].dash_syn2 == 4);
  CHECK(image.hidden[2].threshold == 100);
  CHECK(image.hidden[2].alias_target == -1);
  CHECK(image.outputs[1].threshold == 50);
  CHECK(image.outputs[1].bias == 3);
  CHECK(image.bias_enable);
  CHECK(image.dt_s == kDt);
  CHECK(image.provenance.weight_bits == 8);
  CHECK(image.provenance.threshold_bits == 16);
  REQUIRE(image.groups.size() == 3);
  CHECK(image.groups[0] == reef::hw::NeuronGroup{"input", reef::hw::NeuronGroup::Kind::input, 0, 3});
  CHECK(image.groups[1] == reef::hw::NeuronGroup{"h", reef::hw::NeuronGroup::Kind::hidden, 0, 4});
  CHECK(image.groups[2] == reef::hw::NeuronGroup{"r", reef::hw::NeuronGroup::Kind::output, 0, 2});
}

TEST_CASE("maps_a_single_hidden_layer_onto_xylo_imu") {
  // Rockpool's IMU mapper fails here (reference §6.3); the layer is both input and output expansion neurons.
  const ChipImage image = map(one_hidden_layer(3, 4, 2), "xylo-imu");
  CHECK(image.n_hidden == 4);
  CHECK(image.synapses == 1);
  CHECK_FALSE(image.synapse2_enable);
  CHECK(image.weight_in(2, 3, 0) == 1);
  CHECK(image.weight_out(0, 1) == 1);
  CHECK(image.weight_rec(3, 2, 0) == 1);
}

TEST_CASE("a_residual_sum_maps_to_aliases_from_the_earlier_layer_to_the_later") {
  NetBuilder net;
  const auto in = net.input("input", 2);
  const auto a = net.neurons("a", 3);
  const auto b = net.neurons("b", 3);
  const auto r = net.neurons("r", 2);
  net.project("in_a", in, a);
  net.project("a_b", a, b);
  const auto fc = net.weights("fc_out", 2, 3, 2.0);
  net.connect(a, fc);
  net.connect(b, fc);
  net.connect(fc, r);
  net.connect(r, net.output("output", 2));
  const ChipImage image = map(std::move(net).build(), "xylo-audio2");
  CHECK(image.hidden[0].alias_target == 3);  // a #0 → b #0 (hidden ids 0..2 → 3..5)
  CHECK(image.hidden[2].alias_target == 5);
  CHECK(image.hidden[3].alias_target == -1);
  CHECK(image.weight_out(0, 0) == 0);        // fc_out reads b, whose events include a's
  CHECK(image.weight_out(3, 0) == 2);
}

TEST_CASE("rule_weight_range_names_the_weight_and_the_chip_range") {
  CHECK(contains(mapping_error(with_hidden([](auto&) {}, 200.0), "xylo-audio2"),
                 "rule weight_range: node 'fc1' weight [0, 0] needs 200, Xylo Audio 2 offers -128..127"));
  CHECK(contains(mapping_error(with_hidden([](auto&) {}, -129.0), "xylo-imu"),
                 "rule weight_range: node 'fc1' weight [0, 0] needs -129, Xylo IMU offers -128..127"));
}

TEST_CASE("rule_threshold_range_and_bias_range_name_the_neuron") {
  CHECK(contains(mapping_error(with_hidden([](auto& p) { p.v_th = 40000.0; }), "xylo-audio2"),
                 "rule threshold_range: node 'lif1' threshold of neuron 0 needs 40000, Xylo Audio 2 offers "
                 "-32768..32767"));
  CHECK(contains(mapping_error(with_hidden([](auto& p) { p.bias = 200.0; }), "xylo-audio2"),
                 "rule bias_range: node 'lif1' bias of neuron 0 needs 200, Xylo Audio 2 offers -128..127"));
}

TEST_CASE("rule_dash_range_recovers_the_dash_from_the_time_constant") {
  // tau_of_dash(16) at dt = 1 ms: exp(−dt/tau) = 1 − 2^−16, one more than the 4-bit dash holds.
  const auto message = mapping_error(with_hidden([](auto& p) { p.tau_mem_s = tau_of_dash(16); }), "xylo-audio2");
  CHECK(contains(message, "rule dash_range: node 'lif1' tau_mem of neuron 0 = "));
  CHECK(contains(message, "needs dash 16 at dt 0.001 s, Xylo Audio 2 offers 0..15"));
  CHECK(map(with_hidden([](auto& p) { p.tau_mem_s = tau_of_dash(15); }), "xylo-audio2").hidden[0].dash_mem == 15);
  CHECK(map(with_hidden([](auto& p) { p.tau_mem_s = tau_of_dash(1); }), "xylo-audio2").hidden[1].dash_mem == 1);
}

TEST_CASE("a_model_that_is_not_quantized_is_refused_with_what_to_run") {
  CHECK(contains(mapping_error(with_hidden([](auto&) {}, 0.5), "xylo-audio2"),
                 "not quantized: node 'fc1' weight [0, 0] is 0.5, not an integer; run reef quantize first"));
  CHECK(contains(mapping_error(with_hidden([](auto& p) { p.v_th = 1.5; }), "xylo-audio2"),
                 "not quantized: node 'lif1' threshold of neuron 0 is 1.5, not an integer; run reef quantize first"));
  // tau 12.3 ms at dt 1 ms: −log2(1 − e^(−1/12.3)) ≈ 3.66, between dashes 3 and 4.
  CHECK(contains(mapping_error(with_hidden([](auto& p) { p.tau_mem_s = 0.0123; }), "xylo-audio2"),
                 "not a whole one; run reef quantize first"));
  CHECK(contains(mapping_error(with_hidden([](auto& p) { p.r = 6.5; }), "xylo-audio2"),
                 "not quantized: node 'lif1' has r 6.5 where the chip's is 1; run reef quantize first"));
  CHECK(contains(mapping_error(with_hidden([](auto& p) { p.reset = reef::core::ResetMode::to_value; }), "xylo-audio2"),
                 "not quantized: node 'lif1' resets to a value"));
}

TEST_CASE("rule_max_fan_out_counts_recurrent_targets_per_neuron") {
  // 65 neurons, all-to-all recurrence: every neuron has 65 targets, Audio 2 allows 64.
  CHECK(contains(mapping_error(one_hidden_layer(2, 65, 2), "xylo-audio2"),
                 "rule max_fan_out: hidden neuron 0 (node 'lif1' #0) needs 65 recurrent targets, Xylo Audio 2 has 64 "
                 "per neuron"));
  CHECK_NOTHROW(map(one_hidden_layer(2, 65, 2), "xylo-audio3"));  // Audio 3 allows 1024
}

TEST_CASE("rule_max_fan_in_counts_recurrent_sources_per_synapse") {
  // a (64 neurons, ids 0..63) all feed b #0 (id 64): 64 sources on synapse 0, Audio 2 allows 63.
  CHECK(contains(mapping_error(two_hidden_layers(64, 1), "xylo-audio2"),
                 "rule max_fan_in: hidden neuron 64 (node 'b' #0) synapse 0 needs 64 recurrent sources, Xylo Audio 2 "
                 "has 63 per synapse"));
  CHECK_NOTHROW(map(two_hidden_layers(63, 1), "xylo-audio2"));
}

TEST_CASE("rule_recurrent_memory_entries_counts_sparse_entries_over_all_neurons") {
  // 1000 neurons, each driving the next 33 (mod 1000): fan-out and fan-in 33, 33 000 entries > 32 000.
  NetBuilder net;
  const auto in = net.input("input", 2);
  const auto h = net.neurons("h", 1000);
  const auto r = net.neurons("r", 2);
  net.project("fc1", in, h);
  std::vector<double> w(1000 * 1000, 0.0);
  for (std::size_t i = 0; i < 1000; ++i)
    for (std::size_t k = 1; k <= 33; ++k) w[((i + k) % 1000) * 1000 + i] = 1.0;  // [target][source]
  const auto rec = net.weights("w_rec", 1000, 1000, 0.0, w);
  net.connect(h, rec);
  net.connect(rec, h);
  net.project("fc2", h, r);
  net.connect(r, net.output("output", 2));
  CHECK(contains(mapping_error(std::move(net).build(), "xylo-audio2"),
                 "rule recurrent_memory_entries: the image needs 33000 recurrent (source, target) entries, Xylo Audio "
                 "2 has 32000"));
}

TEST_CASE("validate_image_keeps_inputs_on_input_expansion_and_outputs_on_output_expansion_neurons") {
  // Xylo IMU, a(100) → b(100): hidden ids 0..199; inputs reach ids 0..127, outputs come from ids 72..199.
  const ChipImage image = map(two_hidden_layers(100, 100), "xylo-imu");
  REQUIRE(image.n_hidden == 200);
  ChipImage bad_in = image;
  bad_in.weights_in[(0 * 200 + 150) * 1 + 0] = 5;
  CHECK(contains(validation_error(bad_in, "xylo-imu"),
                 "rule input_expansion: input 0 (node 'input' #0) → hidden neuron 150 (node 'b' #50) needs an input "
                 "weight, Xylo IMU inputs reach hidden ids 0..127 only"));
  ChipImage bad_out = image;
  bad_out.weights_out[10 * 2 + 0] = 5;
  CHECK(contains(validation_error(bad_out, "xylo-imu"),
                 "rule output_expansion: hidden neuron 10 (node 'a' #10) → output neuron 0 (node 'r' #0) needs an "
                 "output weight, Xylo IMU outputs are driven by the last 128 hidden ids (72..199 of 200)"));
}

TEST_CASE("validate_image_checks_registers_sizes_aliases_and_the_chip") {
  const ChipImage image = map(one_hidden_layer(3, 4, 2), "xylo-audio2");
  CHECK_NOTHROW(reef::hw::validate_image(image, find_chip("xylo-audio2")));
  ChipImage bad = image;
  bad.hidden[1].dash_syn = 16;
  CHECK(contains(validation_error(bad, "xylo-audio2"),
                 "rule dash_range: hidden neuron 1 (node 'lif1' #1) dash_syn needs 16, Xylo Audio 2 offers 0..15"));
  bad = image;
  bad.outputs[0].threshold = -40000;
  CHECK(contains(validation_error(bad, "xylo-audio2"),
                 "rule threshold_range: output neuron 0 (node 'lif2' #0) threshold needs -40000"));
  bad = image;
  bad.hidden[2].alias_target = 4;
  CHECK(contains(validation_error(bad, "xylo-audio2"),
                 "rule alias_target: hidden neuron 2 (node 'lif1' #2) has alias target 4; it must be another hidden "
                 "id in 0..3"));
  bad = image;
  bad.weight_shift_rec = 8;
  CHECK(contains(validation_error(bad, "xylo-audio2"), "rule weight_shift_range: weight_shift_rec needs 8"));
  bad = image;
  bad.weights_rec.pop_back();
  CHECK(contains(validation_error(bad, "xylo-audio2"), "rule image_sizes: weights_rec has 15 entries"));
  CHECK(contains(validation_error(image, "xylo-imu"), "rule chip: the image is for chip 'xylo-audio2'"));
}

TEST_CASE("maps_the_quantized_braille_network_and_refuses_the_float_one") {
  const auto path = reef::test::shared_file("nir/neuromorphs+NIR/paper/03_rnn/braille_noDelay_noBias_subtract.nir");
  if (!path) return;
  const reef::core::Graph model = reef::io::read_nir(*path).graph;
  reef::hw::MapOptions options;
  options.dt_s = 1e-4;  // the snnTorch export's time step
  const auto chip = find_chip("xylo-audio2");
  CHECK_THROWS_WITH_AS(map_to_chip(model, chip, options), doctest::Contains("run reef quantize first"),
                       reef::MappingError);

  reef::hw::QuantOptions q;
  q.dt_s = 1e-4;
  const ChipImage image = map_to_chip(reef::hw::quantize(model, chip, q).graph, chip, options);
  CHECK(image.n_inputs == 12);
  CHECK(image.n_hidden == 40);
  CHECK(image.n_outputs == 7);
  CHECK(image.groups[1].node == "lif1.lif");
  CHECK(image.groups[2].node == "lif2");
}
