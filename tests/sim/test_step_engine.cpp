// Step-engine behaviour independent of framework files: a batch equals its samples run alone, runs repeat exactly,
// and W1 on a 0.1 ms grid lands in the rate range Brian2 and NEST give.
#include <doctest/doctest.h>

#include "reef/core/random.hpp"
#include "reef/sim/spike_statistics.hpp"
#include "reef/sim/step_engine.hpp"
#include "reef/sim/workloads.hpp"

namespace {

// input(4) → Affine → CubaLIF(6) with a recurrent Affine → Affine → LIF(3) → output.
reef::core::Graph small_srnn() {
  reef::core::Rng rng(3);
  reef::core::GraphBuilder builder;
  const auto affine = [&](const std::string& name, std::size_t in, std::size_t out) {
    reef::core::AffineParams params;
    params.weight.shape = {out, in};
    for (std::size_t i = 0; i < in * out; ++i) params.weight.values.push_back(rng.normal(0.3, 1.0));
    for (std::size_t o = 0; o < out; ++o) params.bias.push_back(rng.normal(0.0, 0.1));
    return builder.add_node({name, out, params});
  };
  reef::core::NeuronParams cuba;
  cuba.tau_mem_s = 2e-3;
  cuba.r = 20.0;
  cuba.v_th = 1.0;
  cuba.synapses.push_back({"syn", 5e-4, 0.0, 5.0});
  reef::core::NeuronParams lif;
  lif.model = reef::core::NeuronModel::lif;
  lif.tau_mem_s = 1e-3;
  lif.r = 10.0;
  lif.v_th = 0.5;
  const auto input = builder.add_node({"input", 4, reef::core::InputParams{}});
  const auto fc1 = affine("fc1", 4, 6);
  const auto hidden = builder.add_node({"hidden", 6, cuba});
  const auto rec = affine("rec", 6, 6);
  const auto fc2 = affine("fc2", 6, 3);
  const auto out = builder.add_node({"out", 3, lif});
  const auto output = builder.add_node({"output", 3, reef::core::OutputParams{}});
  for (auto [a, b] : {std::pair{input, fc1}, {fc1, hidden}, {hidden, rec}, {rec, hidden}, {hidden, fc2}, {fc2, out},
                      {out, output}})
    builder.add_connection({a, b});
  return std::move(builder).build();
}

std::vector<double> random_input(std::uint64_t seed, std::size_t steps) {
  reef::core::Rng rng(seed);
  std::vector<double> values(steps * 4);
  for (double& v : values) v = rng.uniform() < 0.3 ? 1.0 : 0.0;
  return values;
}

}  // namespace

TEST_CASE("a_batch_gives_each_sample_the_result_it_gets_alone_in_every_profile") {
  const auto graph = small_srnn();
  const std::size_t steps = 200;
  for (auto profile : {reef::sim::StepProfile::exact, reef::sim::StepProfile::euler, reef::sim::StepProfile::snntorch,
                       reef::sim::StepProfile::rockpool, reef::sim::StepProfile::sinabs}) {
    CAPTURE(reef::sim::to_string(profile));
    reef::sim::StepOptions options;
    options.profile = profile;
    options.dt_s = 1e-4;
    reef::sim::StepEngine engine(graph, options);
    const auto a = random_input(1, steps);
    const auto b = random_input(2, steps);
    std::vector<double> both = a;
    both.insert(both.end(), b.begin(), b.end());
    reef::sim::StepRecordRequest record;
    record.v_nodes = {"hidden"};
    const auto batch = engine.run({{"input", 2, steps, both}}, record);
    const auto alone_a = engine.run({{"input", 1, steps, a}}, record);
    const auto alone_b = engine.run({{"input", 1, steps, b}}, record);
    REQUIRE(batch.recording.grid.size() == alone_a.recording.grid.size());
    double spikes = 0.0;
    for (std::size_t t = 0; t < batch.recording.grid.size(); ++t) {
      const auto& joint = batch.recording.grid[t].values;
      std::vector<double> expected = alone_a.recording.grid[t].values;
      expected.insert(expected.end(), alone_b.recording.grid[t].values.begin(), alone_b.recording.grid[t].values.end());
      CHECK(joint == expected);
      if (batch.recording.grid[t].variable == "spikes")
        for (double v : joint) spikes += v;
    }
    CHECK(spikes > 0.0);  // the comparison covers spiking activity, not silence
  }
}

TEST_CASE("cuba_w1_on_a_0_1ms_grid_has_the_rates_and_irregularity_of_brian2_and_nest") {
  reef::sim::StepOptions options;
  options.dt_s = 1e-4;
  reef::sim::StepEngine engine(reef::sim::make_cuba_network(1.0, 1), options);
  reef::sim::RunOptions run;
  run.duration = reef::core::Time::from_seconds(1.0);
  const auto result = engine.run(run);
  REQUIRE(result.populations.size() == 2);
  const double mean_rate = static_cast<double>(result.populations[0].spikes + result.populations[1].spikes) / 4000.0;
  CHECK(mean_rate >= 5.3);
  CHECK(mean_rate <= 6.0);
  CHECK(std::abs(result.populations[0].mean_rate_hz - result.populations[1].mean_rate_hz) <= 0.3);
  const std::vector<std::size_t> sizes{3200, 800};
  const double cv = reef::sim::mean_cv_isi(result.recording.spikes, sizes);
  CHECK(cv >= 0.45);
  CHECK(cv <= 0.60);
  // Deterministic: a second run of the same engine repeats every spike.
  const auto again = engine.run(run);
  CHECK(again.recording.spikes[0].times_s == result.recording.spikes[0].times_s);
  CHECK(again.recording.spikes[0].neurons == result.recording.spikes[0].neurons);
}
