// W1 (CUBA) and W2 (Brunel, exponential PSCs) exactly as ../shared/docs/reference/workloads.md defines them,
// drawn with the same random-stream convention as the config loader (core/random.hpp), so that
// configs/examples/cuba.yaml and brunel.yaml produce identical graphs at scale 1.
#include "reef/sim/workloads.hpp"

#include <array>
#include <cmath>
#include <string>

#include "reef/core/connect.hpp"
#include "reef/core/error.hpp"
#include "reef/core/random.hpp"

namespace reef::sim {

namespace {

using core::Time;

std::size_t scaled(double count, double scale) {
  if (!(scale > 0.0)) throw ValidationError("--scale must be positive");
  const auto n = static_cast<std::size_t>(std::llround(count * scale));
  if (n == 0) throw ValidationError("--scale " + std::to_string(scale) + " leaves a population empty");
  return n;
}

std::vector<double> uniform_per_neuron(std::uint64_t seed, const std::string& population, const std::string& key,
                                       std::size_t n, double low, double high) {
  core::Rng rng(seed, core::stream_tag(population), core::stream_tag(key));
  std::vector<double> values(n);
  for (double& v : values) v = rng.uniform(low, high);
  return values;
}

core::Edge make_edge(const core::GraphBuilder& builder, const std::string& name, core::NodeId from, core::NodeId to,
                     std::size_t synapse, core::CsrTopology topology, double weight, Time delay) {
  core::Edge edge;
  edge.name = name;
  edge.source = from;
  edge.target = to;
  edge.synapse = synapse;
  edge.synapses = core::Synapses::sparse(builder.node(from).size, builder.node(to).size, std::move(topology), {weight},
                                         {delay});
  return edge;
}

// Adds populations "exc" (80 % of n) and "inh" with the same parameters; `initial_v` draws v_initial per neuron.
template <typename InitialV>
std::array<core::NodeId, 2> add_exc_inh(core::GraphBuilder& builder, std::size_t n, const core::NeuronParams& params,
                                        InitialV initial_v) {
  const std::size_t n_exc = static_cast<std::size_t>(std::llround(0.8 * static_cast<double>(n)));
  std::array<core::NodeId, 2> ids{};
  const char* names[2] = {"exc", "inh"};
  for (int i = 0; i < 2; ++i) {
    core::Node node;
    node.name = names[i];
    node.size = i == 0 ? n_exc : n - n_exc;
    core::NeuronParams p = params;
    p.v_initial = initial_v(node.name, node.size);
    node.params = std::move(p);
    ids[i] = builder.add_node(std::move(node));
  }
  return ids;
}

core::ConnectShape shape_of(const core::GraphBuilder& builder, core::NodeId from, core::NodeId to) {
  return {builder.node(from).size, builder.node(to).size, from == to};
}

}  // namespace

core::Graph make_cuba_network(double scale, std::uint64_t seed) {
  const std::size_t n = scaled(4000, scale);
  const double p = 0.02 * 4000.0 / static_cast<double>(n);
  core::NeuronParams params;
  params.model = core::NeuronModel::cuba_lif;
  params.tau_mem_s = 0.02;
  params.synapses = {{"exc", 0.005, 0.0}, {"inh", 0.01, 0.0}};
  params.v_leak = -49.0;
  params.v_th = -50.0;
  params.v_reset = -60.0;
  params.refractory_s = 0.005;
  core::GraphBuilder builder;
  const auto ids = add_exc_inh(builder, n, params, [&](const std::string& name, std::size_t size) {
    return core::PerNeuron(uniform_per_neuron(seed, name, "v_initial", size, -60.0, -50.0));
  });
  const struct {
    const char* name;
    int from, to;
    std::size_t synapse;
    double weight;
  } projections[] = {{"ee", 0, 0, 0, 1.62}, {"ei", 0, 1, 0, 1.62}, {"ie", 1, 0, 1, -9.0}, {"ii", 1, 1, 1, -9.0}};
  for (const auto& pr : projections) {
    core::Rng rng(seed, core::stream_tag(pr.name), 1);
    auto topology = core::connect_fixed_probability(shape_of(builder, ids[pr.from], ids[pr.to]), p, true, rng);
    builder.add_edge(make_edge(builder, pr.name, ids[pr.from], ids[pr.to], pr.synapse, std::move(topology), pr.weight,
                               Time()));
  }
  return std::move(builder).build();
}

core::Graph make_brunel_network(double scale, std::uint64_t seed) {
  const std::size_t n = scaled(12500, scale);
  const double w_exc = 54.96;
  const double w_inh = -5.0 * w_exc;
  const Time delay = Time::from_ns(1'500'000);
  core::NeuronParams params;
  params.model = core::NeuronModel::cuba_lif;
  params.tau_mem_s = 0.02;
  params.synapses = {{"syn", 0.0005, 0.0}};
  params.r = 0.08;  // tau_m / C_m in mV/pA
  params.v_leak = 0.0;
  params.v_th = 20.0;
  params.v_reset = 0.0;
  params.refractory_s = 0.002;
  core::GraphBuilder builder;
  const auto pops =
      add_exc_inh(builder, n, params, [](const std::string&, std::size_t) { return core::PerNeuron(0.0); });
  core::NodeId drives[2];
  const char* drive_names[2] = {"ext_exc", "ext_inh"};
  for (int i = 0; i < 2; ++i) {
    core::Node node;
    node.name = drive_names[i];
    node.size = builder.node(pops[i]).size;
    core::PoissonSourceParams poisson;
    poisson.rate_hz = 18194.98;
    poisson.seed = core::Rng(seed, core::stream_tag(node.name)).next_u64();
    node.params = poisson;
    drives[i] = builder.add_node(std::move(node));
  }
  const struct {
    const char* name;
    int from, to;
    std::size_t indegree;
    double weight;
  } projections[] = {
      {"ee", 0, 0, 1000, w_exc}, {"ei", 0, 1, 1000, w_exc}, {"ie", 1, 0, 250, w_inh}, {"ii", 1, 1, 250, w_inh}};
  for (const auto& pr : projections) {
    core::Rng rng(seed, core::stream_tag(pr.name), 1);
    auto topology =
        core::connect_fixed_indegree(shape_of(builder, pops[pr.from], pops[pr.to]), pr.indegree, true, true, rng);
    builder.add_edge(make_edge(builder, pr.name, pops[pr.from], pops[pr.to], 0, std::move(topology), pr.weight, delay));
  }
  const char* drive_edges[2] = {"ext_e", "ext_i"};
  for (int i = 0; i < 2; ++i) {
    auto topology = core::connect_one_to_one(shape_of(builder, drives[i], pops[i]));
    builder.add_edge(make_edge(builder, drive_edges[i], drives[i], pops[i], 0, std::move(topology), w_exc, delay));
  }
  return std::move(builder).build();
}

}  // namespace reef::sim
