// core::lint: each warning fires for the network it describes, names what is at fault, and stays quiet otherwise.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "reef/core/connect.hpp"
#include "reef/core/graph.hpp"
#include "reef/core/graph_lint.hpp"

namespace {

using namespace reef::core;

NeuronParams lif(double v_leak, double bias, double v_th = 1.0, double v_reset = 0.0) {
  NeuronParams params;
  params.model = NeuronModel::lif;
  params.v_leak = v_leak;
  params.bias = bias;
  params.v_th = v_th;
  params.v_reset = v_reset;
  return params;
}

Node population(const std::string& name, std::size_t size, NeuronParams params) {
  return Node{.name = name, .size = size, .params = std::move(params)};
}

Node poisson(const std::string& name, std::size_t size) {
  PoissonSourceParams params;
  params.rate_hz = 10.0;
  params.seed = 1;
  return Node{.name = name, .size = size, .params = params};
}

Edge all_to_all(const std::string& name, NodeId source, NodeId target, std::size_t n_source, std::size_t n_target) {
  auto topology = connect_all_to_all(ConnectShape{n_source, n_target, source == target}, true);
  return Edge{.name = name, .source = source, .target = target, .synapse = 0,
              .synapses = Synapses::sparse(n_source, n_target, std::move(topology), {0.5}, {Time::from_ns(0)})};
}

bool mentions(const std::vector<std::string>& warnings, const std::string& a, const std::string& b) {
  return std::any_of(warnings.begin(), warnings.end(), [&](const std::string& w) {
    return w.find(a) != std::string::npos && w.find(b) != std::string::npos;
  });
}

}  // namespace

TEST_CASE("a well-formed driven network has no warnings") {
  GraphBuilder builder;
  const NodeId in = builder.add_node(poisson("drive", 4));
  const NodeId pop = builder.add_node(population("p", 3, lif(0.0, 0.0)));
  builder.add_edge(all_to_all("drive_p", in, pop, 4, 3));
  CHECK(lint(std::move(builder).build()).empty());
}

TEST_CASE("warns that an undriven population whose resting level is below threshold never spikes") {
  GraphBuilder builder;
  builder.add_node(population("quiet", 5, lif(0.0, 0.5)));  // rests at 0.5 < v_th = 1
  const auto warnings = lint(std::move(builder).build());
  REQUIRE(warnings.size() == 1);
  CHECK(mentions(warnings, "'quiet'", "can never spike"));
  CHECK(mentions(warnings, "all 5 neurons", "v_leak + r*bias"));
}

TEST_CASE("an undriven population whose bias lifts it over threshold is not reported as silent") {
  GraphBuilder builder;
  builder.add_node(population("pacemaker", 2, lif(0.0, 1.5)));
  CHECK(lint(std::move(builder).build()).empty());
}

TEST_CASE("counts only the neurons that cannot spike when biases differ per neuron") {
  NeuronParams params = lif(0.0, 0.0);
  params.bias = PerNeuron(std::vector<double>{2.0, 0.1, 0.2, 3.0});
  GraphBuilder builder;
  builder.add_node(population("mixed", 4, params));
  const auto warnings = lint(std::move(builder).build());
  CHECK(mentions(warnings, "'mixed'", "2 of 4 neurons"));
}

TEST_CASE("an integrate-and-fire population without positive drift never spikes") {
  NeuronParams params = lif(0.0, -0.1);
  params.model = NeuronModel::integrate_and_fire;
  GraphBuilder builder;
  builder.add_node(population("if_pop", 3, params));
  CHECK(mentions(lint(std::move(builder).build()), "'if_pop'", "r*bias is not positive"));
}

TEST_CASE("a leaky integrator readout is never reported as silent") {
  NeuronParams params = lif(0.0, 0.0);
  params.model = NeuronModel::leaky_integrator;
  GraphBuilder builder;
  builder.add_node(population("readout", 2, params));
  CHECK(lint(std::move(builder).build()).empty());
}

TEST_CASE("warns about a projection whose rule produced no synapses") {
  GraphBuilder builder;
  const NodeId in = builder.add_node(poisson("drive", 3));
  const NodeId pop = builder.add_node(population("p", 3, lif(0.0, 0.0)));
  Rng rng(1);
  auto topology = connect_fixed_probability(ConnectShape{3, 3, false}, 0.0, false, rng);
  builder.add_edge(Edge{.name = "sparse_nothing", .source = in, .target = pop, .synapse = 0,
                        .synapses = Synapses::sparse(3, 3, std::move(topology), {1.0}, {Time::from_ns(0)})});
  const auto warnings = lint(std::move(builder).build());
  REQUIRE(warnings.size() == 1);
  CHECK(mentions(warnings, "'sparse_nothing'", "drive -> p"));
  CHECK(mentions(warnings, "'sparse_nothing'", "no synapses"));
}

TEST_CASE("warns about an input that is connected to nothing") {
  GraphBuilder builder;
  builder.add_node(poisson("orphan", 2));
  const NodeId in = builder.add_node(poisson("drive", 2));
  const NodeId pop = builder.add_node(population("p", 2, lif(0.0, 0.0)));
  builder.add_edge(all_to_all("drive_p", in, pop, 2, 2));
  const auto warnings = lint(std::move(builder).build());
  REQUIRE(warnings.size() == 1);
  CHECK(mentions(warnings, "'orphan'", "not connected"));
}

TEST_CASE("warns about neurons whose threshold is below their reset value") {
  GraphBuilder builder;
  const NodeId in = builder.add_node(poisson("drive", 2));
  const NodeId pop = builder.add_node(population("inverted", 2, lif(0.0, 0.0, /*v_th=*/-1.0, /*v_reset=*/0.5)));
  builder.add_edge(all_to_all("drive_p", in, pop, 2, 2));
  const auto warnings = lint(std::move(builder).build());
  REQUIRE(warnings.size() == 1);
  CHECK(mentions(warnings, "'inverted'", "v_th below v_reset"));
  CHECK(mentions(warnings, "v_th -1", "v_reset 0.5"));
}
