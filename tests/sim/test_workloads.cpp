// The benchmark workloads: W1 (CUBA) lands in the ranges Brian2 and NEST give, runs are bit-identical for a seed,
// and the example configs describe exactly the networks `reef bench` builds.
#include <doctest/doctest.h>

#include "reef/io/network_config.hpp"
#include "reef/sim/event_engine.hpp"
#include "reef/sim/spike_statistics.hpp"
#include "reef/sim/workloads.hpp"

namespace {

reef::sim::RunResult run_for(const reef::core::Graph& graph, double seconds) {
  reef::sim::EventEngine engine(graph);
  reef::sim::RunOptions options;
  options.duration = reef::core::Time::from_seconds(seconds);
  return engine.run(options);
}

}  // namespace

TEST_CASE("cuba_w1_rates_and_irregularity_match_brian2_and_nest") {
  const auto result = run_for(reef::sim::make_cuba_network(1.0, 1), 1.0);
  REQUIRE(result.populations.size() == 2);
  const auto& exc = result.populations[0];
  const auto& inh = result.populations[1];
  const double mean_rate = static_cast<double>(exc.spikes + inh.spikes) / 4000.0;
  CHECK(mean_rate >= 5.3);
  CHECK(mean_rate <= 6.0);
  CHECK(std::abs(exc.mean_rate_hz - inh.mean_rate_hz) <= 0.3);
  double cv_sum = 0.0;
  double cv_weight = 0.0;
  for (std::size_t p = 0; p < 2; ++p) {
    const double cv = reef::sim::mean_cv_isi(result.recording.spikes[p], result.populations[p].size);
    cv_sum += cv * static_cast<double>(result.populations[p].size);
    cv_weight += static_cast<double>(result.populations[p].size);
  }
  const double cv = cv_sum / cv_weight;
  CHECK(cv >= 0.45);
  CHECK(cv <= 0.60);
  // Every spike reaches its ~80 targets: synaptic events ≈ spikes × mean out-degree.
  CHECK(static_cast<double>(result.synaptic_events) / static_cast<double>(exc.spikes + inh.spikes) ==
        doctest::Approx(80.0).epsilon(0.03));
}

TEST_CASE("the_same_network_and_seed_give_bit_identical_spike_trains") {
  const auto a = run_for(reef::sim::make_cuba_network(0.25, 7), 0.3);
  const auto b = run_for(reef::sim::make_cuba_network(0.25, 7), 0.3);
  REQUIRE(a.recording.spikes.size() == b.recording.spikes.size());
  for (std::size_t p = 0; p < a.recording.spikes.size(); ++p) {
    CHECK(a.recording.spikes[p].times_s == b.recording.spikes[p].times_s);
    CHECK(a.recording.spikes[p].neurons == b.recording.spikes[p].neurons);
  }
  const auto c = run_for(reef::sim::make_cuba_network(0.25, 8), 0.3);
  CHECK(c.recording.spikes[0].times_s != a.recording.spikes[0].times_s);
}

TEST_CASE("brunel_w2_scaled_down_runs_with_equal_exc_and_inh_rates") {
  // Full W2 takes tens of seconds; a tenth of it keeps the in-degrees (with multapses) and the balanced regime.
  const auto result = run_for(reef::sim::make_brunel_network(0.1, 1), 0.1);
  REQUIRE(result.populations.size() == 2);
  CHECK(result.populations[0].mean_rate_hz > 5.0);
  CHECK(result.populations[0].mean_rate_hz < 100.0);
  CHECK(std::abs(result.populations[0].mean_rate_hz - result.populations[1].mean_rate_hz) <
        0.2 * result.populations[0].mean_rate_hz);
  // Each neuron gets its own 18.2 kHz Poisson drive, delivered 1.5 ms after it is drawn: 1250 neurons × 98.5 ms
  // × 18,195 Hz ≈ 2.24 M external events arrive within the run.
  CHECK(static_cast<double>(result.external_events) ==
        doctest::Approx(1250 * (0.1 - 0.0015) * 18194.98).epsilon(0.005));
}

TEST_CASE("example_configs_describe_exactly_the_benchmark_networks") {
  const std::string examples = std::string(REEF_SOURCE_DIR) + "/configs/examples/";
  CHECK(reef::io::load_network_config(examples + "cuba.yaml").graph.content_hash() ==
        reef::sim::make_cuba_network(1.0, 1).content_hash());
  CHECK(reef::io::load_network_config(examples + "brunel.yaml").graph.content_hash() ==
        reef::sim::make_brunel_network(1.0, 1).content_hash());
}
