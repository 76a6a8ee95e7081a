// Population lowering, closed-form state updates and threshold-crossing predictions.
#include "population.hpp"

#include <cmath>

#include "reef/core/error.hpp"

namespace reef::sim {

namespace {

bool all_shared(const core::NeuronParams& p) {
  if (!p.tau_mem_s.is_shared()) return false;
  for (const auto& s : p.synapses)
    if (!s.tau_s.is_shared()) return false;
  return true;
}

}  // namespace

Population::Population(const core::Node& node, std::uint32_t first_timer, const std::vector<double>& extra_bias)
    : name_(node.name), size_(static_cast<std::uint32_t>(node.size)), first_timer_(first_timer) {
  const core::NeuronParams& p = node.neurons();
  model_ = p.model;
  reset_ = p.reset;
  spikes_ = p.spikes();
  leaky_ = p.has_leak();
  shared_taus_ = all_shared(p);
  synapse_count_ = p.synapses.size();
  const std::string where = "population '" + name_ + "'";
  if (synapse_count_ > kMaxSynapses)
    throw ValidationError(where + ": the event engine supports up to " + std::to_string(kMaxSynapses) +
                          " synapse types per population, it has " + std::to_string(synapse_count_));
  for (const auto& s : p.synapses) synapse_names_.push_back(s.name);

  slope_.resize(size_);
  records_.resize(size_);
  v_reset_.resize(size_);
  v_initial_.resize(size_);
  refractory_.resize(size_);
  synapse_initial_.resize(std::size_t{size_} * synapse_count_);
  for (std::uint32_t j = 0; j < size_; ++j) {
    const double drive = p.bias[j] + (extra_bias.empty() ? 0.0 : extra_bias[j]);
    records_[j].r = p.r[j];
    if (records_[j].r < 0.0) throw ValidationError(where + ": the event engine needs r >= 0");
    records_[j].v_inf = leaky_ ? p.v_leak[j] + records_[j].r * drive : 0.0;
    slope_[j] = leaky_ ? 0.0 : records_[j].r * drive;
    records_[j].v_th = p.v_th[j];
    v_reset_[j] = p.v_reset[j];
    if (spikes_ && !(v_reset_[j] < records_[j].v_th))
      throw ValidationError(where + ": v_reset must be below v_th (neuron " + std::to_string(j) + ")");
    v_initial_[j] = p.v_initial[j];
    refractory_[j] = ticks_nearest(p.refractory_s[j]);
    for (std::size_t k = 0; k < synapse_count_; ++k)
      synapse_initial_[j * synapse_count_ + k] = p.synapses[k].initial[j];
    if (synapse_count_ > 0) w_in_.push_back(p.synapses[0].w_in[j]);
  }

  const std::uint32_t rows = shared_taus_ ? 1 : size_;
  tau_m_.resize(rows, kNever);
  tau_syn_.resize(std::size_t{rows} * synapse_count_);
  beta_.resize(tau_syn_.size());
  peak_.resize(tau_syn_.size());
  degenerate_.resize(tau_syn_.size());
  power_.resize(tau_syn_.size());
  for (std::uint32_t row = 0; row < rows; ++row) {
    if (leaky_) {
      tau_m_[row] = p.tau_mem_s[row];
      min_tau_ = std::min(min_tau_, tau_m_[row]);
    }
    for (std::size_t k = 0; k < synapse_count_; ++k) {
      const std::size_t at = row * synapse_count_ + k;
      const double tau_k = p.synapses[k].tau_s[row];
      const double tau_m = tau_m_[row];
      tau_syn_[at] = tau_k;
      min_tau_ = std::min(min_tau_, tau_k);
      degenerate_[at] = std::abs(tau_k - tau_m) <= 1e-9 * tau_m;
      beta_[at] = degenerate_[at] ? 0.0 : tau_k / (tau_k - tau_m);
      power_[at] = static_cast<std::uint8_t>(degenerate_[at] || !leaky_ ? 0 : integer_tau_ratio(tau_k, tau_m));
      peak_[at] = synaptic_response_peak(degenerate_[at] ? tau_m : tau_k, tau_m);
    }
  }
  g_.resize(std::size_t{size_} * synapse_count_);
  held_voltage_.resize(size_, 0.0);
}

void Population::compute_factors(std::uint32_t j, Tick t, Tick origin, Factors& out) const {
  out.tick = t;
  out.s = tick_seconds(t - origin);
  if (!leaky_) return;
  const double inv_tau_m = 1.0 / tau_m(j);
  out.em = std::exp(out.s * inv_tau_m);
  out.em_inv = 1.0 / out.em;
  const std::size_t row = tau_row(j);
  for (std::size_t k = 0; k < synapse_count_; ++k) {
    if (degenerate_[row + k]) {
      out.ek[k] = out.em;
      out.ek_inv[k] = out.em_inv;
      out.a_coef[k] = out.s * inv_tau_m * out.em;
      out.h[k] = out.s * inv_tau_m * out.em_inv;
    } else {
      const int power = power_[row + k];
      out.ek[k] = power > 0 ? small_power(out.em, power) : std::exp(out.s / tau_syn_[row + k]);
      out.ek_inv[k] = power > 0 ? small_power(out.em_inv, power) : 1.0 / out.ek[k];
      out.a_coef[k] = beta_[row + k] * out.em;
      out.h[k] = beta_[row + k] * out.ek_inv[k];
    }
  }
}

const Factors& Population::refresh_factors(std::uint32_t j, Tick t, Tick origin) {
  if (records_[j].origin != origin) move_origin(j, origin);
  if (!shared_taus_) {
    compute_factors(j, t, origin, scratch_);
    return scratch_;
  }
  if (cache_.tick != t || cache_origin_ != origin) {
    compute_factors(0, t, origin, cache_);
    cache_origin_ = origin;
  }
  return cache_;
}

void Population::set_voltage(std::uint32_t j, double v, const Factors& f) {
  if (!leaky_) {
    records_[j].a = v - slope_[j] * f.s;
    return;
  }
  double synaptic = 0.0;
  const double* g = g_.data() + std::size_t{j} * synapse_count_;
  for (std::size_t k = 0; k < synapse_count_; ++k) synaptic += g[k] * f.h[k];
  records_[j].a = (v - records_[j].v_inf - records_[j].r * synaptic) * f.em;
}

void Population::add_input(std::uint32_t j, std::size_t k, double w, const Factors& f) {
  if (synapse_count_ > 0) {
    g_[std::size_t{j} * synapse_count_ + k] += w * f.ek[k];
    records_[j].a -= w * records_[j].r * f.a_coef[k];
  } else {
    records_[j].a += leaky_ ? w * f.em : w;
  }
}

double Population::add_drive(std::uint32_t j, double d, const Factors& f) {
  NeuronRecord& n = records_[j];
  if (synapse_count_ > 0) {
    // I = u + G e^{-s/τ}: the steady part u rises by c, the decaying part falls by c, so I is continuous.
    const double c = w_in_[j] * d;
    add_input(j, 0, -c, f);
    n.v_inf += n.r * c;
    n.a -= n.r * c * f.em;
    return c;
  }
  if (leaky_) {
    n.v_inf += n.r * d;
    n.a -= n.r * d * f.em;
  } else {
    slope_[j] += n.r * d;
    n.a -= n.r * d * f.s;
  }
  return d;
}

MembraneTrajectory Population::trajectory(std::uint32_t j, const Factors& f) const {
  MembraneTrajectory traj;
  const double u = voltage(j, f);
  const std::size_t row = tau_row(j);
  traj.c0 = records_[j].v_inf - records_[j].v_th;
  traj.inv_tau_m = 1.0 / tau_m(j);
  double exponential_sum = 0.0;
  for (std::size_t k = 0; k < synapse_count_; ++k) {
    const double drive = records_[j].r * current(j, k, f);
    if (degenerate_[row + k]) {
      traj.d += drive * traj.inv_tau_m;
    } else {
      traj.b[traj.n] = drive * beta_[row + k];
      traj.inv_tau[traj.n] = 1.0 / tau_syn_[row + k];
      traj.power[traj.n] = power_[row + k];
      exponential_sum += traj.b[traj.n];
      ++traj.n;
    }
  }
  traj.a = u - records_[j].v_inf - exponential_sum;
  return traj;
}

Prediction Population::predict(std::uint32_t j, const Factors& f, bool refine, bool exact, double enough) const {
  if (!spikes_) return {};
  const double u = voltage(j, f);
  if (u >= records_[j].v_th) return {Pending::fire, 0};
  if (!leaky_) {
    if (slope_[j] <= 0.0) return {};
    return {Pending::fire, ticks_nearest((records_[j].v_th - u) / slope_[j])};
  }
  const NeuronRecord& n = records_[j];
  if (synapse_count_ == 0) {
    // v(x) = v_inf + (u − v_inf) e^{-x/τm} crosses v_th only when it rises towards a v_inf above threshold.
    if (u >= n.v_inf || n.v_inf <= n.v_th) return {};
    return {Pending::fire, ticks_nearest(tau_m(j) * std::log((n.v_inf - u) / (n.v_inf - n.v_th)))};
  }
  const std::size_t row = tau_row(j);
  double drive = 0.0;
  double peak = 0.0;
  for (std::size_t k = 0; k < synapse_count_; ++k) {
    const double input = records_[j].r * current(j, k, f);
    if (input > 0.0) {
      drive += input;
      peak += input * peak_[row + k];
    }
  }
  double bound = crossing_lower_bound(u, n.v_inf, n.v_th, tau_m(j), drive, peak, enough);
  if (bound == kNever) return {};
  if (!refine) return {Pending::check, ticks_floor(bound)};
  const MembraneTrajectory traj = trajectory(j, f);
  bound = std::max(bound, quadratic_crossing_bound(traj));
  if (bound == kNever) return {};
  if (!exact) return {Pending::check, ticks_floor(bound)};
  double max_tau = tau_m(j);
  for (std::size_t k = 0; k < synapse_count_; ++k) max_tau = std::max(max_tau, tau_syn_[row + k]);
  const CrossingSearch search = find_first_crossing(traj, bound, max_tau);
  switch (search.outcome) {
    case CrossingSearch::Outcome::crossing: return {Pending::fire, ticks_nearest(search.x)};
    case CrossingSearch::Outcome::undecided: return {Pending::check, ticks_floor(search.x)};
    case CrossingSearch::Outcome::no_crossing: break;
  }
  return {};
}

double Population::reset_voltage(std::uint32_t j, double v_fire) const {
  return reset_ == core::ResetMode::to_value ? v_reset_[j] : v_fire - (records_[j].v_th - v_reset_[j]);
}

void Population::move_origin(std::uint32_t j, Tick origin) {
  const Tick from = records_[j].origin;
  records_[j].origin = origin;
  const double seconds = tick_seconds(origin - from);
  if (!leaky_) {
    records_[j].a += slope_[j] * seconds;
    return;
  }
  const std::size_t row = tau_row(j);
  // With shared time constants most neurons make the same move: its decay factors are computed once.
  if (!shared_taus_ || decay_from_ != from || decay_to_ != origin) {
    decay_from_ = shared_taus_ ? from : kNoTick;
    decay_to_ = origin;
    decay_m_ = std::exp(-seconds / tau_m(j));
    for (std::size_t k = 0; k < synapse_count_; ++k)
      decay_[k] = degenerate_[row + k] ? decay_m_ : std::exp(-seconds / tau_syn_[row + k]);
  }
  records_[j].a *= decay_m_;
  double* g = g_.data() + std::size_t{j} * synapse_count_;
  for (std::size_t k = 0; k < synapse_count_; ++k) {
    g[k] *= decay_[k];
    if (degenerate_[row + k]) records_[j].a += records_[j].r * seconds / tau_m(j) * g[k];
  }
}

void Population::initialise(Tick origin) {
  cache_.tick = kNoTick;
  decay_to_ = kNoTick;
    for (std::uint32_t j = 0; j < size_; ++j) {
    for (std::size_t k = 0; k < synapse_count_; ++k)
      g_[std::size_t{j} * synapse_count_ + k] = synapse_initial_[std::size_t{j} * synapse_count_ + k];
    set_voltage(j, v_initial_[j], factors(j, origin, origin));
    records_[j].origin = origin;
    records_[j].pending = Pending::none;
    records_[j].checks_since_input = 0;
  }
}

}  // namespace reef::sim
