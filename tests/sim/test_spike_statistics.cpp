// The CV of inter-spike intervals: zero for clockwork, one for Poisson, population (divide-by-n) standard deviation,
// and only neurons with enough spikes counted.
#include <cmath>
#include <cstdint>

#include <doctest/doctest.h>

#include "reef/core/random.hpp"
#include "reef/sim/spike_statistics.hpp"

namespace {

using reef::sim::mean_cv_isi;

reef::core::SpikeTrain train(std::vector<std::pair<double, std::uint32_t>> spikes) {
  reef::core::SpikeTrain out;
  out.population = "p";
  for (const auto& [time, neuron] : spikes) {
    out.times_s.push_back(time);
    out.neurons.push_back(neuron);
  }
  return out;
}

}  // namespace

TEST_CASE("a_perfectly_regular_train_has_cv_zero") {
  std::vector<std::pair<double, std::uint32_t>> spikes;
  for (int k = 0; k < 100; ++k) spikes.emplace_back(0.125 * k, 0);
  CHECK(mean_cv_isi(train(spikes), 1) == 0.0);
}

TEST_CASE("poisson_trains_have_cv_near_one") {
  std::vector<std::pair<double, std::uint32_t>> spikes;
  for (std::uint32_t neuron = 0; neuron < 4; ++neuron) {
    reef::core::Rng rng(2024, neuron);
    double t = 0.0;
    for (int k = 0; k < 5000; ++k) {
      t += rng.exponential(50.0);
      spikes.emplace_back(t, neuron);
    }
  }
  CHECK(mean_cv_isi(train(spikes), 4) == doctest::Approx(1.0).epsilon(0.05));
}

TEST_CASE("uses_the_population_standard_deviation_of_intervals") {
  // Intervals 1 and 3: mean 2, population std 1 (a sample std would give 1.414).
  CHECK(mean_cv_isi(train({{0.0, 0}, {1.0, 0}, {4.0, 0}}), 1) == doctest::Approx(0.5));
}

TEST_CASE("averages_over_neurons_with_at_least_min_spikes_only") {
  // Neuron 0: regular (CV 0); neuron 1: intervals 1 and 3 (CV 0.5); neuron 2: two spikes; neuron 3: silent.
  // Spikes arrive interleaved, as a recording holds them.
  const reef::core::SpikeTrain spikes =
      train({{0.0, 0}, {0.0, 1}, {0.5, 2}, {1.0, 1}, {1.0, 0}, {2.0, 0}, {2.5, 2}, {4.0, 1}});
  CHECK(mean_cv_isi(spikes, 4) == doctest::Approx(0.25));
  CHECK(mean_cv_isi(spikes, 4, 2) == doctest::Approx(0.5 / 3.0));
  CHECK(std::isnan(mean_cv_isi(spikes, 4, 4)));
}

TEST_CASE("is_nan_when_no_neuron_has_enough_spikes") {
  CHECK(std::isnan(mean_cv_isi(train({}), 3)));
  CHECK(std::isnan(mean_cv_isi(train({{0.1, 0}, {0.2, 1}}), 2)));
}

TEST_CASE("skips_neurons_whose_spikes_all_coincide") {
  CHECK(std::isnan(mean_cv_isi(train({{0.3, 0}, {0.3, 0}, {0.3, 0}}), 1)));
  CHECK(mean_cv_isi(train({{0.3, 0}, {0.3, 0}, {0.3, 0}, {0.0, 1}, {1.0, 1}, {2.0, 1}}), 2) == 0.0);
}

TEST_CASE("the_mean_over_several_populations_weights_every_qualifying_neuron_equally") {
  // Population a: one regular neuron (CV 0). Population b: two neurons with alternating intervals 1 and 3 (CV 0.5).
  const auto a = train({{0.0, 0}, {1.0, 0}, {2.0, 0}, {3.0, 0}});
  const auto b =
      train({{0.0, 0}, {0.0, 1}, {1.0, 0}, {1.0, 1}, {4.0, 0}, {4.0, 1}, {5.0, 0}, {5.0, 1}, {8.0, 0}, {8.0, 1}});
  const std::vector<reef::core::SpikeTrain> trains{a, b};
  const std::vector<std::size_t> sizes{1, 2};
  CHECK(mean_cv_isi(trains, sizes) == doctest::Approx((0.0 + 0.5 + 0.5) / 3.0));
}
