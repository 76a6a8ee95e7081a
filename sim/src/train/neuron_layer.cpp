// Neuron layers: the snntorch profile's update in the step engine's order of operations (so float64 runs match
// sim::StepEngine bit for bit), and its adjoint. Per step, with R = H(v − θ) of the previous step (no gradient):
//   syn ← α syn + x;  v' = β v + syn − R θ (subtract) or β (1 − R) v + syn (zero);  s = H(v' − θ);
//   v = v' − (s − R) θ (subtract) or v' − (s − R) v' (zero);  ds/dv' is replaced by the surrogate h(v' − θ).
#include "neuron_layer.hpp"

#include <algorithm>

#include "vector_kernels.hpp"

namespace reef::sim::train {

NeuronConstants neuron_constants(const LayerSpec& layer, std::size_t size, double dt_s,
                                 const std::vector<Parameter>& parameters, const LayerParameters& own) {
  // Learned decays are exported as tau = dt / (1 − decay); the factors are then derived from those taus exactly as
  // the step engine derives them, so both use the same doubles.
  const auto tau = [&](std::size_t index, double fixed, std::size_t j) {
    return index == kNoParameter ? fixed : dt_s / (1.0 - static_cast<double>(parameters[index].value[j]));
  };
  const auto decay = [&](double tau_s) { return std::clamp(1.0 - dt_s / tau_s, 0.0, 1.0); };
  NeuronConstants c;
  for (std::size_t j = 0; j < size; ++j) {
    c.tau_mem_s.push_back(tau(own.beta, layer.tau_mem_s, j));
    c.tau_syn_s.push_back(tau(own.alpha, layer.tau_syn_s, j));
    c.beta.push_back(layer.kind == LayerKind::if_neuron ? 1.0 : decay(c.tau_mem_s.back()));
    c.alpha.push_back(layer.kind == LayerKind::cuba_lif ? decay(c.tau_syn_s.back()) : 0.0);
    c.threshold.push_back(own.threshold == kNoParameter ? layer.v_th
                                                        : static_cast<double>(parameters[own.threshold].value[j]));
  }
  return c;
}

template <class Real>
NeuronLayer<Real>::NeuronLayer(const LayerSpec& spec, std::size_t size, double dt_s, const LayerParameters& own)
    : TrainLayer<Real>(size, size),
      spec_(spec),
      dt_s_(dt_s),
      own_(own),
      spiking_(is_spiking(spec.kind)),
      synapse_(spec.kind == LayerKind::cuba_lif),
      subtract_(spec.reset == NeuronReset::subtract),
      recurrent_(spec.recurrent),
      words_((size + 63) / 64) {}

template <class Real>
void NeuronLayer<Real>::load(const std::vector<Parameter>& parameters) {
  const std::size_t n = this->out_size_;
  const NeuronConstants c = neuron_constants(spec_, n, dt_s_, parameters, own_);
  alpha_.assign(c.alpha.begin(), c.alpha.end());
  beta_.assign(c.beta.begin(), c.beta.end());
  threshold_.assign(c.threshold.begin(), c.threshold.end());
  beta_in_range_.assign(n, 0);
  if (own_.beta != kNoParameter)
    for (std::size_t j = 0; j < n; ++j) {
      const float beta = parameters[own_.beta].value[j];
      beta_in_range_[j] = beta >= 0.0F && beta <= 1.0F ? 1 : 0;
    }
  if (recurrent_) rec_weight_ = to_real<Real>(parameters[own_.recurrent_weight].value);
  if (own_.recurrent_bias != kNoParameter) rec_bias_ = to_real<Real>(parameters[own_.recurrent_bias].value);
}

template <class Real>
void NeuronLayer<Real>::forward(const Real* in, Real* out, const Pass& pass) {
  const std::size_t n = this->out_size_, rows = pass.rows();
  if (pass.keep) {
    v_pre_.resize(rows * n);
    syn_.resize(own_.alpha != kNoParameter ? rows * n : 0);
    spike_bits_.assign(spiking_ ? rows * words_ : 0, 0);
    flag_bits_.assign(spiking_ ? rows * words_ : 0, 0);
  }
  parallel_for(pass.batch, pass.threads, [&](std::size_t b0, std::size_t b1) {
    std::vector<Real> work(3 * n);
    for (std::size_t b = b0; b < b1; ++b) forward_sample(in, out, b, pass, work);
  });
}

template <class Real>
void NeuronLayer<Real>::forward_sample(const Real* in, Real* out, std::size_t b, const Pass& pass,
                                       std::vector<Real>& work) {
  const std::size_t n = this->out_size_;
  Real* v = work.data();
  Real* syn = v + n;
  Real* x = syn + n;
  std::fill(work.begin(), work.begin() + static_cast<std::ptrdiff_t>(2 * n), Real(0));
  for (std::size_t t = 0; t < pass.steps; ++t) {
    const std::size_t row = b * pass.steps + t;
    const Real* x_in = in + row * n;
    if (recurrent_) {
      // The recurrent projection of the previous step's output (0 at t = 0) plus its bias, added after the input.
      std::fill_n(x, n, Real(0));
      if (t > 0)
        for (std::size_t i = 0; i < n; ++i)
          if (out[(row - 1) * n + i] != Real(0)) add_scaled(x, rec_weight_.data() + i * n, out[(row - 1) * n + i], n);
      if (!rec_bias_.empty())
        for (std::size_t j = 0; j < n; ++j) x[j] += rec_bias_[j];
      for (std::size_t j = 0; j < n; ++j) x[j] = x_in[j] + x[j];
      x_in = x;
    }
    Real* y = out + row * n;
    for (std::size_t j = 0; j < n; ++j) {
      const Real above = spiking_ && v[j] > threshold_[j] ? Real(1) : Real(0);
      Real input = x_in[j];
      if (synapse_) {
        syn[j] = alpha_[j] * syn[j] + x_in[j];
        input = syn[j];
        if (!syn_.empty()) syn_[row * n + j] = syn[j];
      }
      if (subtract_) {
        v[j] = beta_[j] * v[j] + input - above * threshold_[j];
      } else {
        v[j] = beta_[j] * (Real(1) - above) * v[j] + input;
      }
      if (pass.keep) v_pre_[row * n + j] = v[j];
      if (!spiking_) {
        y[j] = v[j];
        continue;
      }
      Real s;
      if (pass.smooth_spikes) {
        s = static_cast<Real>(spec_.surrogate.primitive(static_cast<double>(v[j] - threshold_[j])));
      } else {
        s = v[j] > threshold_[j] ? Real(1) : Real(0);
      }
      const Real reset = s - above;
      v[j] = subtract_ ? v[j] - reset * threshold_[j] : v[j] - reset * v[j];
      y[j] = s;
      if (pass.keep) {
        const std::uint64_t mask = std::uint64_t{1} << (j % 64);
        if (s != Real(0)) spike_bits_[row * words_ + j / 64] |= mask;
        if (above != Real(0)) flag_bits_[row * words_ + j / 64] |= mask;
      }
    }
  }
}

template <class Real>
Real NeuronLayer<Real>::v_after(std::size_t row, std::size_t j, const Real* out) const {
  const std::size_t n = this->out_size_;
  const Real v = v_pre_[row * n + j];
  if (!spiking_) return v;
  const Real s = out[row * n + j];
  const Real reset = s - (bit(flag_bits_, row, j) ? Real(1) : Real(0));
  return subtract_ ? v - reset * threshold_[j] : v - reset * v;
}

template <class Real>
void NeuronLayer<Real>::backward(const Real*, const Real* out, const Real* g_out, Real* g_in, const Pass& pass,
                                 std::vector<Parameter>& parameters) {
  const std::size_t n = this->out_size_, rows = pass.rows();
  std::vector<Real> own_g_x;
  Real* g_x = g_in;
  if (!g_x) {
    own_g_x.resize(rows * n);
    g_x = own_g_x.data();
  }
  g_alpha_.assign(pass.batch * n, Real(0));
  g_beta_.assign(pass.batch * n, Real(0));
  g_threshold_.assign(pass.batch * n, Real(0));
  parallel_for(pass.batch, pass.threads, [&](std::size_t b0, std::size_t b1) {
    std::vector<Real> work(3 * n);
    for (std::size_t b = b0; b < b1; ++b) backward_sample(out, g_out, g_x, b, pass, work);
  });

  // Per-neuron parameters: per-sample partial sums added in sample order.
  const auto reduce = [&](std::size_t index, const std::vector<Real>& partial, const std::vector<std::uint8_t>* mask) {
    if (index == kNoParameter) return;
    Parameter& p = parameters[index];
    for (std::size_t j = 0; j < n; ++j) {
      Real sum = 0;
      for (std::size_t b = 0; b < pass.batch; ++b) sum += partial[b * n + j];
      if (!mask || (*mask)[j]) p.grad[j] += static_cast<float>(sum);
    }
  };
  reduce(own_.alpha, g_alpha_, nullptr);
  reduce(own_.beta, g_beta_, &beta_in_range_);
  reduce(own_.threshold, g_threshold_, nullptr);
  if (!recurrent_) return;

  // Recurrent projection: d W[i][o] = Σ_{b, t ≥ 1} s[t−1][i] g_x[t][o], d bias[o] = Σ_{b, t} g_x[t][o].
  std::vector<Real> g_weight(n * n, Real(0));
  std::vector<Real> g_bias(rec_bias_.empty() ? 0 : n, Real(0));
  const std::size_t blocks = (n + 63) / 64;
  parallel_for(blocks, pass.threads, [&](std::size_t k0, std::size_t k1) {
    const std::size_t o0 = k0 * 64, len = std::min(n, k1 * 64) - o0;
    for (std::size_t b = 0; b < pass.batch; ++b)
      for (std::size_t t = 0; t < pass.steps; ++t) {
        const std::size_t row = b * pass.steps + t;
        const Real* g = g_x + row * n + o0;
        if (t > 0)
          for (std::size_t i = 0; i < n; ++i) {
            const Real s = out[(row - 1) * n + i];
            if (s != Real(0)) add_scaled(g_weight.data() + i * n + o0, g, s, len);
          }
        if (!g_bias.empty())
          for (std::size_t o = 0; o < len; ++o) g_bias[o0 + o] += g[o];
      }
  });
  add_gradient(parameters[own_.recurrent_weight], g_weight);
  if (!g_bias.empty()) add_gradient(parameters[own_.recurrent_bias], g_bias);
}

template <class Real>
void NeuronLayer<Real>::backward_sample(const Real* out, const Real* g_out, Real* g_x, std::size_t b, const Pass& pass,
                                        std::vector<Real>& work) {
  const std::size_t n = this->out_size_;
  Real* g_v = work.data();  // d loss / d v (post-reset) of step t, carried back
  Real* g_syn = g_v + n;    // d loss / d syn of step t, carried back
  Real* g_rec = g_syn + n;  // d loss / d s of step t through the recurrent projection at t + 1
  std::fill(work.begin(), work.end(), Real(0));
  Real* g_alpha = g_alpha_.data() + b * n;
  Real* g_beta = g_beta_.data() + b * n;
  Real* g_th = g_threshold_.data() + b * n;
  for (std::size_t t = pass.steps; t-- > 0;) {
    const std::size_t row = b * pass.steps + t;
    for (std::size_t j = 0; j < n; ++j) {
      const Real v_prev = t > 0 ? v_after(row - 1, j, out) : Real(0);
      const Real gv = g_v[j];
      Real g_vp;  // d loss / d v' (pre-reset)
      Real flag = 0;
      if (!spiking_) {
        g_vp = gv + g_out[row * n + j];
      } else {
        const Real vp = v_pre_[row * n + j];
        const Real th = threshold_[j];
        const Real s = pass.smooth_spikes ? out[row * n + j] : (bit(spike_bits_, row, j) ? Real(1) : Real(0));
        flag = bit(flag_bits_, row, j) ? Real(1) : Real(0);
        const Real h = static_cast<Real>(spec_.surrogate.derivative(static_cast<double>(vp - th)));
        const Real gs = g_out[row * n + j] + g_rec[j];
        if (subtract_) {
          const Real total = gs - th * gv;
          g_vp = gv + total * h;
          g_th[j] += -(s - flag) * gv - total * h - flag * g_vp;
        } else {
          const Real total = gs - vp * gv;
          g_vp = gv * (Real(1) - s + flag) + total * h;
          g_th[j] += -total * h;
        }
      }
      const Real keep = subtract_ ? Real(1) : Real(1) - flag;
      g_beta[j] += g_vp * keep * v_prev;
      g_v[j] = g_vp * beta_[j] * keep;
      Real gx = g_vp;
      if (synapse_) {
        const Real g_total = g_syn[j] + g_vp;
        if (!syn_.empty() && t > 0) g_alpha[j] += g_total * syn_[(row - 1) * n + j];
        g_syn[j] = alpha_[j] * g_total;
        gx = g_total;
      }
      g_x[row * n + j] = gx;
    }
    if (recurrent_)
      for (std::size_t i = 0; i < n; ++i) g_rec[i] = dot(rec_weight_.data() + i * n, g_x + row * n, n);
    if (pass.bptt_window > 0 && t % pass.bptt_window == 0) std::fill(work.begin(), work.end(), Real(0));
  }
}

template class NeuronLayer<float>;
template class NeuronLayer<double>;

}  // namespace reef::sim::train
