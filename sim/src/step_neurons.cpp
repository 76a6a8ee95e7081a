// Neuron updates of the step engine, one loop nest per profile, each written in its framework's order of operations
// (the order matters for bit-exact reproductions). Notation as in docs/step-engine.md: v membrane, I_k synaptic
// currents, x the continuous input of this step (into I_0 for models with synapses, else into v).
#include "step_neurons.hpp"

#include <algorithm>
#include <cmath>

#include "reef/core/error.hpp"

namespace reef::sim {

namespace {

double clamp01(double value) { return std::clamp(value, 0.0, 1.0); }

}  // namespace

NeuronGroup::NeuronGroup(const core::Node& node, const StepOptions& options, const std::vector<double>& extra_bias)
    : name_(node.name), size_(node.size), profile_(options.profile) {
  const core::NeuronParams& p = node.neurons();
  const double dt = options.dt_s;
  synapse_count_ = p.synapses.size();
  for (const auto& s : p.synapses) synapse_names_.push_back(s.name);
  spikes_ = p.spikes();
  leaky_ = p.has_leak();
  subtract_ = p.reset == core::ResetMode::subtract;
  multi_ = options.spike_rule == SpikeRule::multi;
  cap_ = options.max_spikes_per_dt;
  clip_ = options.min_v_mem.has_value() || profile_ == StepProfile::sinabs;
  impulse_targets_ = std::max<std::size_t>(1, synapse_count_);

  const std::size_t n = size_;
  v_th_.resize(n);
  v_reset_.resize(n);
  v_init_.resize(n);
  min_v_.resize(n);
  a_m_.resize(n);
  c0_.resize(n);
  g_x_.resize(n);
  r_.resize(n);
  w_in_.resize(n);
  refractory_steps_.resize(n);
  a_s_.resize(synapse_count_ * n);
  p_s_.resize(synapse_count_ * n);
  q_x_.resize(n);
  i_init_.resize(synapse_count_ * n);
  for (std::size_t j = 0; j < n; ++j) {
    const double r = p.r[j];
    const double bias = p.bias[j] + (extra_bias.empty() ? 0.0 : extra_bias[j]);
    const double tau_m = leaky_ ? p.tau_mem_s[j] : 0.0;
    const double w_in = synapse_count_ > 0 ? p.synapses[0].w_in[j] : 1.0;
    v_th_[j] = p.v_th[j];
    v_reset_[j] = p.v_reset[j];
    v_init_[j] = p.v_initial[j];
    min_v_[j] = options.min_v_mem.value_or(-v_th_[j]);
    r_[j] = r;
    w_in_[j] = w_in;
    const double refractory = std::round(p.refractory_s[j] / dt);
    refractory_steps_[j] = static_cast<std::uint32_t>(std::min(refractory, 4.0e9));
    has_refractory_ = has_refractory_ || refractory_steps_[j] > 0;
    const double e_m = leaky_ ? std::exp(-dt / tau_m) : 1.0;
    switch (profile_) {
      case StepProfile::euler:
        a_m_[j] = leaky_ ? dt / tau_m : dt;
        c0_[j] = leaky_ ? p.v_leak[j] + r * bias : r * bias;
        q_x_[j] = r;
        g_x_[j] = w_in;
        break;
      case StepProfile::exact:
        a_m_[j] = e_m;
        c0_[j] = leaky_ ? p.v_leak[j] + r * bias : dt * r * bias;
        q_x_[j] = leaky_ ? r * (1.0 - e_m) : dt * r;
        g_x_[j] = w_in;
        break;
      case StepProfile::snntorch:
        a_m_[j] = leaky_ ? clamp01(1.0 - dt / tau_m) : 1.0;
        c0_[j] = leaky_ ? (1.0 - a_m_[j]) * (p.v_leak[j] + r * bias) : dt * r * bias;
        q_x_[j] = 1.0;
        g_x_[j] = 1.0;
        break;
      case StepProfile::rockpool:
      case StepProfile::sinabs:
        a_m_[j] = e_m;
        c0_[j] = p.v_leak[j] + bias;
        q_x_[j] = 1.0;
        g_x_[j] = 1.0;
        break;
    }
    for (std::size_t k = 0; k < synapse_count_; ++k) {
      const std::size_t at = k * n + j;
      const double tau_k = p.synapses[k].tau_s[j];
      const double e_k = std::exp(-dt / tau_k);
      i_init_[at] = p.synapses[k].initial[j];
      switch (profile_) {
        case StepProfile::euler: a_s_[at] = dt / tau_k; break;
        case StepProfile::snntorch: a_s_[at] = clamp01(1.0 - dt / tau_k); break;
        case StepProfile::rockpool:
        case StepProfile::sinabs: a_s_[at] = e_k; break;
        case StepProfile::exact: {
          a_s_[at] = e_k;
          // Response of v over one step to I_k(0) = 1 (p_s) and to a held input u = 1 into I_0 from I_0 = 0 (q_x).
          double response;
          if (!leaky_) {
            response = tau_k * (1.0 - e_k);
          } else if (std::abs(tau_k - tau_m) <= 1e-12 * tau_m) {
            response = dt / tau_m * e_m;
          } else {
            response = tau_k / (tau_k - tau_m) * (e_k - e_m);
          }
          p_s_[at] = r * response;
          if (k == 0) q_x_[j] = leaky_ ? r * w_in * (1.0 - e_m - response) : r * w_in * (dt - response);
          break;
        }
      }
    }
    if (profile_ == StepProfile::exact && synapse_count_ > 0) g_x_[j] = w_in * (1.0 - a_s_[j]);
  }
}

void NeuronGroup::reserve_delay(std::size_t steps) { slots_ = std::max(slots_, steps + 1); }

void NeuronGroup::start(std::size_t batch) {
  batch_ = batch;
  v_.resize(batch * size_);
  i_.resize(synapse_count_ * batch * size_);
  for (std::size_t b = 0; b < batch; ++b) {
    std::copy(v_init_.begin(), v_init_.end(), v_.begin() + static_cast<std::ptrdiff_t>(b * size_));
    for (std::size_t k = 0; k < synapse_count_; ++k)
      std::copy_n(i_init_.begin() + static_cast<std::ptrdiff_t>(k * size_), size_,
                  i_.begin() + static_cast<std::ptrdiff_t>((k * batch + b) * size_));
  }
  held_.assign(batch * size_, 0.0);
  was_above_.assign(batch * size_, 0.0);
  refractory_left_.assign(batch * size_, 0);
  impulses_.assign(slots_ * impulse_targets_ * batch * size_, 0.0);
  cursor_ = 0;
}

void NeuronGroup::step(const double* x, double* out, std::vector<StepSpike>& fired) {
  if (profile_ == StepProfile::snntorch) {
    propagate_snntorch(x);
  } else {
    propagate(x);
  }
  fire(out, fired);
}

void NeuronGroup::propagate(const double* x) {
  const std::size_t n = size_;
  const std::size_t K = synapse_count_;
  for (std::size_t b = 0; b < batch_; ++b) {
    double* __restrict v = v_.data() + b * n;
    const double* __restrict xb = x ? x + b * n : nullptr;
    const double* __restrict a_m = a_m_.data();
    const double* __restrict c0 = c0_.data();
    switch (profile_) {
      case StepProfile::exact: {
        // v' = v_inf + (v − v_inf) e_m + Σ_k P_k I_k + Q x  (leaky);  v' = v + c0 + Σ_k P_k I_k + Q x (IF, I).
        if (leaky_) {
          for (std::size_t j = 0; j < n; ++j) v[j] = c0[j] + (v[j] - c0[j]) * a_m[j];
        } else {
          for (std::size_t j = 0; j < n; ++j) v[j] += c0[j];
        }
        if (xb)
          for (std::size_t j = 0; j < n; ++j) v[j] += q_x_[j] * xb[j];
        for (std::size_t k = 0; k < K; ++k) {
          double* __restrict i = i_.data() + (k * batch_ + b) * n;
          const double* __restrict p = p_s_.data() + k * n;
          const double* __restrict a = a_s_.data() + k * n;
          for (std::size_t j = 0; j < n; ++j) {
            v[j] += p[j] * i[j];
            i[j] *= a[j];
          }
          if (k == 0 && xb)
            for (std::size_t j = 0; j < n; ++j) i[j] += g_x_[j] * xb[j];
        }
        break;
      }
      case StepProfile::euler: {
        // I_k ← I_k + dt/τ_k (w_in x − I_k) first, then v ← v + dt/τ_m (v_leak − v + r (Σ I + bias)).
        for (std::size_t k = 0; k < K; ++k) {
          double* __restrict i = i_.data() + (k * batch_ + b) * n;
          const double* __restrict a = a_s_.data() + k * n;
          if (k == 0 && xb) {
            for (std::size_t j = 0; j < n; ++j) i[j] = i[j] + a[j] * (g_x_[j] * xb[j] - i[j]);
          } else {
            for (std::size_t j = 0; j < n; ++j) i[j] = i[j] - a[j] * i[j];
          }
        }
        for (std::size_t j = 0; j < n; ++j) {
          double drive = K == 0 && xb ? xb[j] : 0.0;
          for (std::size_t k = 0; k < K; ++k) drive += i_[(k * batch_ + b) * n + j];
          if (leaky_) {
            v[j] = v[j] + a_m[j] * ((c0[j] - v[j]) + q_x_[j] * drive);
          } else {
            v[j] = v[j] + a_m[j] * (q_x_[j] * drive) + a_m[j] * c0[j];
          }
        }
        break;
      }
      case StepProfile::rockpool: {
        // I_k ← I_k + x_k; v ← v e_m; I_k ← I_k e_k; v ← v + Σ I + bias (x_k: the input entering synapse k).
        if (K == 0) {
          for (std::size_t j = 0; j < n; ++j) v[j] = v[j] * a_m[j] + (xb ? xb[j] : 0.0) + c0[j];
          break;
        }
        for (std::size_t j = 0; j < n; ++j) v[j] *= a_m[j];
        for (std::size_t k = 0; k < K; ++k) {
          double* __restrict i = i_.data() + (k * batch_ + b) * n;
          const double* __restrict a = a_s_.data() + k * n;
          const double* __restrict xk = x && k < input_synapses_ ? x + (k * batch_ + b) * n : nullptr;
          if (xk)
            for (std::size_t j = 0; j < n; ++j) i[j] += xk[j];
          for (std::size_t j = 0; j < n; ++j) {
            i[j] *= a[j];
            v[j] += i[j];
          }
        }
        for (std::size_t j = 0; j < n; ++j) v[j] += c0[j];
        break;
      }
      case StepProfile::sinabs: {
        // I_k ← α_k (I_k + x); v ← α_m v + Σ I (+ x without synapses) + bias.
        for (std::size_t j = 0; j < n; ++j) v[j] = a_m[j] * v[j] + (K == 0 && xb ? xb[j] : 0.0);
        for (std::size_t k = 0; k < K; ++k) {
          double* __restrict i = i_.data() + (k * batch_ + b) * n;
          const double* __restrict a = a_s_.data() + k * n;
          for (std::size_t j = 0; j < n; ++j) {
            i[j] = a[j] * (i[j] + (k == 0 && xb ? xb[j] : 0.0));
            v[j] += i[j];
          }
        }
        for (std::size_t j = 0; j < n; ++j) v[j] += c0[j];
        break;
      }
      case StepProfile::snntorch: break;  // propagate_snntorch
    }
  }
}

void NeuronGroup::propagate_snntorch(const double* x) {
  // R = H(U − θ) from the previous step; syn ← α syn + X; U ← β U + syn − R θ (subtract) or β (1 − R) U + syn (zero).
  const std::size_t n = size_;
  const std::size_t K = synapse_count_;
  for (std::size_t b = 0; b < batch_; ++b) {
    double* v = v_.data() + b * n;
    double* above = was_above_.data() + b * n;
    const double* xb = x ? x + b * n : nullptr;
    for (std::size_t j = 0; j < n; ++j) above[j] = spikes_ && v[j] > v_th_[j] ? 1.0 : 0.0;
    for (std::size_t k = 0; k < K; ++k) {
      double* i = i_.data() + (k * batch_ + b) * n;
      const double* a = a_s_.data() + k * n;
      for (std::size_t j = 0; j < n; ++j) i[j] = a[j] * i[j] + (k == 0 && xb ? xb[j] : 0.0);
    }
    for (std::size_t j = 0; j < n; ++j) {
      double input = K == 0 && xb ? xb[j] : 0.0;
      for (std::size_t k = 0; k < K; ++k) input += i_[(k * batch_ + b) * n + j];
      if (subtract_) {
        v[j] = a_m_[j] * v[j] + input + c0_[j] - above[j] * (v_th_[j] - v_reset_[j]);
      } else {
        v[j] = a_m_[j] * (1.0 - above[j]) * v[j] + input + c0_[j];
      }
    }
  }
}

std::uint32_t NeuronGroup::spike_count(double v, double v_th) const {
  if (!multi_) return v > v_th ? 1 : 0;
  if (!(v >= v_th)) return 0;
  if (v_th <= 0.0) return 1;
  const double n = std::floor(v / v_th);
  return static_cast<std::uint32_t>(std::clamp(n, 1.0, static_cast<double>(cap_)));
}

void NeuronGroup::fire(double* out, std::vector<StepSpike>& fired) {
  const std::size_t n = size_;
  for (std::size_t b = 0; b < batch_; ++b) {
    double* __restrict v = v_.data() + b * n;
    double* __restrict o = out + b * n;
    if (!spikes_) {
      std::copy_n(v, n, o);
    } else if (profile_ == StepProfile::snntorch) {
      fire_snntorch(b, v, o, fired);
    } else {
      fire_sparse(b, v, o, fired);
    }
  }
}

void NeuronGroup::fire_sparse(std::size_t b, double* __restrict v, double* __restrict o,
                              std::vector<StepSpike>& fired) {
  // Branch-free passes over every neuron (candidates of neurons out of their refractory period, the hold of the
  // refractory ones, the clip of the rest), then the spike rule and reset for the few candidates.
  const std::size_t n = size_;
  std::uint32_t* __restrict left = refractory_left_.data() + b * n;
  const double* __restrict held = held_.data() + b * n;
  const double* __restrict v_th = v_th_.data();
  bool any = false;
  if (has_refractory_) {
    for (std::size_t j = 0; j < n; ++j) {
      const bool holding = left[j] > 0;
      const bool candidate = !holding && (multi_ ? v[j] >= v_th[j] : v[j] > v_th[j]);
      o[j] = candidate ? 1.0 : 0.0;
      any |= candidate;
      v[j] = holding ? held[j] : v[j];
      left[j] -= holding ? 1U : 0U;
    }
  } else {
    for (std::size_t j = 0; j < n; ++j) {
      const bool candidate = multi_ ? v[j] >= v_th[j] : v[j] > v_th[j];
      o[j] = candidate ? 1.0 : 0.0;
      any |= candidate;
    }
  }
  if (clip_) {
    // Held values were clipped when stored; candidates are clipped after their reset.
    const double* __restrict min_v = min_v_.data();
    for (std::size_t j = 0; j < n; ++j) v[j] = o[j] != 0.0 ? v[j] : std::max(v[j], min_v[j]);
  }
  if (!any) return;
  for (std::size_t j = 0; j < n; ++j) {
    if (o[j] == 0.0) continue;
    const std::uint32_t count = spike_count(v[j], v_th[j]);
    o[j] = static_cast<double>(count);
    v[j] = subtract_ ? v[j] - static_cast<double>(count) * (v_th[j] - v_reset_[j]) : v_reset_[j];
    if (clip_) v[j] = std::max(v[j], min_v_[j]);
    fired.push_back({static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(j), count});
    if (refractory_steps_[j] > 0) {
      left[j] = refractory_steps_[j];
      held_[b * n + j] = v[j];
    }
  }
}

void NeuronGroup::fire_snntorch(std::size_t b, double* v, double* o, std::vector<StepSpike>& fired) {
  // snnTorch without reset delay: U ← U − (S − R)·θ (subtract) or U − (S − R)·U (zero), R from the last step.
  const std::size_t n = size_;
  std::uint32_t* left = refractory_left_.data() + b * n;
  double* held = held_.data() + b * n;
  const double* above = was_above_.data() + b * n;
  for (std::size_t j = 0; j < n; ++j) {
    if (left[j] > 0) {
      --left[j];
      v[j] = held[j];
      o[j] = 0.0;
      continue;
    }
    const std::uint32_t count = spike_count(v[j], v_th_[j]);
    o[j] = static_cast<double>(count);
    const double reset = static_cast<double>(count) - above[j];
    v[j] = subtract_ ? v[j] - reset * (v_th_[j] - v_reset_[j]) : v[j] - reset * (v[j] - v_reset_[j]);
    if (clip_) v[j] = std::max(v[j], min_v_[j]);
    if (count > 0) {
      fired.push_back({static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(j), count});
      if (refractory_steps_[j] > 0) {
        left[j] = refractory_steps_[j];
        held[j] = v[j];
      }
    }
  }
}

void NeuronGroup::end_step() {
  if (slots_ == 1) return;  // no delayed projections: every impulse went straight into the state
  const std::size_t block = batch_ * size_;
  double* due = impulses_.data() + cursor_ * impulse_targets_ * block;
  double* __restrict target = synapse_count_ == 0 ? v_.data() : i_.data();
  for (std::size_t e = 0; e < impulse_targets_ * block; ++e) {
    target[e] += due[e];
    due[e] = 0.0;
  }
  cursor_ = (cursor_ + 1) % slots_;
}

}  // namespace reef::sim
