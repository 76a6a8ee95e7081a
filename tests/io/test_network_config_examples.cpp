// Network config: every YAML example in docs/config.md and the example configs parse into the networks they
// document (W1 CUBA, W2 Brunel, the demo) with the stream convention of core/random.hpp; a seed fixes the graph.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/network_config_helpers.hpp"
#include "reef/core/connect.hpp"
#include "reef/core/random.hpp"
#include "reef/io/npy.hpp"
#include "scratch_dir.hpp"

using reef::core::Rng;
using reef::core::stream_tag;
using reef::core::Time;

using reef::test::ScratchDir;

namespace {

const std::filesystem::path kExamples = std::filesystem::path(REEF_SOURCE_DIR) / "configs" / "examples";

constexpr const char* kRandomNetwork = R"(
seed: 5
populations:
  exc:
    model: cuba_lif
    size: 40
    tau_mem: 20 ms
    synapses: {exc: {tau: 5 ms}}
    v_initial: {uniform: [0, 1]}
inputs:
  kick: {type: poisson, size: 10, rate: 50}
projections:
  ee: {from: exc, to: exc, connect: {rule: fixed_probability, p: 0.1}, weight: {normal: [0.5, 0.1]}}
  ke: {from: kick, to: exc, connect: {rule: fixed_indegree, indegree: 3}, weight: 1, delay: {uniform: [0, 2 ms]}}
)";

}  // namespace

TEST_CASE("cuba_example_is_workload_w1_drawn_with_the_stream_convention") {
  const auto config = reef::io::load_network_config(kExamples / "cuba.yaml");
  CHECK(config.name == "cuba");
  CHECK(config.seed == 1);
  CHECK(config.duration == Time::from_ns(1'000'000'000));
  const auto& graph = config.graph;
  REQUIRE(graph.nodes().size() == 2);
  CHECK(graph.node(0).name == "exc");
  CHECK(graph.node(0).size == 3200);
  CHECK(graph.node(1).name == "inh");
  CHECK(graph.node(1).size == 800);
  for (const auto& node : graph.nodes()) {
    const auto& p = node.neurons();
    CHECK(p.model == reef::core::NeuronModel::cuba_lif);
    CHECK(p.tau_mem_s[0] == 0.02);
    REQUIRE(p.synapses.size() == 2);
    CHECK(p.synapses[0].name == "exc");
    CHECK(p.synapses[0].tau_s[0] == 0.005);
    CHECK(p.synapses[1].name == "inh");
    CHECK(p.synapses[1].tau_s[0] == 0.01);
    CHECK(p.v_leak[0] == -49.0);
    CHECK(p.v_th[0] == -50.0);
    CHECK(p.v_reset[0] == -60.0);
    CHECK(p.refractory_s[0] == 0.005);
    CHECK(p.r[0] == 1.0);
    Rng rng(1, stream_tag(node.name), stream_tag("v_initial"));
    REQUIRE(p.v_initial.size() == node.size);
    for (std::size_t i = 0; i < node.size; ++i) REQUIRE(p.v_initial[i] == rng.uniform(-60.0, -50.0));
  }
  REQUIRE(graph.edges().size() == 4);
  const char* names[] = {"ee", "ei", "ie", "ii"};
  for (std::size_t e = 0; e < 4; ++e) {
    const auto& edge = graph.edges()[e];
    CHECK(edge.name == names[e]);
    const bool from_exc = e < 2;
    CHECK(edge.source == (from_exc ? 0u : 1u));
    CHECK(edge.target == (e % 2 == 0 ? 0u : 1u));
    CHECK(edge.synapse == (from_exc ? 0u : 1u));
    CHECK(edge.synapses.weights().size() == 1);
    CHECK(edge.synapses.weight(0) == (from_exc ? 1.62 : -9.0));
    CHECK(edge.synapses.delays().size() == 1);
    CHECK(edge.synapses.delay(0) == Time());
    const std::size_t n_source = graph.node(edge.source).size;
    const std::size_t n_target = graph.node(edge.target).size;
    Rng rng(1, stream_tag(edge.name), 1);
    const auto expected =
        reef::core::connect_fixed_probability({n_source, n_target, edge.source == edge.target}, 0.02, true, rng);
    CHECK(edge.synapses.topology().targets == expected.targets);
    CHECK(edge.synapses.topology().row_offsets == expected.row_offsets);
  }
  const double mean_in_degree = static_cast<double>(graph.synapse_count()) / 4000.0;
  CHECK(mean_in_degree > 78.0);
  CHECK(mean_in_degree < 82.0);
}

TEST_CASE("brunel_example_is_workload_w2") {
  const auto config = reef::io::load_network_config(kExamples / "brunel.yaml");
  const auto& graph = config.graph;
  REQUIRE(graph.nodes().size() == 4);
  const char* node_names[] = {"exc", "inh", "ext_exc", "ext_inh"};
  const std::size_t sizes[] = {10000, 2500, 10000, 2500};
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(graph.node(i).name == node_names[i]);
    CHECK(graph.node(i).size == sizes[i]);
  }
  const auto& exc = graph.node(0).neurons();
  CHECK(exc.r[0] == 0.08);
  CHECK(exc.v_th[0] == 20.0);
  CHECK(exc.refractory_s[0] == 0.002);
  CHECK(exc.synapses.at(0).tau_s[0] == 0.0005);
  const auto& ext = std::get<reef::core::PoissonSourceParams>(graph.node(2).params);
  CHECK(ext.rate_hz[0] == 18194.98);
  CHECK(ext.seed == Rng(1, stream_tag("ext_exc")).next_u64());
  REQUIRE(graph.edges().size() == 6);
  const char* edge_names[] = {"ee", "ei", "ie", "ii", "ext_e", "ext_i"};
  const std::size_t in_degree[] = {1000, 1000, 250, 250, 1, 1};
  const double weight[] = {54.96, 54.96, -274.8, -274.8, 54.96, 54.96};
  for (std::size_t e = 0; e < 6; ++e) {
    const auto& edge = graph.edges()[e];
    CHECK(edge.name == edge_names[e]);
    CHECK(edge.synapses.weight(0) == weight[e]);
    CHECK(edge.synapses.delay(0) == Time::from_ns(1'500'000));
    const auto degrees = in_degrees(edge.synapses);
    CHECK(std::count(degrees.begin(), degrees.end(), in_degree[e]) == static_cast<long>(degrees.size()));
  }
  CHECK(graph.synapse_count() == 12500u * 1250u + 12500u);
}

TEST_CASE("demo_example_parses_and_records_state") {
  const auto config = reef::io::load_network_config(kExamples / "demo.yaml");
  CHECK(config.graph.neuron_count() <= 200);
  CHECK(config.record.all_spikes);
  CHECK_FALSE(config.record.state.empty());
}

TEST_CASE("same_seed_gives_the_same_graph_and_another_seed_a_different_one") {
  const auto first = parse_config(kRandomNetwork);
  const auto second = parse_config(kRandomNetwork);
  CHECK(first.graph.content_hash() == second.graph.content_hash());
  std::string reseeded = kRandomNetwork;
  reseeded.replace(reseeded.find("seed: 5"), 7, "seed: 6");
  CHECK(parse_config(reseeded).graph.content_hash() != first.graph.content_hash());
}

TEST_CASE("seed_override_replaces_the_file_seed_before_anything_is_drawn") {
  std::string reseeded = kRandomNetwork;
  reseeded.replace(reseeded.find("seed: 5"), 7, "seed: 77");
  reef::io::ConfigOverrides overrides;
  overrides.seed = 77;
  const auto overridden = parse_config(kRandomNetwork, REEF_TEST_DATA_DIR, overrides);
  CHECK(overridden.seed == 77);
  CHECK(overridden.graph.content_hash() == parse_config(reseeded).graph.content_hash());
  CHECK(overridden.graph.content_hash() != parse_config(kRandomNetwork).graph.content_hash());
}

TEST_CASE("every_yaml_example_in_the_config_docs_loads") {
  ScratchDir dir;  // the files the examples refer to
  const std::vector<std::size_t> vector_shape{4};
  const std::vector<std::size_t> matrix_shape{3, 4};
  reef::io::write_npy(dir.path() / "thresholds.npy", vector_shape, std::vector<double>{1.0, 1.1, 1.2, 1.3});
  reef::io::write_npy(dir.path() / "weights_3x4.npy", matrix_shape, std::vector<double>(12, 0.25));
  std::ofstream(dir.path() / "spikes.csv") << "t,channel\n0.001,0\n0.0015,9\n";

  std::ifstream in(std::filesystem::path(REEF_SOURCE_DIR) / "docs" / "config.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  std::size_t examples = 0;
  for (std::size_t start = doc.find("```yaml\n"); start != std::string::npos; start = doc.find("```yaml\n", start)) {
    start += 8;
    const std::size_t end = doc.find("```", start);
    REQUIRE(end != std::string::npos);
    const std::string yaml = doc.substr(start, end - start);
    CAPTURE(yaml);
    CHECK_NOTHROW(reef::io::parse_network_config(yaml, "config.md", dir.path()));
    ++examples;
    start = end + 3;
  }
  CHECK(examples >= 12);
}
