// Image augmentation for training passes: one mirror draw and two shift draws per sample and pass, then a gather
// from the source pixel of every output pixel (zero where it falls outside the image).
#include "reef/sim/train/augment.hpp"

#include "reef/core/random.hpp"

namespace reef::sim::train {

void augment_image(std::span<const float> sample, const std::vector<std::size_t>& sample_shape, const AugmentSpec& spec,
                   std::uint64_t seed, std::uint64_t key, std::uint64_t pass, std::span<float> out) {
  const std::size_t rank = sample_shape.size();
  const std::size_t h = sample_shape[rank - 2], w = sample_shape[rank - 1], planes = sample.size() / (h * w);
  core::Rng rng(core::Rng(seed, core::stream_tag("augment")).next_u64(), key, pass);
  const bool mirror = spec.flip && rng.uniform() < 0.5;
  const auto offset = [&] {
    const auto reach = static_cast<std::ptrdiff_t>(spec.shift);
    return reach == 0 ? std::ptrdiff_t{0} : static_cast<std::ptrdiff_t>(rng.uniform_index(2 * spec.shift + 1)) - reach;
  };
  const std::ptrdiff_t dy = offset(), dx = offset();
  const auto height = static_cast<std::ptrdiff_t>(h), width = static_cast<std::ptrdiff_t>(w);
  for (std::size_t c = 0; c < planes; ++c)
    for (std::ptrdiff_t y = 0; y < height; ++y)
      for (std::ptrdiff_t x = 0; x < width; ++x) {
        const std::ptrdiff_t sy = y - dy, shifted = x - dx, sx = mirror ? width - 1 - shifted : shifted;
        const bool inside = sy >= 0 && sy < height && shifted >= 0 && shifted < width;
        out[(c * h + static_cast<std::size_t>(y)) * w + static_cast<std::size_t>(x)] =
            inside ? sample[(c * h + static_cast<std::size_t>(sy)) * w + static_cast<std::size_t>(sx)] : 0.0F;
      }
}

}  // namespace reef::sim::train
