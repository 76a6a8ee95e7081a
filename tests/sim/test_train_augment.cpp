// Training-time augmentation: every augmented image is the original mirrored or not and shifted by at most `shift`
// pixels with zeros shifted in, all of those outcomes occur, the draws depend only on (seed, sample, pass), training
// batches are augmented while evaluation batches are not, and a Trainer refuses samples that are not images.
#include <doctest/doctest.h>

#include <set>
#include <tuple>
#include <vector>

#include "reef/core/error.hpp"
#include "reef/sim/train/augment.hpp"
#include "reef/sim/train/trainer.hpp"

namespace reef::sim::train {
namespace {

constexpr std::size_t kChannels = 2, kHeight = 3, kWidth = 4;

// Pixel values 1..24, all distinct and non-zero, so any shift or mirror is visible.
std::vector<float> test_image() {
  std::vector<float> image(kChannels * kHeight * kWidth);
  for (std::size_t e = 0; e < image.size(); ++e) image[e] = static_cast<float>(e + 1);
  return image;
}

// The image mirrored left-right (or not), then moved by (dy, dx), zeros where nothing moved in.
std::vector<float> expected(const std::vector<float>& image, bool mirror, int dy, int dx) {
  std::vector<float> out(image.size(), 0.0F);
  const int h = kHeight, w = kWidth;
  for (int c = 0; c < static_cast<int>(kChannels); ++c)
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        const int sy = y - dy, sx = x - dx;
        if (sy < 0 || sy >= h || sx < 0 || sx >= w) continue;
        out[(c * h + y) * w + x] = image[(c * h + sy) * w + (mirror ? w - 1 - sx : sx)];
      }
  return out;
}

// Which (mirror, dy, dx) produced `out`; fails the test when none within `shift` did.
std::tuple<bool, int, int> identify(const std::vector<float>& image, const std::vector<float>& out, int shift) {
  for (bool mirror : {false, true})
    for (int dy = -shift; dy <= shift; ++dy)
      for (int dx = -shift; dx <= shift; ++dx)
        if (expected(image, mirror, dy, dx) == out) return {mirror, dy, dx};
  FAIL("the augmented image is no mirror or shift of the original within " << shift << " pixels");
  return {};
}

std::vector<float> augmented(const AugmentSpec& spec, std::uint64_t seed, std::uint64_t key, std::uint64_t pass) {
  const std::vector<float> image = test_image();
  std::vector<float> out(image.size());
  augment_image(image, {kChannels, kHeight, kWidth}, spec, seed, key, pass, out);
  return out;
}

TEST_CASE("augment: images are mirrored and shifted by up to `shift` pixels, and every such outcome occurs") {
  const std::vector<float> image = test_image();
  std::set<std::tuple<bool, int, int>> seen;
  for (std::uint64_t key = 0; key < 400; ++key) seen.insert(identify(image, augmented({true, 1}, 7, key, 0), 1));
  CHECK(seen.size() == 2 * 3 * 3);

  std::set<std::tuple<bool, int, int>> flips_only;
  for (std::uint64_t key = 0; key < 100; ++key) flips_only.insert(identify(image, augmented({true, 0}, 7, key, 0), 0));
  CHECK(flips_only == std::set<std::tuple<bool, int, int>>{{false, 0, 0}, {true, 0, 0}});
}

TEST_CASE("augment: the same seed, sample and pass give the same image; another pass draws again") {
  const AugmentSpec spec{true, 2};
  CHECK(augmented(spec, 3, 5, 1) == augmented(spec, 3, 5, 1));
  std::size_t differ = 0;
  for (std::uint64_t pass = 0; pass < 20; ++pass) differ += augmented(spec, 3, 5, pass) != augmented(spec, 3, 5, 1);
  CHECK(differ >= 15);
}

TEST_CASE("augment: training batches are augmented, evaluation batches are not") {
  const std::vector<float> image = test_image();
  std::vector<float> values;
  for (int sample = 0; sample < 8; ++sample) values.insert(values.end(), image.begin(), image.end());
  const Dataset data({kChannels, kHeight, kWidth}, false, values, std::vector<std::int32_t>(8, 0));
  EncoderSpec direct;
  direct.kind = EncoderKind::direct;
  direct.steps = 1;
  const Encoder encoder(direct, data.sample_shape(), false);
  const std::vector<std::size_t> order = epoch_order(8, 1, 0, false);
  std::vector<float> input;
  std::vector<std::int32_t> labels;
  encode_batch(encoder, data, order, 0, 8, 1, kEvaluationPass, 1, input, labels, {true, 1});
  CHECK(input == values);
  encode_batch(encoder, data, order, 0, 8, 1, 0, 1, input, labels, {true, 1});
  CHECK(input != values);
  for (std::size_t b = 0; b < 8; ++b) {
    const auto first = input.begin() + static_cast<std::ptrdiff_t>(b * image.size());
    identify(image, std::vector<float>(first, first + static_cast<std::ptrdiff_t>(image.size())), 1);
  }
}

TEST_CASE("augment: a Trainer refuses samples that are not images") {
  ModelSpec spec;
  spec.input_shape = {4};
  spec.dt_s = 1e-3;
  LayerSpec readout{LayerKind::linear, "fc", 2};
  LayerSpec neurons{LayerKind::lif, "out"};
  spec.layers = {readout, neurons};
  Model model(spec, 1);
  const Dataset flat({4}, false, std::vector<float>(8, 0.5F), {0, 1});
  TrainSettings settings;
  settings.augment.flip = true;
  CHECK_THROWS_WITH_AS(Trainer(model, flat, settings), doctest::Contains("not an image (C, H, W) or (H, W)"),
                       ValidationError);
}

}  // namespace
}  // namespace reef::sim::train
