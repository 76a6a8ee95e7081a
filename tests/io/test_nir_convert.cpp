// YAML networks <-> NIR: populations, projections (Linear + Delay) and spike sources convert under the impulse
// convention and come back identical; what NIR or YAML cannot express is an error naming the population or node.
#include <string>

#include <doctest/doctest.h>

#include "reef/core/error.hpp"
#include "reef/io/network_config.hpp"
#include "reef/io/nir.hpp"
#include "scratch_dir.hpp"

namespace {

reef::core::Graph parse(const std::string& yaml) {
  return reef::io::parse_network_config(yaml, "test.yaml", ".").graph;
}

const std::string kNetwork = R"(
populations:
  a: {model: lif, size: 3, tau_mem: 20 ms, v_th: 1, reset: subtract}
  b:
    model: cuba_lif
    size: 2
    tau_mem: [10 ms, 12 ms]
    synapses: {exc: {tau: 5 ms}}
    r: 2
  c: {model: if, size: 2, v_th: 3}
projections:
  ab: {from: a, to: b, connect: {rule: all_to_all}, weight: 0.5, delay: 1 ms}
  ba: {from: b, to: a, connect: {rule: list, pairs: [[0, 1], [1, 2]]}, weight: [0.25, -1]}
  bc: {from: b, to: c, connect: {rule: one_to_one}, weight: 2}
)";

std::string error_of(const std::string& yaml) {
  try {
    reef::io::nir_graph_from_network(parse(yaml));
  } catch (const reef::ValidationError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a YAML network becomes neuron, Linear and Delay nodes with the impulse convention's w_in and r") {
  const auto conversion = reef::io::nir_graph_from_network(parse(kNetwork));
  const reef::core::Graph& g = conversion.graph;
  CHECK(g.nodes().size() == 7);  // a, b, c, ab, ab.delay, ba, bc
  const auto& b = g.node(*g.find("b")).neurons();
  REQUIRE(b.synapses.size() == 1);
  CHECK(b.synapses[0].w_in[0] == b.synapses[0].tau_s[0]);
  CHECK(g.node(*g.find("a")).neurons().r[0] == doctest::Approx(0.02));
  CHECK(g.node(*g.find("c")).neurons().r[0] == 1.0);
  const auto& ba = std::get<reef::core::AffineParams>(g.node(*g.find("ba")).params);
  CHECK(ba.weight.shape == reef::core::Shape{3, 2});
  CHECK(ba.weight.values == std::vector<double>{0, 0, 0.25, 0, 0, -1});
  CHECK(std::get<reef::core::DelayParams>(g.node(*g.find("ab.delay")).params).delay_s[0] == doctest::Approx(1e-3));
}

TEST_CASE("YAML -> NIR file -> YAML -> NIR gives the same NIR graph") {
  reef::test::ScratchDir scratch;
  const auto first = reef::io::nir_graph_from_network(parse(kNetwork));
  reef::io::write_nir(scratch / "net.nir", first.graph);
  const auto model = reef::io::read_nir(scratch / "net.nir");
  const auto notes = reef::io::write_nir_as_yaml(scratch / "net.yaml", model.graph);
  CHECK(notes.empty());
  CHECK(scratch.entries().count("net.ab.npy") == 1);
  const auto second = reef::io::nir_graph_from_network(reef::io::load_network_config(scratch / "net.yaml").graph);
  CHECK(second.graph.content_hash() == first.graph.content_hash());
}

TEST_CASE("spike sources become Input nodes with a note, Poisson sources and refractory periods are errors") {
  const auto conversion = reef::io::nir_graph_from_network(parse(R"(
populations:
  p: {model: lif, size: 2, tau_mem: 10 ms}
inputs:
  s: {type: spikes, times: [[1 ms], [2 ms]]}
projections:
  sp: {from: s, to: p, connect: {rule: one_to_one}, weight: 1}
)"));
  CHECK(std::holds_alternative<reef::core::InputParams>(conversion.graph.node(*conversion.graph.find("s")).params));
  REQUIRE(conversion.notes.size() == 1);
  CHECK(conversion.notes[0].find("input 's'") != std::string::npos);
  CHECK(error_of(R"(
populations:
  p: {model: lif, size: 2, tau_mem: 10 ms}
inputs:
  q: {type: poisson, size: 2, rate: 10}
)").find("input 'q': NIR cannot express Poisson rates") != std::string::npos);
  CHECK(error_of("populations:\n  p: {model: lif, size: 2, tau_mem: 10 ms, refractory: 2 ms}\n")
            .find("population 'p': NIR cannot express a refractory period") != std::string::npos);
  CHECK(error_of(R"(
populations:
  p:
    model: cuba_lif
    size: 2
    tau_mem: 10 ms
    synapses: {exc: {tau: 5 ms}, inh: {tau: 10 ms}}
)").find("several synapse types with different time constants") != std::string::npos);
}

TEST_CASE("NIR -> YAML leaves out Input nodes with a note and refuses layers YAML cannot express") {
  reef::test::ScratchDir scratch;
  reef::core::GraphBuilder builder;
  const auto input = builder.add_node({"in", 2, reef::core::InputParams{}, {2}});
  const auto scale = builder.add_node({"gain", 2, reef::core::ScaleParams{{1.0, 2.0}}, {2}});
  builder.add_connection({input, scale});
  const reef::core::Graph graph = std::move(builder).build();
  try {
    reef::io::write_nir_as_yaml(scratch / "x.yaml", graph);
    FAIL("expected an error");
  } catch (const reef::ValidationError& e) {
    CHECK(std::string(e.what()).find("node 'gain'") != std::string::npos);
  }
  CHECK(scratch.entries().empty());
}
