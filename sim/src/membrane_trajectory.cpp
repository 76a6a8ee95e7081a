// Membrane trajectory evaluation, bounds and the exact first-crossing search.
#include "membrane_trajectory.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <numbers>

namespace reef::sim {

namespace {

// Upper bound over an interval of c·E(x) for a decreasing E: its value at one end.
double max_term(double c, double e0, double e1) { return c > 0 ? c * e0 : c * e1; }

constexpr double kTimeTolerance = 1e-13;  // seconds: 0.1 ps
constexpr int kMaxIterations = 400;

}  // namespace

TermsAt MembraneTrajectory::terms_at(double x) const {
  TermsAt t;
  t.x = x;
  t.em = std::exp(-x * inv_tau_m);
  for (std::size_t k = 0; k < n; ++k) t.e[k] = power[k] > 0 ? small_power(t.em, power[k]) : std::exp(-x * inv_tau[k]);
  return t;
}

double MembraneTrajectory::value(const TermsAt& t) const {
  double f = c0 + (a + d * t.x) * t.em;
  for (std::size_t k = 0; k < n; ++k) f += b[k] * t.e[k];
  return f;
}

double MembraneTrajectory::slope(const TermsAt& t) const {
  double s = (-a * inv_tau_m + d * (1.0 - t.x * inv_tau_m)) * t.em;
  for (std::size_t k = 0; k < n; ++k) s -= b[k] * inv_tau[k] * t.e[k];
  return s;
}

double MembraneTrajectory::max_value_on(const TermsAt& t0, const TermsAt& t1) const {
  double bound = c0 + max_term(a, t0.em, t1.em);
  for (std::size_t k = 0; k < n; ++k) bound += max_term(b[k], t0.e[k], t1.e[k]);
  if (d != 0.0) {
    // x e^{-x/τm} rises until x = τm, then falls.
    const double tau = 1.0 / inv_tau_m;
    const double g0 = t0.x * t0.em;
    const double g1 = t1.x * t1.em;
    const double g_max = (t0.x <= tau && tau <= t1.x) ? tau * std::exp(-1.0) : std::max(g0, g1);
    bound += d > 0 ? d * g_max : d * std::min(g0, g1);
  }
  return bound;
}

double MembraneTrajectory::min_slope_on(const TermsAt& t0, const TermsAt& t1) const {
  // −c e^{-x/τ}/τ has its minimum where c e^{-x/τ} is largest.
  double bound = -max_term(a * inv_tau_m, t0.em, t1.em);
  for (std::size_t k = 0; k < n; ++k) bound -= max_term(b[k] * inv_tau[k], t0.e[k], t1.e[k]);
  if (d != 0.0) {
    // (1 − x/τm) e^{-x/τm} falls until x = 2τm, then rises towards 0.
    const double two_tau = 2.0 / inv_tau_m;
    const double s0 = (1.0 - t0.x * inv_tau_m) * t0.em;
    const double s1 = (1.0 - t1.x * inv_tau_m) * t1.em;
    const double s_min = (t0.x <= two_tau && two_tau <= t1.x) ? -std::exp(-2.0) : std::min(s0, s1);
    bound += d > 0 ? d * s_min : d * std::max(s0, s1);
  }
  return bound;
}

double small_power(double x, int n) {
  double result = 1.0;
  for (double base = x; n > 0; n >>= 1, base *= base)
    if (n & 1) result *= base;
  return result;
}

int integer_tau_ratio(double tau_syn, double tau_mem) {
  const double ratio = tau_mem / tau_syn;
  const double n = std::round(ratio);
  return (n >= 1.0 && n <= 64.0 && std::abs(ratio - n) <= 1e-12 * n) ? static_cast<int>(n) : 0;
}

double log_lower_bound(double x) {
  // x = mantissa 2^exponent with mantissa in [1, 2), read from the bits (x is finite and >= 1).
  const auto bits = std::bit_cast<std::uint64_t>(x);
  const int exponent = static_cast<int>(bits >> 52) - 1023;
  const double mantissa = std::bit_cast<double>((bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL);
  // ln m = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...), s = (m − 1)/(m + 1) in [0, 1/3]: every term is positive, so
  // the partial sum is a lower bound. Three terms leave out less than 1.5e-4: a bound on a crossing time needs no
  // more (it only decides when to look again), and the short series keeps the hot path cheap.
  const double s = (mantissa - 1.0) / (mantissa + 1.0);
  const double s2 = s * s;
  const double series = s * (2.0 + s2 * (2.0 / 3 + s2 * (2.0 / 5)));
  const double value = exponent * std::numbers::ln2 + series;
  return value - 1e-15 * (1.0 + std::abs(value));
}

double synaptic_response_peak(double tau_syn, double tau_mem) {
  if (tau_syn == tau_mem) return 1.0 / std::exp(1.0);
  const double x_peak = std::log(tau_syn / tau_mem) * tau_syn * tau_mem / (tau_syn - tau_mem);
  return tau_syn / (tau_syn - tau_mem) * (std::exp(-x_peak / tau_syn) - std::exp(-x_peak / tau_mem));
}

double crossing_lower_bound(double u, double v_inf, double v_th, double tau_m, double positive_drive,
                            double positive_peak, double enough) {
  if (u >= v_th) return 0.0;
  // Bound 1: no term rises faster than it does at x = 0, so v(x) <= u + (max(0, v_inf − u) + Σ max(0, r I_k)) x/τm.
  const double rise = std::max(0.0, v_inf - u) + positive_drive;
  if (rise <= 0.0) return kNever;
  const double linear = (v_th - u) * tau_m / rise;
  if (linear >= enough) return linear;
  // Bound 2: v(x) <= v_inf + (u − v_inf) e^{-x/τm} + Σ max(0, r I_k)·peak_k.
  if (u >= v_inf) return u + positive_peak < v_th ? kNever : linear;
  const double headroom = v_inf + positive_peak - v_th;
  if (headroom <= 0.0) return kNever;
  const double ratio = (v_inf - u) / headroom;
  return ratio > 1.0 ? std::max(linear, tau_m * log_lower_bound(ratio)) : linear;
}

double quadratic_crossing_bound(const MembraneTrajectory& f) {
  TermsAt zero;
  zero.e.fill(1.0);
  const double f0 = f.value(zero);
  if (f0 >= 0.0) return 0.0;
  const double slope0 = f.slope(zero);
  double curvature = std::max(0.0, f.a) * f.inv_tau_m * f.inv_tau_m;
  for (std::size_t k = 0; k < f.n; ++k) curvature += std::max(0.0, f.b[k]) * f.inv_tau[k] * f.inv_tau[k];
  // (d x e^{-x/τ})'' = d (x/τ² − 2/τ) e^{-x/τ}: at most d e^{-3}/τ for d > 0 (at x = 3τ), 2|d|/τ for d < 0 (at 0).
  curvature += f.d > 0 ? f.d * std::exp(-3.0) * f.inv_tau_m : -2.0 * f.d * f.inv_tau_m;
  if (curvature <= 0.0) return slope0 > 0.0 ? -f0 / slope0 : kNever;
  return (-slope0 + std::sqrt(slope0 * slope0 - 2.0 * curvature * f0)) / curvature;
}

CrossingSearch find_first_crossing(const MembraneTrajectory& f, double start, double max_tau) {
  TermsAt at = f.terms_at(start);
  if (f.value(at) >= 0.0) return {CrossingSearch::Outcome::crossing, start};
  // Far beyond every time constant f has settled to c0: then a crossing is still ahead only if c0 >= 0.
  // The search looks one max_tau ahead; further out, new input is likely to change the answer first.
  const double settle = 60.0 * max_tau;
  const double horizon = start + max_tau;
  double step = 0.25 * max_tau;
  for (int iteration = 0; iteration < kMaxIterations; ++iteration) {
    if (at.x > settle && f.c0 < 0.0) return {CrossingSearch::Outcome::no_crossing, 0.0};
    if (at.x >= horizon) return {CrossingSearch::Outcome::undecided, at.x};
    const TermsAt next = f.terms_at(at.x + step);
    if (f.max_value_on(at, next) < 0.0) {  // no crossing in [at.x, next.x]
      at = next;
      step *= 2.0;
      continue;
    }
    if (f.value(next) >= 0.0 && f.min_slope_on(at, next) > 0.0) {
      // f rises monotonically through zero in the bracket: safeguarded Newton steps.
      double lo = at.x;
      double hi = next.x;
      double root = hi - f.value(next) / f.slope(next);
      if (!(root > lo && root < hi)) root = 0.5 * (lo + hi);
      for (int refine = 0; refine < 100; ++refine) {
        const TermsAt t = f.terms_at(root);
        const double value = f.value(t);
        if (value >= 0.0) hi = root; else lo = root;
        const double newton = root - value / f.slope(t);
        const bool inside = newton > lo && newton < hi;
        const double next_root = inside ? newton : 0.5 * (lo + hi);
        // Newton converges quadratically: a step this small leaves it within the tolerance of the root.
        if (std::abs(next_root - root) <= kTimeTolerance || hi - lo <= kTimeTolerance)
          return {CrossingSearch::Outcome::crossing, inside ? next_root : hi};
        root = next_root;
      }
      return {CrossingSearch::Outcome::crossing, hi};
    }
    step *= 0.5;
    if (step < kTimeTolerance) {
      // f touches zero from below within 0.1 ps: reaching the threshold counts as crossing it.
      if (f.value(next) >= -1e-12 * (1.0 + std::abs(f.c0))) return {CrossingSearch::Outcome::crossing, next.x};
      at = next;
      step = 4.0 * kTimeTolerance;
    }
  }
  return {CrossingSearch::Outcome::undecided, at.x};
}

}  // namespace reef::sim
