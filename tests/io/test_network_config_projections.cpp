// Network config: projections parse into the expected edges — each connect rule's connectivity, target synapse
// selection, shared and random weights and delays (on the documented streams), dense matrices, current inputs,
// and the record section.
#include <doctest/doctest.h>

#include <algorithm>

#include "io/network_config_helpers.hpp"
#include "reef/core/connect.hpp"
#include "reef/core/random.hpp"
#include "reef/io/npy.hpp"
#include "scratch_dir.hpp"

using reef::core::Time;

using reef::test::ScratchDir;

namespace {

constexpr const char* kTwoPopulations = R"(
populations:
  a:
    model: cuba_lif
    size: 20
    tau_mem: 20 ms
    synapses: {exc: {tau: 5 ms}, inh: {tau: 10 ms}}
  b:
    model: cuba_lif
    size: 20
    tau_mem: 20 ms
    synapses: {only: {tau: 5 ms}}
  small: {model: lif, size: 3, tau_mem: 20 ms}
)";

reef::io::NetworkConfig with_projections(const std::string& projections,
                                         const std::filesystem::path& base_dir = REEF_TEST_DATA_DIR) {
  return parse_config(std::string(kTwoPopulations) + "projections:\n" + projections, base_dir);
}

}  // namespace

TEST_CASE("one_to_one_connects_the_diagonal") {
  const auto config = with_projections("  ab: {from: a, to: b, connect: {rule: one_to_one}, weight: 0.5}\n");
  const auto& edge = edge_named(config.graph, "ab");
  CHECK(edge.source == 0);
  CHECK(edge.target == 1);
  CHECK(edge.synapse == 0);
  const auto& s = edge.synapses;
  REQUIRE(s.count() == 20);
  for (std::size_t i = 0; i < 20; ++i) {
    CHECK(s.topology().row_offsets[i + 1] - s.topology().row_offsets[i] == 1);
    CHECK(s.topology().targets[i] == i);
  }
  CHECK(s.has_shared_weight());
  CHECK(s.weight(0) == 0.5);
  CHECK(s.delays().size() == 1);
  CHECK(s.delay(0) == Time());
}

TEST_CASE("all_to_all_without_autapses_leaves_out_self_connections") {
  const auto config = with_projections(
      "  aa: {from: a, to: a, synapse: inh, connect: {rule: all_to_all, autapses: false}, weight: -1}\n"
      "  ab: {from: a, to: b, connect: {rule: all_to_all, autapses: false}, weight: 1}\n");
  const auto& aa = edge_named(config.graph, "aa");
  CHECK(aa.synapse == 1);
  CHECK(aa.synapses.count() == 20 * 19);
  const auto& topology = aa.synapses.topology();
  for (std::size_t source = 0; source < 20; ++source)
    for (auto k = topology.row_offsets[source]; k < topology.row_offsets[source + 1]; ++k)
      CHECK(topology.targets[k] != source);
  CHECK(edge_named(config.graph, "ab").synapses.count() == 20 * 20);  // different populations: no autapses to drop
}

TEST_CASE("fixed_indegree_gives_every_target_exactly_indegree_sources") {
  const auto config = with_projections(
      "  ab: {from: a, to: b, connect: {rule: fixed_indegree, indegree: 7}, weight: 1}\n"
      "  aa:\n"
      "    {from: a, to: a, synapse: exc, weight: 1,\n"
      "     connect: {rule: fixed_indegree, indegree: 19, autapses: false, multapses: false}}\n");
  for (std::size_t degree : in_degrees(edge_named(config.graph, "ab").synapses)) CHECK(degree == 7);
  const auto& aa = edge_named(config.graph, "aa").synapses;
  for (std::size_t degree : in_degrees(aa)) CHECK(degree == 19);
  const auto& topology = aa.topology();
  for (std::size_t source = 0; source < 20; ++source)
    for (auto k = topology.row_offsets[source]; k < topology.row_offsets[source + 1]; ++k)
      CHECK(topology.targets[k] != source);
}

TEST_CASE("fixed_probability_draws_connectivity_from_stream_1_of_the_projection") {
  const auto config = with_projections(
      "  aa: {from: a, to: a, synapse: exc, connect: {rule: fixed_probability, p: 0.3}, weight: 1}\n");
  reef::core::Rng rng(1, reef::core::stream_tag("aa"), 1);
  const auto expected = reef::core::connect_fixed_probability({20, 20, true}, 0.3, true, rng);
  const auto& topology = edge_named(config.graph, "aa").synapses.topology();
  CHECK(topology.row_offsets == expected.row_offsets);
  CHECK(topology.targets == expected.targets);
  CHECK(topology.targets.size() > 60);   // expected 120 of 400
  CHECK(topology.targets.size() < 180);
}

TEST_CASE("fixed_probability_extremes_connect_nothing_or_everything") {
  const auto config = with_projections(
      "  none: {from: a, to: b, connect: {rule: fixed_probability, p: 0}, weight: 1}\n"
      "  all: {from: a, to: b, connect: {rule: fixed_probability, p: 1}, weight: 1}\n");
  CHECK(edge_named(config.graph, "none").synapses.count() == 0);
  CHECK(edge_named(config.graph, "all").synapses.count() == 400);
}

TEST_CASE("list_rule_keeps_the_pairs_and_puts_per_pair_weights_in_csr_order") {
  const auto config = with_projections(
      "  ab:\n"
      "    from: a\n"
      "    to: b\n"
      "    connect: {rule: list, pairs: [[5, 1], [0, 2], [5, 0], [0, 2]]}\n"
      "    weight: [1.0, 2.0, 3.0, 4.0]\n");
  const auto& s = edge_named(config.graph, "ab").synapses;
  REQUIRE(s.count() == 4);
  const auto& topology = s.topology();
  CHECK(topology.row_offsets[1] == 2);   // source 0: two synapses (a multapse)
  CHECK(topology.row_offsets[5] == 2);
  CHECK(topology.row_offsets[6] == 4);   // source 5: two synapses
  CHECK(topology.targets == std::vector<std::uint32_t>{2, 2, 1, 0});
  CHECK(std::vector<double>(s.weights().begin(), s.weights().end()) == std::vector<double>{2.0, 4.0, 1.0, 3.0});
}

TEST_CASE("dense_rule_takes_its_weights_from_an_npy_matrix") {
  ScratchDir dir;
  std::vector<double> weights(20 * 3);
  for (std::size_t i = 0; i < weights.size(); ++i) weights[i] = 0.01 * static_cast<double>(i);
  const std::vector<std::size_t> shape{20, 3};
  reef::io::write_npy(dir.path() / "w.npy", shape, weights);
  const auto config =
      with_projections("  as: {from: a, to: small, connect: {rule: dense, matrix: w.npy}, delay: 2 ms}\n", dir.path());
  const auto& s = edge_named(config.graph, "as").synapses;
  CHECK(s.is_dense());
  CHECK(s.n_source() == 20);
  CHECK(s.n_target() == 3);
  CHECK(s.count() == 60);
  CHECK(std::vector<double>(s.weights().begin(), s.weights().end()) == weights);
  CHECK(s.delay(0) == Time::from_ns(2'000'000));
}

TEST_CASE("random_weights_and_delays_are_drawn_per_synapse_from_streams_2_and_3") {
  const auto config = with_projections(
      "  ab:\n"
      "    from: a\n"
      "    to: b\n"
      "    connect: {rule: all_to_all}\n"
      "    weight: {uniform: [0.5, 1.5]}\n"
      "    delay: {uniform: [1 ms, 3 ms]}\n"
      "  ba: {from: b, to: a, synapse: exc, connect: {rule: one_to_one}, weight: {normal: [1, 0.2]}}\n");
  const auto& s = edge_named(config.graph, "ab").synapses;
  REQUIRE(s.weights().size() == 400);
  REQUIRE(s.delays().size() == 400);
  reef::core::Rng weight_rng(1, reef::core::stream_tag("ab"), 2);
  reef::core::Rng delay_rng(1, reef::core::stream_tag("ab"), 3);
  for (std::size_t k = 0; k < 400; ++k) {
    CHECK(s.weight(k) == weight_rng.uniform(0.5, 1.5));
    CHECK(s.delay(k) == Time::from_seconds(delay_rng.uniform(0.001, 0.003)));
    CHECK(s.delay(k) >= Time::from_ns(1'000'000));
    CHECK(s.delay(k) <= Time::from_ns(3'000'000));
  }
  const auto& normal = edge_named(config.graph, "ba").synapses;
  reef::core::Rng normal_rng(1, reef::core::stream_tag("ba"), 2);
  REQUIRE(normal.weights().size() == 20);
  for (std::size_t k = 0; k < 20; ++k) CHECK(normal.weight(k) == normal_rng.normal(1.0, 0.2));
}

TEST_CASE("synapse_is_optional_when_the_target_has_exactly_one_and_names_it_otherwise") {
  const auto config = with_projections(
      "  ab: {from: a, to: b, connect: {rule: one_to_one}, weight: 1}\n"
      "  ab_named: {from: a, to: b, synapse: only, connect: {rule: one_to_one}, weight: 1}\n"
      "  aa_inh: {from: a, to: a, synapse: inh, connect: {rule: one_to_one}, weight: 1}\n"
      "  a_small: {from: a, to: small, connect: {rule: all_to_all}, weight: 1}\n");
  CHECK(edge_named(config.graph, "ab").synapse == 0);
  CHECK(edge_named(config.graph, "ab_named").synapse == 0);
  CHECK(edge_named(config.graph, "aa_inh").synapse == 1);
  CHECK(edge_named(config.graph, "a_small").synapse == 0);
}

TEST_CASE("projection_from_a_current_input_has_no_delay_and_no_synapse") {
  const auto config = parse_config(std::string(kTwoPopulations) + R"(
inputs:
  drive: {type: current, size: 1, amplitude: 2.0}
projections:
  bias_a: {from: drive, to: a, connect: {rule: all_to_all}, weight: 0.5}
)");
  const auto& edge = edge_named(config.graph, "bias_a");
  CHECK(edge.source == 3);
  CHECK(edge.synapse == 0);
  CHECK(edge.synapses.count() == 20);
  CHECK(edge.synapses.delay(0) == Time());
}

TEST_CASE("projections_keep_document_order") {
  const auto config = with_projections(
      "  z: {from: a, to: b, connect: {rule: one_to_one}, weight: 1}\n"
      "  y: {from: b, to: a, synapse: exc, connect: {rule: one_to_one}, weight: 1}\n"
      "  x: {from: a, to: small, connect: {rule: all_to_all}, weight: 1}\n");
  const auto& edges = config.graph.edges();
  REQUIRE(edges.size() == 3);
  CHECK(edges[0].name == "z");
  CHECK(edges[1].name == "y");
  CHECK(edges[2].name == "x");
}

TEST_CASE("record_section_selects_spikes_and_state_probes") {
  const auto config = parse_config(std::string(kTwoPopulations) + R"(
record:
  spikes: [b, a]
  state:
    - {population: a, neurons: [0, 1, 2], variables: [v, exc], interval: 0.5 ms}
    - {population: small}
)");
  const auto& record = config.record;
  CHECK_FALSE(record.all_spikes);
  CHECK(record.spike_populations == std::vector<std::string>{"b", "a"});
  REQUIRE(record.state.size() == 2);
  CHECK(record.state[0].population == "a");
  CHECK(record.state[0].neurons == std::vector<std::uint32_t>{0, 1, 2});
  CHECK(record.state[0].variables == std::vector<std::string>{"v", "exc"});
  CHECK(record.state[0].interval == Time::from_ns(500'000));
  CHECK(record.state[1].neurons.empty());
  CHECK(record.state[1].variables == std::vector<std::string>{"v"});
  CHECK(record.state[1].interval == Time::from_ns(100'000));

  const auto none = parse_config(std::string(kTwoPopulations) + "record: {spikes: none}\n");
  CHECK_FALSE(none.record.all_spikes);
  CHECK(none.record.spike_populations.empty());
}
