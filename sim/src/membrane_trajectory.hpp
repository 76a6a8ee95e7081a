// Closed-form membrane trajectories between events and the search for their first threshold crossing.
// With no further input, a leaky neuron's distance to threshold x seconds from now is
//   f(x) = c0 + a e^{-x/τm} + Σ_k b_k e^{-x/τ_k} + d x e^{-x/τm}
// (the d term comes from synapses whose τ_k equals τm). Everything here works in seconds relative to "now".
#pragma once

#include <array>
#include <cstddef>
#include <limits>

namespace reef::sim {

inline constexpr std::size_t kMaxSynapses = 8;
inline constexpr double kNever = std::numeric_limits<double>::infinity();

// The exponentials of a trajectory's terms at one x, computed once and shared by the value, slope and bounds.
struct TermsAt {
  double x = 0.0;
  double em = 1.0;  // e^{-x/τm}
  std::array<double, kMaxSynapses> e{};
};

struct MembraneTrajectory {
  double c0 = 0.0;         // v_inf − v_th
  double a = 0.0;          // coefficient of e^{-x/τm}
  double inv_tau_m = 0.0;
  std::size_t n = 0;       // exponential synaptic terms in use
  std::array<double, kMaxSynapses> b{};
  std::array<double, kMaxSynapses> inv_tau{};
  std::array<int, kMaxSynapses> power{};  // n > 0 when τm = n τ_k: e^{-x/τ_k} = (e^{-x/τm})^n, one exp fewer
  double d = 0.0;          // coefficient of x e^{-x/τm}

  TermsAt terms_at(double x) const;
  double value(const TermsAt& t) const;
  double slope(const TermsAt& t) const;
  // Upper bound of value() and lower bound of slope() over [t0.x, t1.x] (each term is monotone or unimodal).
  double max_value_on(const TermsAt& t0, const TermsAt& t1) const;
  double min_slope_on(const TermsAt& t0, const TermsAt& t1) const;
};

// The peak over x >= 0 of the membrane response to a unit synaptic current (r = 1) decaying with tau_syn, for a
// membrane with tau_mem: max_x τs/(τs − τm)·(e^{-x/τs} − e^{-x/τm}), or 1/e when τs == τm.
double synaptic_response_peak(double tau_syn, double tau_mem);

// x^n for the small integer powers of integer_tau_ratio().
double small_power(double x, int n);
// n when tau_mem / tau_syn is an integer n in [1, 64] (to rounding), else 0.
int integer_tau_ratio(double tau_syn, double tau_mem);

// ln(x) for x >= 1, never above the true value (a truncated series of positive terms, less a rounding margin)
// and never more than 1.5e-4 below it. Cheaper than std::log on the hot path of crossing bounds.
double log_lower_bound(double x);

// A lower bound (seconds, >= 0) on when v reaches v_th, or kNever when it provably never does without new input.
// u: membrane now; v_inf: its resting value with the bias; positive_drive = Σ_k max(0, r I_k);
// positive_peak = Σ_k max(0, r I_k)·peak_k.
// A bound of at least `enough` seconds is returned as soon as it is found (the caller needs no better one).
double crossing_lower_bound(double u, double v_inf, double v_th, double tau_m, double positive_drive,
                            double positive_peak, double enough = kNever);

// A lower bound (seconds) on the first zero of f from f(x) <= f(0) + f'(0) x + M x²/2, where M bounds f'' from
// above (positive terms are largest at 0, negative ones never positive). Unlike the bound above it sees inhibitory
// currents through f'(0); kNever when f(0) < 0 and the quadratic never reaches 0 (only if M = 0 and f'(0) <= 0).
double quadratic_crossing_bound(const MembraneTrajectory& f);

struct CrossingSearch {
  enum class Outcome { crossing, no_crossing, undecided };
  Outcome outcome = Outcome::no_crossing;
  double x = 0.0;  // crossing: when (error < 1 ps); undecided: a safe lower bound to look again at
};

// The first x >= start with f(x) = 0, given f < 0 on [0, start). Isolates it with interval bounds on f and f'
// and refines it with safeguarded Newton steps; gives up (undecided) only near tangential touches.
CrossingSearch find_first_crossing(const MembraneTrajectory& f, double start, double max_tau);

}  // namespace reef::sim
