// The sparse Conv2d kernels: which outputs each input element enters, and the output planes and kernel gradients of a
// row computed from its nonzero inputs alone.
#include "conv_kernels.hpp"

namespace reef::sim::train {

InputFeeds input_feeds(const std::vector<std::ptrdiff_t>& patch_source, std::size_t pixels, std::size_t in_size) {
  InputFeeds feeds;
  feeds.pixels = pixels;
  feeds.begin.assign(in_size + 1, 0);
  for (const std::ptrdiff_t source : patch_source)
    if (source >= 0) ++feeds.begin[static_cast<std::size_t>(source) + 1];
  for (std::size_t i = 0; i < in_size; ++i) feeds.begin[i + 1] += feeds.begin[i];
  feeds.pixel.resize(feeds.begin[in_size]);
  feeds.tap.resize(feeds.begin[in_size]);
  std::vector<std::uint32_t> next(feeds.begin.begin(), feeds.begin.end() - 1);
  for (std::size_t e = 0; e < patch_source.size(); ++e)
    if (patch_source[e] >= 0) {
      const std::uint32_t slot = next[static_cast<std::size_t>(patch_source[e])]++;
      feeds.tap[slot] = static_cast<std::uint32_t>(e / pixels);
      feeds.pixel[slot] = static_cast<std::uint32_t>(e % pixels);
    }
  return feeds;
}

void sparse_output_planes(const float* x, const InputFeeds& feeds, const float* weight_by_tap, std::size_t c_out,
                          std::size_t stride, const std::vector<float>& bias, float* scratch, float* out) {
  const std::size_t in_size = feeds.begin.size() - 1, pixels = feeds.pixels;
  std::fill_n(scratch, pixels * stride, 0.0F);
  for (std::size_t i = 0; i < in_size; ++i) {
    if (x[i] == 0.0F) continue;
    for (std::uint32_t f = feeds.begin[i]; f < feeds.begin[i + 1]; ++f)
      add_scaled(scratch + feeds.pixel[f] * stride, weight_by_tap + feeds.tap[f] * stride, x[i], stride);
  }
  for (std::size_t co = 0; co < c_out; ++co) {
    const float start = bias.empty() ? 0.0F : bias[co];
    for (std::size_t p = 0; p < pixels; ++p) out[co * pixels + p] = scratch[p * stride + co] + start;
  }
}

void add_sparse_tap_gradients(const float* x, const InputFeeds& feeds, const float* g_by_pixel, std::size_t stride,
                              std::size_t first, std::size_t last, float* partial, std::vector<std::uint8_t>& touched,
                              float* g_by_tap) {
  const std::size_t in_size = feeds.begin.size() - 1;
  for (std::size_t i = 0; i < in_size; ++i) {
    if (x[i] == 0.0F) continue;
    for (std::uint32_t f = feeds.begin[i]; f < feeds.begin[i + 1]; ++f) {
      const std::uint32_t j = feeds.tap[f];
      if (j < first || j >= last) continue;
      float* sum = partial + (j - first) * stride;
      if (touched[j - first] == 0) {
        touched[j - first] = 1;
        std::fill_n(sum, stride, 0.0F);
      }
      add_scaled(sum, g_by_pixel + feeds.pixel[f] * stride, x[i], stride);
    }
  }
  for (std::size_t j = first; j < last; ++j)
    if (touched[j - first] != 0) {
      touched[j - first] = 0;
      for (std::size_t co = 0; co < stride; ++co) g_by_tap[j * stride + co] += partial[(j - first) * stride + co];
    }
}

}  // namespace reef::sim::train
