// analyze_topology: how a graph reads as a Xylo network (hidden order, recurrence, aliases) and one test per
// structural design rule, each checking that the MappingError names the rule, the node and the numbers.
#include <doctest/doctest.h>

#include <functional>
#include <string>

#include "reef/core/error.hpp"
#include "reef/hw/chip_spec.hpp"
#include "reef/hw/topology.hpp"
#include "test_mapper_graphs.hpp"
#include "text_helpers.hpp"

using namespace mapper_test;
using reef::hw::analyze_topology;
using reef::hw::find_chip;

namespace {

std::string mapping_error(const reef::core::Graph& graph, const std::string& chip) {
  try {
    analyze_topology(graph, find_chip(chip));
  } catch (const reef::MappingError& e) {
    return e.what();
  }
  FAIL("no MappingError");
  return {};
}

using reef::test::contains;

}  // namespace

TEST_CASE("reads_a_recurrent_hidden_layer_between_input_and_readout") {
  const auto graph = one_hidden_layer(12, 40, 7);
  const auto t = analyze_topology(graph, find_chip("xylo-audio2"));
  CHECK(t.n_inputs == 12);
  REQUIRE(t.hidden.size() == 1);
  CHECK(graph.node(t.hidden[0].node).name == "lif1");
  CHECK(t.hidden[0].size == 40);
  CHECK(t.hidden[0].recurrent);
  CHECK(graph.node(t.readout.node).name == "lif2");
  CHECK(t.readout.size == 7);
  CHECK_FALSE(t.readout.recurrent);
  REQUIRE(t.weights.size() == 3);  // fc1, w_rec, fc2 in node order
  CHECK(t.weights[0].from_input);
  CHECK(t.weights[0].to_hidden == 0);
  CHECK(t.weights[1].from_hidden == 0);
  CHECK(t.weights[1].to_hidden == 0);
  CHECK(t.weights[2].to_output);
  CHECK(t.aliases.empty());
  CHECK(t.hidden_neurons() == 40);
}

TEST_CASE("connection_synapse_picks_the_synaptic_current_a_weight_node_drives") {
  NetBuilder net;
  const auto in = net.input("input", 2);
  const auto h = net.neurons("h", 3, chip_neurons(2));
  const auto r = net.neurons("r", 1);
  net.project("exc", in, h, 1.0, 0);
  net.project("inh", in, h, -1.0, 1);
  net.project("out", h, r);
  net.connect(r, net.output("output", 1));
  const auto graph = std::move(net).build();
  const auto t = analyze_topology(graph, find_chip("xylo-audio2"));
  REQUIRE(t.weights.size() == 3);
  CHECK(t.weights[0].synapse == 0);
  CHECK(t.weights[1].synapse == 1);
  CHECK(t.hidden[0].synapses == 2);
}

TEST_CASE("orders_hidden_layers_in_network_order_and_expansion_neurons_first_and_last") {
  // a is fed by the input, b by a, c by the input and b; the readout by b. Network order: a, b, c. On chips with
  // input/output expansion neurons the input-fed layers (a, c) come first and the readout's driver (b) last.
  NetBuilder net;
  const auto in = net.input("input", 2);
  const auto a = net.neurons("a", 3);
  const auto b = net.neurons("b", 3);
  const auto c = net.neurons("c", 3);
  const auto r = net.neurons("r", 2);
  net.project("in_a", in, a);
  net.project("a_b", a, b);
  net.project("in_c", in, c);
  net.project("b_c", b, c, 1.0, 0);
  net.project("b_r", b, r);
  net.connect(r, net.output("output", 2));
  // c must reach the output: c → b closes a loop b → c → b (recurrence between layers is fine on the chip).
  net.project("c_b", c, b);
  const auto graph = std::move(net).build();
  const auto names = [&](const reef::hw::ChipTopology& t) {
    std::string out;
    for (const auto& layer : t.hidden) out += graph.node(layer.node).name;
    return out;
  };
  CHECK(names(analyze_topology(graph, find_chip("xylo-audio2"))) == "abc");
  CHECK(names(analyze_topology(graph, find_chip("xylo-imu"))) == "acb");
}

TEST_CASE("a_weight_node_summing_two_equal_layers_becomes_an_alias") {
  // Residual block: in → a → b; fc_out sums a and b into the readout. Chip: a's events are copied into b (alias),
  // and fc_out reads b alone.
  NetBuilder net;
  const auto in = net.input("input", 2);
  const auto a = net.neurons("a", 4);
  const auto b = net.neurons("b", 4);
  const auto r = net.neurons("r", 2);
  net.project("in_a", in, a);
  net.project("a_b", a, b);
  const auto fc_out = net.weights("fc_out", 2, 4);
  net.connect(a, fc_out);
  net.connect(b, fc_out);
  net.connect(fc_out, r);
  net.connect(r, net.output("output", 2));
  const auto graph = std::move(net).build();
  const auto t = analyze_topology(graph, find_chip("xylo-audio2"));
  REQUIRE(t.aliases.size() == 1);
  CHECK(t.aliases[0].source == 0);
  CHECK(t.aliases[0].target == 1);
  CHECK(t.weights.back().from_hidden == 1);
  CHECK(t.weights.back().to_output);
}

TEST_CASE("refuses_a_residual_sum_of_layers_of_different_sizes") {
  NetBuilder net;
  const auto in = net.input("input", 2);
  const auto a = net.neurons("a", 4);
  const auto b = net.neurons("b", 5);
  const auto r = net.neurons("r", 2);
  net.project("in_a", in, a);
  net.project("a_b", a, b);
  const auto fc = net.weights("fc_out", 2, 4);
  net.connect(a, fc);
  net.connect(b, fc);
  net.connect(fc, r);
  net.connect(r, net.output("output", 2));
  REQUIRE_THROWS_AS(std::move(net).build(), reef::ValidationError);  // NIR shapes already differ: 4 vs 5 inputs
}

TEST_CASE("rule_max_inputs_names_the_channels_needed_and_offered") {
  const auto message = mapping_error(one_hidden_layer(17, 4, 2), "xylo-audio2");
  CHECK(contains(message, "rule max_inputs: input 'input' needs 17 input channels, Xylo Audio 2 has 16"));
}

TEST_CASE("rule_max_hidden_counts_neurons_over_all_hidden_layers") {
  NetBuilder net;
  const auto in = net.input("input", 2);
  const auto h1 = net.neurons("h1", 600);
  const auto h2 = net.neurons("h2", 500);
  const auto r = net.neurons("r", 2);
  net.project("w1", in, h1);
  net.project("w2", h1, h2);
  net.project("w3", h2, r);
  net.connect(r, net.output("output", 2));
  // 600 + 500 = 1100 > 1000 on Audio 2; 600 alone > 496 on IMU.
  CHECK(contains(mapping_error(std::move(net).build(), "xylo-audio2"),
                 "rule max_hidden: node 'h2' needs 500 hidden neurons (1100 so far), Xylo Audio 2 has 1000"));
  CHECK(contains(mapping_error(one_hidden_layer(2, 497, 2), "xylo-imu"),
                 "rule max_hidden: node 'lif1' needs 497 hidden neurons (497 so far), Xylo IMU has 496"));
}

TEST_CASE("rule_max_outputs_names_the_readout") {
  CHECK(contains(mapping_error(one_hidden_layer(2, 4, 9), "xylo-audio2"),
                 "rule max_outputs: readout 'lif2' needs 9 output neurons, Xylo Audio 2 has 8"));
  CHECK(contains(mapping_error(one_hidden_layer(2, 4, 33), "xylo-audio3"),
                 "rule max_outputs: readout 'lif2' needs 33 output neurons, Xylo Audio 3 has 32"));
}

TEST_CASE("rule_max_synapses_per_neuron_follows_what_the_chip_configuration_carries") {
  const auto two_synapse_net = [] {
    NetBuilder net;
    const auto in = net.input("input", 2);
    const auto h = net.neurons("h", 3, chip_neurons(2));
    const auto r = net.neurons("r", 1);
    net.project("fc1", in, h);
    net.project("fc2", h, r);
    net.connect(r, net.output("output", 1));
    return std::move(net).build();
  };
  CHECK_NOTHROW(analyze_topology(two_synapse_net(), find_chip("xylo-audio2")));
  CHECK(contains(mapping_error(two_synapse_net(), "xylo-imu"),
                 "rule max_synapses_per_neuron: node 'h' needs 2 synapses per neuron, Xylo IMU hidden neurons have 1"));
  // Audio 3 has two synaptic states, but its configuration writes synapse 1 only (reference §6.6).
  CHECK(contains(mapping_error(two_synapse_net(), "xylo-audio3"), "needs 2 synapses per neuron, Xylo Audio 3"));

  NetBuilder net;
  const auto in = net.input("input", 2);
  const auto h = net.neurons("h", 3);
  const auto r = net.neurons("r", 1, chip_neurons(2));
  net.project("fc1", in, h);
  net.project("fc2", h, r);
  net.connect(r, net.output("output", 1));
  CHECK(contains(mapping_error(std::move(net).build(), "xylo-audio2"),
                 "rule max_synapses_per_neuron: readout 'r' needs 2 synapses per neuron, Xylo Audio 2 output "
                 "neurons have 1"));
}

TEST_CASE("rule_input_expansion_limits_the_neurons_fed_by_inputs") {
  CHECK(contains(mapping_error(one_hidden_layer(2, 200, 2), "xylo-imu"),
                 "rule input_expansion: node 'lif1' needs 200 neurons fed by the inputs (200 so far), Xylo IMU has "
                 "128 input expansion neurons"));
  CHECK_NOTHROW(analyze_topology(one_hidden_layer(2, 200, 2), find_chip("xylo-audio2")));
}

TEST_CASE("refuses_node_types_and_neuron_models_the_chip_does_not_have") {
  SUBCASE("a delay node") {
    NetBuilder net;
    const auto in = net.input("input", 2);
    const auto h = net.neurons("h", 2);
    const auto r = net.neurons("r", 2);
    const auto d = net.node({"delay", 2, reef::core::DelayParams{{0.001, 0.001}}, {}});
    net.project("fc1", in, h);
    const auto fc2 = net.weights("fc2", 2, 2);
    net.connect(h, fc2);
    net.connect(fc2, d);
    net.connect(d, r);
    net.connect(r, net.output("output", 2));
    CHECK(contains(mapping_error(std::move(net).build(), "xylo-audio2"),
                   "rule supported_node_types: node 'delay' is a delay node; Xylo Audio 2 runs Input, Affine/Linear, "
                   "CubaLIF and Output nodes only"));
  }
  SUBCASE("a LIF neuron without synaptic current") {
    NetBuilder net;
    reef::core::NeuronParams lif;
    lif.model = reef::core::NeuronModel::lif;
    const auto in = net.input("input", 2);
    const auto h = net.neurons("h", 2, lif);
    const auto r = net.neurons("r", 2);
    net.project("fc1", in, h);
    net.project("fc2", h, r);
    net.connect(r, net.output("output", 2));
    CHECK(contains(mapping_error(std::move(net).build(), "xylo-audio2"),
                   "rule supported_neuron_model: node 'h' is a lif neuron"));
  }
}

TEST_CASE("refuses_graphs_whose_structure_the_chip_cannot_run") {
  NetBuilder net;
  const auto in = net.input("input", 2);
  const auto h = net.neurons("h", 2);
  const auto r = net.neurons("r", 2);
  const auto out = net.output("output", 2);
  std::string expected;
  SUBCASE("inputs straight into neurons") {
    net.connect(in, h);
    net.project("fc2", h, r);
    net.connect(r, out);
    expected = "rule first_module_is_a_weight: input 'input' feeds 'h' (cuba_lif) directly";
  }
  SUBCASE("neurons straight into neurons") {
    net.project("fc1", in, h);
    net.connect(h, r);
    net.connect(r, out);
    expected = "rule input_to_neurons_is_a_weight: node 'r' is fed by 'h' (cuba_lif) directly";
  }
  SUBCASE("two weight nodes in a row") {
    net.project("fc1", in, h);
    const auto w1 = net.weights("w1", 2, 2);
    const auto w2 = net.weights("w2", 2, 2);
    net.connect(h, w1);
    net.connect(w1, w2);
    net.connect(w2, r);
    net.connect(r, out);
    expected = "rule no_consecutive_weights: node 'w1' feeds weight node 'w2' directly";
  }
  SUBCASE("a recurrent readout") {
    net.project("fc1", in, h);
    net.project("fc2", h, r);
    net.project("r_rec", r, r);
    net.connect(r, out);
    expected = "rule output_neurons_cannot_be_recurrent: readout 'r' feeds 'r_rec'";
  }
  SUBCASE("weights straight into the output") {
    net.project("fc1", in, h);
    const auto w = net.weights("fc2", 2, 2);
    net.connect(h, w);
    net.connect(w, out);
    net.project("unused", h, r);
    expected = "rule output_nodes_have_neurons_as_source: output 'output' is fed by 'fc2' (linear)";
  }
  SUBCASE("a layer that reaches no output") {
    net.project("fc1", in, r);
    net.connect(r, out);
    net.project("dangling", in, h);
    expected = "rule connected: node 'h' is not on a path from 'input' to 'output'";
  }
  SUBCASE("the same connection twice") {
    const auto w = net.project("fc1", in, h);
    net.connect(in, w);
    net.project("fc2", h, r);
    net.connect(r, out);
    expected = "rule duplicate_connection: 'input' is connected to 'fc1' twice";
  }
  SUBCASE("a weight node with a bias") {
    net.project("fc1", in, h);
    reef::core::AffineParams biased;
    biased.weight = {{2, 2}, {1, 1, 1, 1}};
    biased.bias = {0.0, 0.5};
    const auto w = net.node({"fc2", 2, biased, {}});
    net.connect(h, w);
    net.connect(w, r);
    net.connect(r, out);
    expected = "rule weight_nodes_have_no_biases: node 'fc2' has a bias";
  }
  const auto message = mapping_error(std::move(net).build(), "xylo-audio2");
  CHECK_MESSAGE(contains(message, expected), message);
}

TEST_CASE("a_network_without_a_hidden_layer_needs_one") {
  NetBuilder net;
  const auto in = net.input("input", 2);
  const auto r = net.neurons("r", 2);
  net.project("fc1", in, r);
  net.connect(r, net.output("output", 2));
  CHECK(contains(mapping_error(std::move(net).build(), "xylo-audio2"),
                 "rule at_least_two_neuron_layers_needed: node 'fc1' connects the input straight to readout 'r'"));
}
