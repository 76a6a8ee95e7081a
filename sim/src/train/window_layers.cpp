// Conv2d, pooling and Flatten kernels: rows (sample, step) in parallel for outputs and input gradients, output
// channels (or, sparse, taps) in parallel for the kernel and bias gradients (each summed over rows in order). Conv2d
// works on the patches of a row (im2col) with the kernels of conv_kernels.hpp; in float, a pass whose input is mostly
// zeros (spikes) takes the sparse kernels for its outputs and kernel gradient, with bit-identical results.
#include "window_layers.hpp"

#include <algorithm>
#include <numeric>
#include <type_traits>

#include "conv_kernels.hpp"

namespace reef::sim::train {

namespace {

std::vector<std::uint32_t> counting(std::size_t n) {
  std::vector<std::uint32_t> index(n);
  std::iota(index.begin(), index.end(), 0u);
  return index;
}

}  // namespace

template <class Real>
Conv2dLayer<Real>::Conv2dLayer(const Window& window, const LayerParameters& own)
    : TrainLayer<Real>(window.c_in * window.h * window.w, window.c_out * window.oh * window.ow),
      win_(window),
      own_(own),
      tap_index_(counting(window.c_in * window.k * window.k)),
      channel_index_(counting(window.c_out)),
      pixel_index_(counting(window.oh * window.ow)) {
  const Window& g = win_;
  for (std::size_t ci = 0; ci < g.c_in; ++ci)
    for (std::size_t ky = 0; ky < g.k; ++ky)
      for (std::size_t kx = 0; kx < g.k; ++kx)
        for (std::size_t oy = 0; oy < g.oh; ++oy)
          for (std::size_t ox = 0; ox < g.ow; ++ox) {
            const std::ptrdiff_t source = g.plane_source(oy, ox, ky, kx);
            patch_source_.push_back(source < 0 ? -1 : static_cast<std::ptrdiff_t>(ci * g.h * g.w) + source);
          }
  if constexpr (std::is_same_v<Real, float>) {
    feeds_ = input_feeds(patch_source_, pixel_index_.size(), this->in_size_);
    const std::size_t taps = tap_index_.size(), pixels = pixel_index_.size();
    by_pixel_source_.resize(pixels * taps);
    for (std::size_t j = 0; j < taps; ++j)
      for (std::size_t e = 0; e < pixels; ++e) by_pixel_source_[e * taps + j] = patch_source_[j * pixels + e];
  }
}

template <class Real>
void Conv2dLayer<Real>::load(const std::vector<Parameter>& parameters) {
  weight_ = to_real<Real>(parameters[own_.weight].value);
  if (own_.bias != kNoParameter) bias_ = to_real<Real>(parameters[own_.bias].value);
  const std::size_t taps = tap_index_.size(), c_out = win_.c_out, stride = panel_width(c_out);
  weight_by_tap_.assign(taps * stride, Real(0));
  for (std::size_t co = 0; co < c_out; ++co)
    for (std::size_t j = 0; j < taps; ++j) weight_by_tap_[j * stride + co] = weight_[co * taps + j];
}

template <class Real>
bool Conv2dLayer<Real>::sparse_pays(const Real* in, std::size_t rows) const {
  if constexpr (std::is_same_v<Real, float>) {
    const std::size_t size = rows * this->in_size_;
    const auto nonzero = static_cast<std::size_t>(std::count_if(in, in + size, [](float v) { return v != 0.0F; }));
    // A nonzero input costs a padded column of output channels; dense costs every channel for every input.
    return 2 * nonzero * panel_width(win_.c_out) < size * win_.c_out;
  }
  return false;
}

template <class Real>
void Conv2dLayer<Real>::gather_patches(const Real* x, const std::vector<std::ptrdiff_t>& source, std::size_t width,
                                       std::size_t stride, Real* patches) const {
  for (std::size_t from = 0, to = 0; from < source.size(); from += width, to += stride)
    for (std::size_t j = 0; j < width; ++j) patches[to + j] = source[from + j] >= 0 ? x[source[from + j]] : Real(0);
}

template <class Real>
void Conv2dLayer<Real>::scatter_patches(const Real* patches, Real* g_x) const {
  for (std::size_t e = 0; e < patch_source_.size(); ++e)
    if (patch_source_[e] >= 0) g_x[patch_source_[e]] += patches[e];
}

template <class Real>
void Conv2dLayer<Real>::forward(const Real* in, Real* out, const Pass& pass) {
  const Window& g = win_;
  const std::size_t pixels = g.oh * g.ow, taps = g.c_in * g.k * g.k;
  if constexpr (std::is_same_v<Real, float>) {
    if (sparse_pays(in, pass.rows())) {
      parallel_for(pass.rows(), pass.threads, [&](std::size_t r0, std::size_t r1) {
        std::vector<float> scratch(pixels * panel_width(g.c_out));
        for (std::size_t r = r0; r < r1; ++r)
          sparse_output_planes(in + r * this->in_size_, feeds_, weight_by_tap_.data(), g.c_out, panel_width(g.c_out),
                               bias_, scratch.data(), out + r * this->out_size_);
      });
      return;
    }
  }
  parallel_for(pass.rows(), pass.threads, [&](std::size_t r0, std::size_t r1) {
    std::vector<Real> patches(taps * pixels);
    for (std::size_t r = r0; r < r1; ++r) {
      gather_patches(in + r * this->in_size_, patch_source_, patch_source_.size(), patch_source_.size(),
                     patches.data());
      for (std::size_t co = 0; co < g.c_out; ++co)
        combine_planes(out + r * this->out_size_ + co * pixels, patches.data(), pixels, tap_index_,
                       weight_.data() + co * taps, bias_.empty() ? Real(0) : bias_[co]);
    }
  });
}

template <class Real>
void Conv2dLayer<Real>::backward(const Real* in, const Real*, const Real* g_out, Real* g_in, const Pass& pass,
                                 std::vector<Parameter>& parameters) {
  const Window& g = win_;
  const std::size_t rows = pass.rows(), pixels = g.oh * g.ow, taps = g.c_in * g.k * g.k;
  if (g_in)
    parallel_for(rows, pass.threads, [&](std::size_t r0, std::size_t r1) {
      std::vector<Real> g_patches(taps * pixels);
      for (std::size_t r = r0; r < r1; ++r) {
        for (std::size_t j = 0; j < taps; ++j)
          combine_planes(g_patches.data() + j * pixels, g_out + r * this->out_size_, pixels, channel_index_,
                         weight_by_tap_.data() + j * panel_width(g.c_out));
        Real* g_x = g_in + r * this->in_size_;
        std::fill_n(g_x, this->in_size_, Real(0));
        scatter_patches(g_patches.data(), g_x);
      }
    });
  std::vector<Real> g_weight(weight_.size(), Real(0));
  if (sparse_pays(in, rows))
    add_sparse_kernel_gradient(in, g_out, pass, g_weight);
  else
    add_dense_kernel_gradient(in, g_out, pass, g_weight);
  add_gradient(parameters[own_.weight], g_weight);
  if (bias_.empty()) return;
  std::vector<Real> g_bias(bias_.size(), Real(0));
  parallel_for(g.c_out, pass.threads, [&](std::size_t c0, std::size_t c1) {
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t co = c0; co < c1; ++co) {
        const Real* plane = g_out + r * this->out_size_ + co * pixels;
        for (std::size_t e = 0; e < pixels; ++e) g_bias[co] += plane[e];
      }
  });
  add_gradient(parameters[own_.bias], g_bias);
}

template <class Real>
void Conv2dLayer<Real>::add_dense_kernel_gradient(const Real* in, const Real* g_out, const Pass& pass,
                                                  std::vector<Real>& g_weight) const {
  const std::size_t pixels = win_.oh * win_.ow, taps = tap_index_.size();
  // float: [pixel][tap], taps padded to whole panels (the padding stays zero); double: [tap][pixel].
  const bool by_pixel = std::is_same_v<Real, float>;
  const std::vector<std::ptrdiff_t>& layout = by_pixel ? by_pixel_source_ : patch_source_;
  const std::size_t width = by_pixel ? taps : layout.size(), stride = by_pixel ? panel_width(taps) : layout.size();
  // Threads take ranges of output channels; each thread gathers every row's patches for its channels.
  parallel_for(win_.c_out, pass.threads, [&](std::size_t c0, std::size_t c1) {
    std::vector<Real> patches(layout.size() / width * stride, Real(0));
    for (std::size_t r = 0; r < pass.rows(); ++r) {
      gather_patches(in + r * this->in_size_, layout, width, stride, patches.data());
      for (std::size_t co = c0; co < c1; ++co)
        add_tap_gradients(g_weight.data() + co * taps, taps, g_out + r * this->out_size_ + co * pixels, patches.data(),
                          pixel_index_);
    }
  });
}

template <class Real>
void Conv2dLayer<Real>::add_sparse_kernel_gradient(const Real* in, const Real* g_out, const Pass& pass,
                                                   std::vector<Real>& g_weight) const {
  if constexpr (std::is_same_v<Real, float>) {  // double never takes the sparse kernels
    const Window& g = win_;
    const std::size_t pixels = g.oh * g.ow, taps = tap_index_.size(), stride = panel_width(g.c_out);
    // Each row's output gradient transposed to [pixel][channel], channels padded: the sparse kernel's operand.
    std::vector<float> g_by_pixel(pass.rows() * pixels * stride, 0.0F);
    parallel_for(pass.rows(), pass.threads, [&](std::size_t r0, std::size_t r1) {
      for (std::size_t r = r0; r < r1; ++r)
        for (std::size_t co = 0; co < g.c_out; ++co)
          for (std::size_t e = 0; e < pixels; ++e)
            g_by_pixel[(r * pixels + e) * stride + co] = g_out[r * this->out_size_ + co * pixels + e];
    });
    std::vector<float> g_by_tap(taps * stride, 0.0F);
    // Threads take ranges of taps: each (tap, channel) sum still runs over rows, then pixels, in order.
    parallel_for(taps, pass.threads, [&](std::size_t t0, std::size_t t1) {
      std::vector<float> partial((t1 - t0) * stride);
      std::vector<std::uint8_t> touched(t1 - t0, 0);
      for (std::size_t r = 0; r < pass.rows(); ++r)
        add_sparse_tap_gradients(in + r * this->in_size_, feeds_, g_by_pixel.data() + r * pixels * stride, stride, t0,
                                 t1, partial.data(), touched, g_by_tap.data());
    });
    for (std::size_t co = 0; co < g.c_out; ++co)
      for (std::size_t j = 0; j < taps; ++j) g_weight[co * taps + j] = g_by_tap[j * stride + co];
  }
}

template <class Real>
PoolLayer<Real>::PoolLayer(const Window& window, bool average)
    : TrainLayer<Real>(window.c_in * window.h * window.w, window.c_in * window.oh * window.ow),
      win_(window),
      scale_(average ? static_cast<Real>(1.0 / static_cast<double>(window.k * window.k)) : Real(1)) {
  const Window& g = win_;
  window_begin_.push_back(0);
  for (std::size_t oy = 0; oy < g.oh; ++oy)
    for (std::size_t ox = 0; ox < g.ow; ++ox) {
      for (std::size_t ky = 0; ky < g.k; ++ky)
        for (std::size_t kx = 0; kx < g.k; ++kx) {
          const std::ptrdiff_t source = g.plane_source(oy, ox, ky, kx);
          if (source >= 0) window_input_.push_back(static_cast<std::uint32_t>(source));
        }
      window_begin_.push_back(window_input_.size());
    }
}

template <class Real>
void PoolLayer<Real>::forward(const Real* in, Real* out, const Pass& pass) {
  const std::size_t planes = win_.c_in, plane_in = win_.h * win_.w, pixels = win_.oh * win_.ow;
  parallel_for(pass.rows(), pass.threads, [&](std::size_t r0, std::size_t r1) {
    for (std::size_t r = r0; r < r1; ++r)
      for (std::size_t c = 0; c < planes; ++c) {
        const Real* input = in + r * this->in_size_ + c * plane_in;
        Real* output = out + r * this->out_size_ + c * pixels;
        for (std::size_t o = 0; o < pixels; ++o) {
          Real sum = 0;
          for (std::size_t e = window_begin_[o]; e < window_begin_[o + 1]; ++e) sum += input[window_input_[e]];
          output[o] = sum * scale_;
        }
      }
  });
}

template <class Real>
void PoolLayer<Real>::backward(const Real*, const Real*, const Real* g_out, Real* g_in, const Pass& pass,
                               std::vector<Parameter>&) {
  if (!g_in) return;
  const std::size_t planes = win_.c_in, plane_in = win_.h * win_.w, pixels = win_.oh * win_.ow;
  parallel_for(pass.rows(), pass.threads, [&](std::size_t r0, std::size_t r1) {
    for (std::size_t r = r0; r < r1; ++r) {
      std::fill_n(g_in + r * this->in_size_, this->in_size_, Real(0));
      for (std::size_t c = 0; c < planes; ++c) {
        Real* input = g_in + r * this->in_size_ + c * plane_in;
        const Real* output = g_out + r * this->out_size_ + c * pixels;
        for (std::size_t o = 0; o < pixels; ++o) {
          const Real d = output[o] * scale_;
          for (std::size_t e = window_begin_[o]; e < window_begin_[o + 1]; ++e) input[window_input_[e]] += d;
        }
      }
    }
  });
}

template <class Real>
void FlattenLayer<Real>::forward(const Real* in, Real* out, const Pass& pass) {
  std::copy_n(in, pass.rows() * this->in_size_, out);
}

template <class Real>
void FlattenLayer<Real>::backward(const Real*, const Real*, const Real* g_out, Real* g_in, const Pass& pass,
                                  std::vector<Parameter>&) {
  if (g_in) std::copy_n(g_out, pass.rows() * this->in_size_, g_in);
}

template class Conv2dLayer<float>;
template class Conv2dLayer<double>;
template class PoolLayer<float>;
template class PoolLayer<double>;
template class FlattenLayer<float>;
template class FlattenLayer<double>;

}  // namespace reef::sim::train
