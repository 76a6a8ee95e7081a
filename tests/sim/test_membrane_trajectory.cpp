// The crossing mathematics of the event engine on random trajectories: every lower bound stays below the first
// threshold crossing a brute-force scan finds, and the exact search lands on that crossing.
#include <algorithm>
#include <cmath>

#include <doctest/doctest.h>

#include "membrane_trajectory.hpp"
#include "reef/core/random.hpp"

namespace {

using reef::sim::MembraneTrajectory;

// A CubaLIF trajectory with two synapses, as the engine builds it (population.cpp), from a state drawn at random.
struct RandomNeuron {
  double tau_m, tau_e, tau_i, v_inf, v_th, u, i_e, i_i;

  explicit RandomNeuron(reef::core::Rng& rng)
      : tau_m(rng.uniform(0.005, 0.05)),
        tau_e(rng.uniform(0.0005, 0.02)),
        tau_i(rng.uniform(0.001, 0.03)),
        v_inf(rng.uniform(-60.0, -40.0)),
        v_th(-50.0),
        u(rng.uniform(-70.0, -50.0)),
        i_e(rng.uniform(0.0, 30.0)),
        i_i(rng.uniform(-30.0, 0.0)) {}

  MembraneTrajectory trajectory() const {
    MembraneTrajectory f;
    f.c0 = v_inf - v_th;
    f.inv_tau_m = 1.0 / tau_m;
    const double b_e = i_e * tau_e / (tau_e - tau_m);
    const double b_i = i_i * tau_i / (tau_i - tau_m);
    f.n = 2;
    f.b = {b_e, b_i};
    f.inv_tau = {1.0 / tau_e, 1.0 / tau_i};
    f.a = u - v_inf - b_e - b_i;
    return f;
  }

  double positive_peak() const { return i_e * reef::sim::synaptic_response_peak(tau_e, tau_m); }
};

// The first x in [0, horizon] with f(x) >= 0, on a 1 µs grid refined by bisection; NaN when there is none.
double brute_force_crossing(const MembraneTrajectory& f, double horizon) {
  const double step = 1e-6;
  for (double x = step; x <= horizon; x += step) {
    if (f.value(f.terms_at(x)) < 0.0) continue;
    double lo = x - step, hi = x;
    for (int i = 0; i < 80; ++i) {
      const double mid = 0.5 * (lo + hi);
      (f.value(f.terms_at(mid)) >= 0.0 ? hi : lo) = mid;
    }
    return hi;
  }
  return std::nan("");
}

}  // namespace

TEST_CASE("log_lower_bound_never_exceeds_the_logarithm_and_stays_within_its_stated_error") {
  reef::core::Rng rng(3);
  for (int k = 0; k < 100000; ++k) {
    const double x = std::exp(rng.uniform(0.0, 40.0));
    const double bound = reef::sim::log_lower_bound(x);
    CHECK(bound <= std::log(x));
    CHECK(std::log(x) - bound <= 1.5e-4);
  }
}

TEST_CASE("crossing_bounds_never_pass_the_first_crossing_and_the_search_finds_it") {
  reef::core::Rng rng(11);
  int crossings = 0;
  for (int k = 0; k < 300; ++k) {
    const RandomNeuron n(rng);
    if (n.u >= n.v_th) continue;
    const MembraneTrajectory f = n.trajectory();
    const double max_tau = std::max({n.tau_m, n.tau_e, n.tau_i});
    const double truth = brute_force_crossing(f, max_tau);
    const double simple = reef::sim::crossing_lower_bound(n.u, n.v_inf, n.v_th, n.tau_m, std::max(0.0, n.i_e),
                                                          n.positive_peak());
    const double quadratic = reef::sim::quadratic_crossing_bound(f);
    if (std::isnan(truth)) {
      // No crossing within max_tau: the search may not report one there either.
      const auto search = reef::sim::find_first_crossing(f, std::max(simple, quadratic), max_tau);
      if (search.outcome == reef::sim::CrossingSearch::Outcome::crossing) CHECK(search.x >= max_tau);
      continue;
    }
    ++crossings;
    CHECK(simple <= truth + 1e-12);
    CHECK(quadratic <= truth + 1e-12);
    // As the engine does: an undecided search returns a proven lower bound to search on from.
    auto search = reef::sim::find_first_crossing(f, std::max(simple, quadratic), max_tau);
    for (int again = 0; again < 20 && search.outcome == reef::sim::CrossingSearch::Outcome::undecided; ++again) {
      CHECK(search.x <= truth + 1e-12);
      search = reef::sim::find_first_crossing(f, search.x, max_tau);
    }
    REQUIRE(search.outcome == reef::sim::CrossingSearch::Outcome::crossing);
    CHECK(std::abs(search.x - truth) <= 1e-9 * truth + 1e-12);
  }
  CHECK(crossings > 50);  // the draw produces enough crossings to mean something
}
