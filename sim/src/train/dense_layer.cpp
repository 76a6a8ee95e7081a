// Linear layer kernels: sparse-input forward, gradients with respect to the input (rows in parallel), the weights and
// the bias (output blocks in parallel, rows summed in order), so results do not depend on the thread count.
#include "dense_layer.hpp"

namespace reef::sim::train {

namespace {

constexpr std::size_t kBlock = 256;  // outputs per block: a block of W (in x 256) stays in L2 for layers up to ~1000 in

}  // namespace

template <class Real>
Real dot(const Real* __restrict a, const Real* __restrict b, std::size_t n) {
  Real part[8] = {};
  std::size_t o = 0;
  for (; o + 8 <= n; o += 8)
    for (std::size_t k = 0; k < 8; ++k) part[k] += a[o + k] * b[o + k];
  for (; o < n; ++o) part[o % 8] += a[o] * b[o];
  return ((part[0] + part[1]) + (part[2] + part[3])) + ((part[4] + part[5]) + (part[6] + part[7]));
}

template <class Real>
void SparseRows<Real>::build(const Real* dense, std::size_t rows, std::size_t width, std::size_t threads) {
  offsets.assign(rows + 1, 0);
  parallel_for(rows, threads, [&](std::size_t r0, std::size_t r1) {
    for (std::size_t r = r0; r < r1; ++r) {
      std::size_t count = 0;
      for (std::size_t i = 0; i < width; ++i) count += dense[r * width + i] != Real(0) ? 1 : 0;
      offsets[r + 1] = count;
    }
  });
  for (std::size_t r = 0; r < rows; ++r) offsets[r + 1] += offsets[r];
  column.resize(offsets[rows]);
  value.resize(offsets[rows]);
  parallel_for(rows, threads, [&](std::size_t r0, std::size_t r1) {
    for (std::size_t r = r0; r < r1; ++r) {
      std::size_t at = offsets[r];
      for (std::size_t i = 0; i < width; ++i) {
        const Real x = dense[r * width + i];
        if (x == Real(0)) continue;
        column[at] = static_cast<std::uint32_t>(i);
        value[at++] = x;
      }
    }
  });
}

template <class Real>
DenseLayer<Real>::DenseLayer(std::size_t in_size, std::size_t out_size, const LayerParameters& own)
    : TrainLayer<Real>(in_size, out_size), own_(own) {}

template <class Real>
void DenseLayer<Real>::load(const std::vector<Parameter>& parameters) {
  weight_ = to_real<Real>(parameters[own_.weight].value);
  if (own_.bias != kNoParameter) bias_ = to_real<Real>(parameters[own_.bias].value);
}

template <class Real>
void DenseLayer<Real>::forward(const Real* in, Real* out, const Pass& pass) {
  const std::size_t n_in = this->in_size_, n_out = this->out_size_;
  rows_.build(in, pass.rows(), n_in, pass.threads);
  parallel_for(pass.rows(), pass.threads, [&](std::size_t r0, std::size_t r1) {
    for (std::size_t o0 = 0; o0 < n_out; o0 += kBlock) {
      const std::size_t len = std::min(kBlock, n_out - o0);
      for (std::size_t r = r0; r < r1; ++r) {
        Real* y = out + r * n_out + o0;
        std::fill_n(y, len, Real(0));
        for (std::size_t k = rows_.offsets[r]; k < rows_.offsets[r + 1]; ++k)
          add_scaled(y, weight_.data() + rows_.column[k] * n_out + o0, rows_.value[k], len);
        if (!bias_.empty())
          for (std::size_t o = 0; o < len; ++o) y[o] += bias_[o0 + o];
      }
    }
  });
}

template <class Real>
void DenseLayer<Real>::backward(const Real*, const Real*, const Real* g_out, Real* g_in, const Pass& pass,
                                std::vector<Parameter>& parameters) {
  const std::size_t n_in = this->in_size_, n_out = this->out_size_, rows = pass.rows();
  if (g_in)
    parallel_for(rows, pass.threads, [&](std::size_t r0, std::size_t r1) {
      for (std::size_t r = r0; r < r1; ++r)
        for (std::size_t i = 0; i < n_in; ++i)
          g_in[r * n_in + i] = dot(weight_.data() + i * n_out, g_out + r * n_out, n_out);
    });
  std::vector<Real> g_weight(n_in * n_out, Real(0));
  std::vector<Real> g_bias(bias_.empty() ? 0 : n_out, Real(0));
  const std::size_t blocks = (n_out + 63) / 64;
  parallel_for(blocks, pass.threads, [&](std::size_t b0, std::size_t b1) {
    const std::size_t o0 = b0 * 64, o1 = std::min(n_out, b1 * 64), len = o1 - o0;
    for (std::size_t r = 0; r < rows; ++r) {
      const Real* g = g_out + r * n_out + o0;
      for (std::size_t k = rows_.offsets[r]; k < rows_.offsets[r + 1]; ++k)
        add_scaled(g_weight.data() + rows_.column[k] * n_out + o0, g, rows_.value[k], len);
      if (!g_bias.empty())
        for (std::size_t o = 0; o < len; ++o) g_bias[o0 + o] += g[o];
    }
  });
  add_gradient(parameters[own_.weight], g_weight);
  if (!g_bias.empty()) add_gradient(parameters[own_.bias], g_bias);
}

template float dot(const float*, const float*, std::size_t);
template double dot(const double*, const double*, std::size_t);
template struct SparseRows<float>;
template struct SparseRows<double>;
template class DenseLayer<float>;
template class DenseLayer<double>;

}  // namespace reef::sim::train
