// The rockpool profile with several synapses per neuron (Rockpool's LIF with n_synapses > 1, rockpool_xylo.md §2.2):
// a Connection's `synapse` picks the current it feeds, each current decays with its own tau_syn and all of them sum
// into v. Hand-worked numbers; graphs that other profiles or NIR cannot express are refused.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "reef/core/error.hpp"
#include "reef/io/nir.hpp"
#include "reef/sim/step_engine.hpp"
#include "scratch_dir.hpp"

namespace {

constexpr double kDt = 1e-3;

// input(1) → w0 (40) → n, synapse 0 (tau: decay 1/2 per step)
//          → w1 (8)  → n, synapse 1 (tau: decay 1/4 per step)
// n → w_rec (2) → n, synapse 1 (last step's spikes);  n: CubaLIF, membrane decay 1/2, threshold 10, no bias.
reef::core::Graph two_synapse_neuron() {
  reef::core::GraphBuilder builder;
  const auto weight = [&](const std::string& name, double w) {
    reef::core::AffineParams params;
    params.weight.shape = {1, 1};
    params.weight.values = {w};
    params.bias = {0.0};
    return builder.add_node({name, 1, params});
  };
  reef::core::NeuronParams p;
  p.model = reef::core::NeuronModel::cuba_lif;
  p.tau_mem_s = kDt / std::log(2.0);
  p.v_th = 10.0;
  p.reset = reef::core::ResetMode::subtract;
  p.synapses.push_back({"fast", kDt / std::log(2.0), 0.0, 1.0});
  p.synapses.push_back({"faster", kDt / std::log(4.0), 0.0, 1.0});
  const auto input = builder.add_node({"input", 1, reef::core::InputParams{}});
  const auto w0 = weight("w0", 40.0);
  const auto w1 = weight("w1", 8.0);
  const auto n = builder.add_node({"n", 1, p});
  const auto rec = weight("w_rec", 2.0);
  const auto output = builder.add_node({"output", 1, reef::core::OutputParams{}});
  builder.add_connection({input, w0});
  builder.add_connection({input, w1});
  builder.add_connection({w0, n, 0});
  builder.add_connection({w1, n, 1});
  builder.add_connection({n, rec});
  builder.add_connection({rec, n, 1});
  builder.add_connection({n, output});
  return std::move(builder).build();
}

const reef::core::GridTrace& trace(const reef::sim::StepRun& run, const std::string& variable) {
  for (const auto& grid : run.recording.grid)
    if (grid.node == "n" && grid.variable == variable) return grid;
  throw std::runtime_error("no trace of n." + variable);
}

}  // namespace

TEST_CASE("rockpool profile feeds each synapse its own connections and sums the currents into v like Rockpool's LIF") {
  reef::sim::StepOptions options;
  options.profile = reef::sim::StepProfile::rockpool;
  options.dt_s = kDt;
  reef::sim::StepEngine engine(two_synapse_neuron(), options);
  reef::sim::StepRecordRequest record;
  record.v_nodes = {"n"};
  const auto run = engine.run({{"input", 1, 4, {1.0, 0.0, 0.0, 0.0}}}, record);
  // Rockpool per step: I_k += x_k (+ irec_k from last step's spikes); v *= 1/2; I_0 *= 1/2; I_1 *= 1/4;
  // v += I_0 + I_1; n = floor(v / 10) when v >= 10; v -= 10 n.
  // t0: I_0 = 40 → 20, I_1 = 8 → 2;            v = 0 + 22 = 22: 2 spikes, v = 2
  // t1: I_1 = 2 + 2·2 = 6 → 1.5, I_0 = 10;      v = 1 + 11.5 = 12.5: 1 spike, v = 2.5
  // t2: I_1 = 1.5 + 1·2 = 3.5 → 0.875, I_0 = 5; v = 1.25 + 5.875 = 7.125
  // t3: I_1 = 0.21875, I_0 = 2.5;               v = 3.5625 + 2.71875 = 6.28125
  // (With both inputs in synapse 0, t0 would give I_0 = 48 → 24 and v = 24 instead.)
  CHECK(trace(run, "spikes").values == std::vector<double>{2.0, 1.0, 0.0, 0.0});
  const auto& v = trace(run, "v").values;
  REQUIRE(v.size() == 4);
  CHECK(v[0] == doctest::Approx(2.0));
  CHECK(v[1] == doctest::Approx(2.5));
  CHECK(v[2] == doctest::Approx(7.125));
  CHECK(v[3] == doctest::Approx(6.28125));
}

TEST_CASE("profiles other than rockpool refuse a connection into a second synapse") {
  for (auto profile : {reef::sim::StepProfile::exact, reef::sim::StepProfile::euler, reef::sim::StepProfile::snntorch,
                       reef::sim::StepProfile::sinabs}) {
    CAPTURE(reef::sim::to_string(profile));
    reef::sim::StepOptions options;
    options.profile = profile;
    options.dt_s = kDt;
    CHECK_THROWS_WITH_AS(reef::sim::StepEngine(two_synapse_neuron(), options),
                         doctest::Contains("'w1' -> 'n' enters synapse 1"), reef::ValidationError);
  }
}

TEST_CASE("a graph with a connection into a second synapse cannot be written as NIR") {
  // NIR edges have no synapse index: the writer refuses the two-synapse neuron that such a connection needs.
  reef::test::ScratchDir scratch;
  CHECK_THROWS_WITH_AS(reef::io::write_nir(scratch.path() / "two.nir", two_synapse_neuron()),
                       doctest::Contains("node 'n' (cuba_lif): NIR cannot express several synapse types"),
                       reef::ValidationError);
  CHECK_FALSE(std::filesystem::exists(scratch.path() / "two.nir"));
}
