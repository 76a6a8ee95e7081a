// Linear layer kernels: sparse-input forward, gradients with respect to the input (rows in parallel), the weights and
// the bias (64-output panels in parallel, rows summed in order), so results do not depend on the thread count. A
// panel of W (inputs x 64) stays in L2 while the rows stream past it.
#include "dense_layer.hpp"

#include <type_traits>

namespace reef::sim::train {

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

namespace {

// y[0, len) = Σ over the non-zero inputs k of row r of value · w[column · stride + (0, len)], in input order.
template <class Real>
void accumulate_inputs(Real* y, const Real* w, std::size_t stride, const SparseRows<Real>& rows, std::size_t r,
                       std::size_t len) {
  const std::size_t first = rows.offsets[r], count = rows.offsets[r + 1] - first;
  if constexpr (std::is_same_v<Real, float>) {
    if (len == kPanel) return gather_panel(y, w, stride, rows.column.data() + first, rows.value.data() + first, count);
  }
  std::fill_n(y, len, Real(0));
  for (std::size_t k = first; k < first + count; ++k) add_scaled(y, w + rows.column[k] * stride, rows.value[k], len);
}

// w[column · stride + (0, len)] += value · g[0, len) for the non-zero inputs of row r, in input order.
template <class Real>
void accumulate_outer(Real* w, std::size_t stride, const SparseRows<Real>& rows, std::size_t r, const Real* g,
                      std::size_t len) {
  const std::size_t first = rows.offsets[r], count = rows.offsets[r + 1] - first;
  if constexpr (std::is_same_v<Real, float>) {
    if (len == kPanel) return scatter_panel(w, stride, rows.column.data() + first, rows.value.data() + first, count, g);
  }
  for (std::size_t k = first; k < first + count; ++k) add_scaled(w + rows.column[k] * stride, g, rows.value[k], len);
}

}  // namespace

template <class Real>
void DenseLayer<Real>::forward(const Real* in, Real* out, const Pass& pass) {
  const std::size_t n_in = this->in_size_, n_out = this->out_size_;
  rows_.build(in, pass.rows(), n_in, pass.threads);
  parallel_for(pass.rows(), pass.threads, [&](std::size_t r0, std::size_t r1) {
    for (std::size_t o0 = 0; o0 < n_out; o0 += kPanel) {
      const std::size_t len = std::min(kPanel, n_out - o0);
      for (std::size_t r = r0; r < r1; ++r) {
        Real* y = out + r * n_out + o0;
        accumulate_inputs(y, weight_.data() + o0, n_out, rows_, r, len);
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
  if (g_in) {
    std::vector<Real> transposed(n_out * n_in);  // W output-major, so each output's row of W is contiguous
    for (std::size_t i = 0; i < n_in; ++i)
      for (std::size_t o = 0; o < n_out; ++o) transposed[o * n_in + i] = weight_[i * n_out + o];
    parallel_for(rows, pass.threads, [&](std::size_t r0, std::size_t r1) {
      for (std::size_t r = r0; r < r1; ++r) {
        Real* g = g_in + r * n_in;
        std::fill_n(g, n_in, Real(0));
        for (std::size_t o = 0; o < n_out; ++o)
          if (g_out[r * n_out + o] != Real(0)) add_scaled(g, transposed.data() + o * n_in, g_out[r * n_out + o], n_in);
      }
    });
  }
  std::vector<Real> g_weight(n_in * n_out, Real(0));
  std::vector<Real> g_bias(bias_.empty() ? 0 : n_out, Real(0));
  const std::size_t panels = (n_out + kPanel - 1) / kPanel;
  parallel_for(panels, pass.threads, [&](std::size_t p0, std::size_t p1) {
    for (std::size_t p = p0; p < p1; ++p) {
      const std::size_t o0 = p * kPanel, len = std::min(kPanel, n_out - o0);
      for (std::size_t r = 0; r < rows; ++r) {
        const Real* g = g_out + r * n_out + o0;
        accumulate_outer(g_weight.data() + o0, n_out, rows_, r, g, len);
        if (!g_bias.empty())
          for (std::size_t o = 0; o < len; ++o) g_bias[o0 + o] += g[o];
      }
    }
  });
  add_gradient(parameters[own_.weight], g_weight);
  if (!g_bias.empty()) add_gradient(parameters[own_.bias], g_bias);
}

template struct SparseRows<float>;
template struct SparseRows<double>;
template class DenseLayer<float>;
template class DenseLayer<double>;

}  // namespace reef::sim::train
