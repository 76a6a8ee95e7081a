// Conv2d, pooling and Flatten kernels: rows (sample, step) in parallel for outputs and input gradients, output
// channels in parallel for the kernel and bias gradients (each summed over rows in order). Conv2d works on the
// patches of a row (im2col), so its inner loops run over contiguous output pixels.
#include "window_layers.hpp"

#include "vector_kernels.hpp"

namespace reef::sim::train {

template <class Real>
Conv2dLayer<Real>::Conv2dLayer(const Window& window, const LayerParameters& own)
    : TrainLayer<Real>(window.c_in * window.h * window.w, window.c_out * window.oh * window.ow),
      win_(window),
      own_(own) {
  const Window& g = win_;
  for (std::size_t ci = 0; ci < g.c_in; ++ci)
    for (std::size_t ky = 0; ky < g.k; ++ky)
      for (std::size_t kx = 0; kx < g.k; ++kx)
        for (std::size_t oy = 0; oy < g.oh; ++oy)
          for (std::size_t ox = 0; ox < g.ow; ++ox) {
            const std::ptrdiff_t iy = g.in_x(oy, ky, g.h), ix = g.in_x(ox, kx, g.w);
            patch_source_.push_back(iy < 0 || ix < 0 ? -1 : static_cast<std::ptrdiff_t>((ci * g.h + iy) * g.w + ix));
          }
}

template <class Real>
void Conv2dLayer<Real>::load(const std::vector<Parameter>& parameters) {
  weight_ = to_real<Real>(parameters[own_.weight].value);
  if (own_.bias != kNoParameter) bias_ = to_real<Real>(parameters[own_.bias].value);
}

template <class Real>
void Conv2dLayer<Real>::gather_patches(const Real* x, Real* patches) const {
  for (std::size_t e = 0; e < patch_source_.size(); ++e)
    patches[e] = patch_source_[e] >= 0 ? x[patch_source_[e]] : Real(0);
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
  parallel_for(pass.rows(), pass.threads, [&](std::size_t r0, std::size_t r1) {
    std::vector<Real> patches(taps * pixels);
    for (std::size_t r = r0; r < r1; ++r) {
      gather_patches(in + r * this->in_size_, patches.data());
      for (std::size_t co = 0; co < g.c_out; ++co) {
        Real* plane = out + r * this->out_size_ + co * pixels;
        std::fill_n(plane, pixels, bias_.empty() ? Real(0) : bias_[co]);
        for (std::size_t j = 0; j < taps; ++j)
          add_scaled(plane, patches.data() + j * pixels, weight_[co * taps + j], pixels);
      }
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
        std::fill(g_patches.begin(), g_patches.end(), Real(0));
        for (std::size_t co = 0; co < g.c_out; ++co) {
          const Real* plane = g_out + r * this->out_size_ + co * pixels;
          for (std::size_t j = 0; j < taps; ++j)
            add_scaled(g_patches.data() + j * pixels, plane, weight_[co * taps + j], pixels);
        }
        Real* g_x = g_in + r * this->in_size_;
        std::fill_n(g_x, this->in_size_, Real(0));
        scatter_patches(g_patches.data(), g_x);
      }
    });
  std::vector<Real> g_weight(weight_.size(), Real(0));
  std::vector<Real> g_bias(bias_.size(), Real(0));
  parallel_for(g.c_out, pass.threads, [&](std::size_t c0, std::size_t c1) {
    std::vector<Real> patches(taps * pixels);
    for (std::size_t r = 0; r < rows; ++r) {
      gather_patches(in + r * this->in_size_, patches.data());
      for (std::size_t co = c0; co < c1; ++co) {
        const Real* plane = g_out + r * this->out_size_ + co * pixels;
        if (!g_bias.empty())
          for (std::size_t e = 0; e < pixels; ++e) g_bias[co] += plane[e];
        for (std::size_t j = 0; j < taps; ++j)
          g_weight[co * taps + j] += dot(plane, patches.data() + j * pixels, pixels);
      }
    }
  });
  add_gradient(parameters[own_.weight], g_weight);
  if (!g_bias.empty()) add_gradient(parameters[own_.bias], g_bias);
}

template <class Real>
PoolLayer<Real>::PoolLayer(const Window& window, bool average)
    : TrainLayer<Real>(window.c_in * window.h * window.w, window.c_in * window.oh * window.ow),
      win_(window),
      scale_(average ? static_cast<Real>(1.0 / static_cast<double>(window.k * window.k)) : Real(1)) {}

template <class Real>
void PoolLayer<Real>::forward(const Real* in, Real* out, const Pass& pass) {
  const Window& g = win_;
  parallel_for(pass.rows(), pass.threads, [&](std::size_t r0, std::size_t r1) {
    for (std::size_t r = r0; r < r1; ++r)
      for (std::size_t c = 0; c < g.c_in; ++c) {
        const Real* input = in + r * this->in_size_ + c * g.h * g.w;
        for (std::size_t oy = 0; oy < g.oh; ++oy)
          for (std::size_t ox = 0; ox < g.ow; ++ox) {
            Real sum = 0;
            for (std::size_t ky = 0; ky < g.k; ++ky) {
              const std::ptrdiff_t iy = g.in_x(oy, ky, g.h);
              if (iy < 0) continue;
              for (std::size_t kx = 0; kx < g.k; ++kx) {
                const std::ptrdiff_t ix = g.in_x(ox, kx, g.w);
                if (ix >= 0) sum += input[static_cast<std::size_t>(iy) * g.w + static_cast<std::size_t>(ix)];
              }
            }
            out[r * this->out_size_ + (c * g.oh + oy) * g.ow + ox] = sum * scale_;
          }
      }
  });
}

template <class Real>
void PoolLayer<Real>::backward(const Real*, const Real*, const Real* g_out, Real* g_in, const Pass& pass,
                               std::vector<Parameter>&) {
  if (!g_in) return;
  const Window& g = win_;
  parallel_for(pass.rows(), pass.threads, [&](std::size_t r0, std::size_t r1) {
    for (std::size_t r = r0; r < r1; ++r) {
      std::fill_n(g_in + r * this->in_size_, this->in_size_, Real(0));
      for (std::size_t c = 0; c < g.c_in; ++c) {
        Real* input = g_in + r * this->in_size_ + c * g.h * g.w;
        for (std::size_t oy = 0; oy < g.oh; ++oy)
          for (std::size_t ox = 0; ox < g.ow; ++ox) {
            const Real d = g_out[r * this->out_size_ + (c * g.oh + oy) * g.ow + ox] * scale_;
            for (std::size_t ky = 0; ky < g.k; ++ky) {
              const std::ptrdiff_t iy = g.in_x(oy, ky, g.h);
              if (iy < 0) continue;
              for (std::size_t kx = 0; kx < g.k; ++kx) {
                const std::ptrdiff_t ix = g.in_x(ox, kx, g.w);
                if (ix >= 0) input[static_cast<std::size_t>(iy) * g.w + static_cast<std::size_t>(ix)] += d;
              }
            }
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
