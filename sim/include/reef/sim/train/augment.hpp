// Training-time augmentation of image samples, (C, H, W) or (H, W): a left-right mirror with probability 1/2 and a
// shift by up to `shift` pixels along each axis, zeros shifted in. The draws of a sample come from a stream of
// (seed, sample index, pass), so an augmented sample does not depend on batch order or thread count and a resumed
// run augments exactly as an uninterrupted one. Evaluation passes are never augmented.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace reef::sim::train {

struct AugmentSpec {
  bool flip = false;      // mirror left-right (along W) with probability 1/2
  std::size_t shift = 0;  // translate by a whole number of pixels in [-shift, shift] along H and along W
  bool enabled() const { return flip || shift > 0; }
};

// Writes the augmented `sample` (of `sample_shape`) into `out`, the same size; `key` is the sample's dataset index.
void augment_image(std::span<const float> sample, const std::vector<std::size_t>& sample_shape, const AugmentSpec& spec,
                   std::uint64_t seed, std::uint64_t key, std::uint64_t pass, std::span<float> out);

}  // namespace reef::sim::train
