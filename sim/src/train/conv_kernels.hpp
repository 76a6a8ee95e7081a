// The inner work of Conv2d on one row (sample, step): its output planes and kernel gradients, dense over the row's
// patches (im2col) and, for inputs that are mostly zeros (the spikes of a previous layer), sparse over its nonzero
// inputs. The sparse kernels skip zero inputs and otherwise add in the dense float kernels' order, so both give
// bit-identical results (a skipped term is ±0, and a sum that starts from +0 never becomes −0): which of them runs
// changes only the speed.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "vector_kernels.hpp"

namespace reef::sim::train {

// n rounded up to whole panels: the row length of the [pixel][tap] and [tap][channel] layouts.
inline std::size_t panel_width(std::size_t n) { return (n + kPanel - 1) / kPanel * kPanel; }

// y[0, pixels) = start + Σ_k value[k] · planes[index[k] · pixels + (0, pixels)]. In float the terms are summed from
// zero in k order, each 64-pixel panel in registers when the pixels split into whole panels, and `start` comes last;
// in double the sum starts from `start`, the step engine's order.
template <class Real>
void combine_planes(Real* y, const Real* planes, std::size_t pixels, const std::vector<std::uint32_t>& index,
                    const Real* value, Real start = Real(0)) {
  if constexpr (std::is_same_v<Real, float>) {
    if (pixels % kPanel == 0) {
      for (std::size_t p = 0; p < pixels; p += kPanel)
        gather_panel(y + p, planes + p, pixels, index.data(), value, index.size());
    } else {
      std::fill_n(y, pixels, 0.0F);
      for (std::size_t k = 0; k < index.size(); ++k) add_scaled(y, planes + index[k] * pixels, value[k], pixels);
    }
    for (std::size_t e = 0; e < pixels; ++e) y[e] += start;
  } else {
    std::fill_n(y, pixels, start);
    for (std::size_t k = 0; k < index.size(); ++k) add_scaled(y, planes + index[k] * pixels, value[k], pixels);
  }
}

// g[j] += Σ_e plane[e] · patch[j][e] for each tap j. In float the patches come by pixel ([pixel][tap], taps padded
// to whole panels) and 64 taps at a time keep their sums in registers; in double they come by tap ([tap][pixel]).
template <class Real>
void add_tap_gradients(Real* g, std::size_t taps, const Real* plane, const Real* patches,
                       const std::vector<std::uint32_t>& pixel_index) {
  const std::size_t pixels = pixel_index.size();
  if constexpr (std::is_same_v<Real, float>) {
    const std::size_t padded = panel_width(taps);
    float partial[kPanel];
    for (std::size_t first = 0; first < taps; first += kPanel) {
      gather_panel(partial, patches + first, padded, pixel_index.data(), plane, pixels);
      for (std::size_t j = first; j < std::min(taps, first + kPanel); ++j) g[j] += partial[j - first];
    }
  } else {
    for (std::size_t j = 0; j < taps; ++j) g[j] += dot(plane, patches + j * pixels, pixels);
  }
}

// For each input element of a convolution, the (output pixel, tap) pairs its value enters: the patch layout read
// backwards. For a fixed pixel (or a fixed tap) the pairs of ascending input elements have ascending taps (pixels),
// so walking the nonzero inputs in order adds each sum's terms in the dense kernels' order.
struct InputFeeds {
  std::size_t pixels = 0;            // output pixels of a channel
  std::vector<std::uint32_t> begin;  // element i's pairs are [begin[i], begin[i + 1])
  std::vector<std::uint32_t> pixel, tap;
};
// patch_source lays the patches out [tap][pixel] (Conv2dLayer::patch_source_): the input element or -1 (padding).
InputFeeds input_feeds(const std::vector<std::ptrdiff_t>& patch_source, std::size_t pixels, std::size_t in_size);

// out[co · pixels + p] = (Σ x[i] · weight_by_tap[tap · stride + co] over the pairs (p, tap) of the nonzero x[i]) +
// bias[co] (0 without bias), co < c_out: combine_planes' float result. stride = panel_width(c_out); `scratch` holds
// pixels · stride floats.
void sparse_output_planes(const float* x, const InputFeeds& feeds, const float* weight_by_tap, std::size_t c_out,
                          std::size_t stride, const std::vector<float>& bias, float* scratch, float* out);

// For each tap in [first, last) that a nonzero x[i] enters: g_by_tap[tap · stride + (0, stride)] += Σ_p x[i] ·
// g_by_pixel[p · stride + (0, stride)], the sum over pixels taken from zero first: add_tap_gradients' float result,
// transposed. `partial` ((last − first) · stride floats) and `touched` (last − first flags, all zero) are scratch;
// `touched` is left all zero.
void add_sparse_tap_gradients(const float* x, const InputFeeds& feeds, const float* g_by_pixel, std::size_t stride,
                              std::size_t first, std::size_t last, float* partial, std::vector<std::uint8_t>& touched,
                              float* g_by_tap);

}  // namespace reef::sim::train
