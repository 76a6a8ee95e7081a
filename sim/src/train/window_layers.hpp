// Layers over (C, H, W) images: Conv2d (square kernel, stride, zero padding, one group), sum and average pooling,
// and Flatten (the layout does not change). Loop orders follow the step engine's, so float64 runs match it exactly.
#pragma once

#include <cstdint>

#include "conv_kernels.hpp"
#include "train_layer.hpp"

namespace reef::sim::train {

// Geometry of a square window over a (C, H, W) input.
struct Window {
  std::size_t c_in = 0, h = 0, w = 0, c_out = 0, k = 1, stride = 1, pad = 0, oh = 0, ow = 0;
  // Input column of output column `o` and kernel offset `kk`, or -1 in the padding.
  std::ptrdiff_t in_x(std::size_t o, std::size_t kk, std::size_t size) const {
    const auto x = static_cast<std::ptrdiff_t>(o * stride + kk) - static_cast<std::ptrdiff_t>(pad);
    return x < static_cast<std::ptrdiff_t>(size) ? x : -1;
  }
  // Index within an input plane of output pixel (oy, ox)'s input at kernel offset (ky, kx), or -1 in the padding.
  std::ptrdiff_t plane_source(std::size_t oy, std::size_t ox, std::size_t ky, std::size_t kx) const {
    const std::ptrdiff_t iy = in_x(oy, ky, h), ix = in_x(ox, kx, w);
    return iy < 0 || ix < 0 ? -1 : iy * static_cast<std::ptrdiff_t>(w) + ix;
  }
};

template <class Real>
class Conv2dLayer : public TrainLayer<Real> {
 public:
  Conv2dLayer(const Window& window, const LayerParameters& own);
  void load(const std::vector<Parameter>& parameters) override;
  void forward(const Real* in, Real* out, const Pass& pass) override;
  void backward(const Real* in, const Real* out, const Real* g_out, Real* g_in, const Pass& pass,
                std::vector<Parameter>& parameters) override;
  // Whether a pass over these rows of input takes the sparse float kernels (never in double): when few inputs are
  // nonzero, as the spikes of a previous layer mostly are.
  bool sparse_pays(const Real* in, std::size_t rows) const;

 private:
  // Copies a row's input into its patches (im2col) as `source` lays them out (patch_source_ or by_pixel_source_),
  // zero in the padding: `source`'s lines of `width` entries go to lines `stride` apart (entries past `width` are
  // left alone).
  void gather_patches(const Real* x, const std::vector<std::ptrdiff_t>& source, std::size_t width, std::size_t stride,
                      Real* patches) const;
  // The transpose: adds each patch entry onto the input element it came from, in patch order.
  void scatter_patches(const Real* patches, Real* g_x) const;
  // The kernel gradient of a pass into g_weight ([channel][tap], all zero): over each row's patches (dense) or over
  // its nonzero inputs (sparse, float only). Both give the same bits.
  void add_dense_kernel_gradient(const Real* in, const Real* g_out, const Pass& pass,
                                 std::vector<Real>& g_weight) const;
  void add_sparse_kernel_gradient(const Real* in, const Real* g_out, const Pass& pass,
                                  std::vector<Real>& g_weight) const;

  Window win_;
  LayerParameters own_;
  std::vector<Real> weight_, bias_;
  std::vector<Real> weight_by_tap_;  // the weights transposed, [tap][output channel], channels padded to 64
  // 0, 1, 2, ...: the terms of the output planes (taps), of the input-gradient planes (channels) and of the kernel
  // gradients (pixels), as the panel kernel's column lists.
  std::vector<std::uint32_t> tap_index_, channel_index_, pixel_index_;
  // Per patch entry, the input element it copies or -1 (padding). patch_source_ lays the patches out
  // [(ci * k + ky) * k + kx][oy * ow + ox], so each kernel weight meets a contiguous run of output pixels;
  // by_pixel_source_ (float only, for the kernel gradient) transposes that to [pixel][tap].
  std::vector<std::ptrdiff_t> patch_source_, by_pixel_source_;
  InputFeeds feeds_;  // float only: where each input element enters, for the sparse kernels
};

template <class Real>
class PoolLayer : public TrainLayer<Real> {
 public:
  PoolLayer(const Window& window, bool average);
  void load(const std::vector<Parameter>&) override {}
  void forward(const Real* in, Real* out, const Pass& pass) override;
  void backward(const Real* in, const Real* out, const Real* g_out, Real* g_in, const Pass& pass,
                std::vector<Parameter>& parameters) override;

 private:
  Window win_;
  Real scale_;
  // Output pixel o of a plane sums the plane's inputs window_input_[window_begin_[o], window_begin_[o + 1]), by
  // kernel row, then column; padding is left out.
  std::vector<std::size_t> window_begin_;
  std::vector<std::uint32_t> window_input_;
};

template <class Real>
class FlattenLayer : public TrainLayer<Real> {
 public:
  explicit FlattenLayer(std::size_t size) : TrainLayer<Real>(size, size) {}
  void load(const std::vector<Parameter>&) override {}
  void forward(const Real* in, Real* out, const Pass& pass) override;
  void backward(const Real* in, const Real* out, const Real* g_out, Real* g_in, const Pass& pass,
                std::vector<Parameter>& parameters) override;
};

}  // namespace reef::sim::train
