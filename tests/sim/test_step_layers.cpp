// The step engine's Conv1d/Conv2d and sum/average pooling against naive loops written straight from PyTorch's
// definitions (output index → input index, zero outside), with strides, padding, dilation and groups, batch 2.
#include <doctest/doctest.h>

#include <cmath>

#include "reef/core/random.hpp"
#include "reef/sim/step_engine.hpp"

namespace {

using reef::core::Shape;

struct Window {
  std::size_t kh, kw, sh, sw, ph, pw, dh, dw;
};

std::size_t out_size(std::size_t n, std::size_t k, std::size_t s, std::size_t p, std::size_t d) {
  return (n + 2 * p - d * (k - 1) - 1) / s + 1;
}

// x[c][y][x] with zeros outside the image.
double at(const std::vector<double>& x, std::size_t h, std::size_t w, std::size_t c, long y, long xx) {
  if (y < 0 || xx < 0 || y >= static_cast<long>(h) || xx >= static_cast<long>(w)) return 0.0;
  return x[(c * h + static_cast<std::size_t>(y)) * w + static_cast<std::size_t>(xx)];
}

std::vector<double> naive_conv(const std::vector<double>& x, const reef::core::ConvParams& p, std::size_t c_in,
                               std::size_t h, std::size_t w, const Window& k) {
  const std::size_t c_out = p.weight.shape[0];
  const std::size_t oh = out_size(h, k.kh, k.sh, k.ph, k.dh);
  const std::size_t ow = out_size(w, k.kw, k.sw, k.pw, k.dw);
  const std::size_t per_group_in = c_in / p.groups;
  std::vector<double> y;
  for (std::size_t co = 0; co < c_out; ++co)
    for (std::size_t oy = 0; oy < oh; ++oy)
      for (std::size_t ox = 0; ox < ow; ++ox) {
        double sum = p.bias.empty() ? 0.0 : p.bias[co];
        const std::size_t g = co / (c_out / p.groups);
        for (std::size_t ci = 0; ci < per_group_in; ++ci)
          for (std::size_t ky = 0; ky < k.kh; ++ky)
            for (std::size_t kx = 0; kx < k.kw; ++kx) {
              const long iy = static_cast<long>(oy * k.sh + ky * k.dh) - static_cast<long>(k.ph);
              const long ix = static_cast<long>(ox * k.sw + kx * k.dw) - static_cast<long>(k.pw);
              sum += p.weight.values[((co * per_group_in + ci) * k.kh + ky) * k.kw + kx] *
                     at(x, h, w, g * per_group_in + ci, iy, ix);
            }
        y.push_back(sum);
      }
  return y;
}

std::vector<double> naive_pool(const std::vector<double>& x, std::size_t c, std::size_t h, std::size_t w,
                               const Window& k, bool average) {
  std::vector<double> y;
  for (std::size_t ch = 0; ch < c; ++ch)
    for (std::size_t oy = 0; oy < out_size(h, k.kh, k.sh, k.ph, 1); ++oy)
      for (std::size_t ox = 0; ox < out_size(w, k.kw, k.sw, k.pw, 1); ++ox) {
        double sum = 0.0;
        for (std::size_t ky = 0; ky < k.kh; ++ky)
          for (std::size_t kx = 0; kx < k.kw; ++kx)
            sum += at(x, h, w, ch, static_cast<long>(oy * k.sh + ky) - static_cast<long>(k.ph),
                      static_cast<long>(ox * k.sw + kx) - static_cast<long>(k.pw));
        y.push_back(average ? sum / static_cast<double>(k.kh * k.kw) : sum);
      }
  return y;
}

// Input(in_shape) → layer → Output, one step for two random samples; returns the Output trace [2][elements].
std::vector<double> run_layer(const reef::core::NodeParams& params, const Shape& in_shape, const Shape& out_shape,
                              const std::vector<double>& samples) {
  reef::core::GraphBuilder builder;
  const auto input = builder.add_node({"in", reef::core::element_count(in_shape), reef::core::InputParams{}, in_shape});
  const auto layer = builder.add_node({"layer", reef::core::element_count(out_shape), params, out_shape});
  const auto output =
      builder.add_node({"out", reef::core::element_count(out_shape), reef::core::OutputParams{}, out_shape});
  builder.add_connection({input, layer});
  builder.add_connection({layer, output});
  reef::sim::StepEngine engine(std::move(builder).build(), {});
  const auto run = engine.run({{"in", 2, 1, samples}});
  REQUIRE(run.recording.grid.size() == 1);
  return run.recording.grid[0].values;
}

std::vector<double> random_values(reef::core::Rng& rng, std::size_t n) {
  std::vector<double> values(n);
  for (double& v : values) v = rng.normal(0.0, 1.0);
  return values;
}

// Sample b of the batch, and the largest difference to the naive result (sums in another order: ≤ 1e-12).
void check_close(const std::vector<double>& got, const std::vector<double>& expected, std::size_t b) {
  REQUIRE(got.size() == 2 * expected.size());
  double worst = 0.0;
  for (std::size_t e = 0; e < expected.size(); ++e)
    worst = std::max(worst, std::abs(got[b * expected.size() + e] - expected[e]));
  CHECK(worst <= 1e-12);
}

}  // namespace

TEST_CASE("conv2d_with_stride_padding_dilation_and_groups_matches_the_pytorch_definition") {
  reef::core::Rng rng(11);
  for (const Window& k : {Window{3, 3, 1, 1, 1, 1, 1, 1}, Window{3, 2, 2, 1, 1, 2, 2, 1}, Window{2, 3, 1, 3, 0, 1, 1, 2}}) {
    for (std::size_t groups : {1, 2}) {
      CAPTURE(k.sh);
      CAPTURE(groups);
      const std::size_t c_in = 4, c_out = 6, h = 7, w = 9;
      reef::core::ConvParams p;
      p.weight = {{c_out, c_in / groups, k.kh, k.kw}, random_values(rng, c_out * (c_in / groups) * k.kh * k.kw)};
      p.bias = random_values(rng, c_out);
      p.stride = {k.sh, k.sw};
      p.padding = {k.ph, k.pw};
      p.dilation = {k.dh, k.dw};
      p.groups = groups;
      p.input_shape = {c_in, h, w};
      const Shape out_shape{c_out, out_size(h, k.kh, k.sh, k.ph, k.dh), out_size(w, k.kw, k.sw, k.pw, k.dw)};
      const auto samples = random_values(rng, 2 * c_in * h * w);
      const auto got = run_layer(p, p.input_shape, out_shape, samples);
      for (std::size_t b = 0; b < 2; ++b) {
        const std::vector<double> x(samples.begin() + static_cast<long>(b * c_in * h * w),
                                    samples.begin() + static_cast<long>((b + 1) * c_in * h * w));
        check_close(got, naive_conv(x, p, c_in, h, w, k), b);
      }
    }
  }
}

TEST_CASE("conv1d_with_stride_padding_dilation_and_groups_matches_the_pytorch_definition") {
  reef::core::Rng rng(12);
  const std::size_t c_in = 3, c_out = 6, w = 17;
  for (std::size_t groups : {1, 3}) {
    CAPTURE(groups);
    const Window k{1, 4, 1, 2, 0, 3, 1, 2};
    reef::core::ConvParams p;
    p.weight = {{c_out, c_in / groups, k.kw}, random_values(rng, c_out * (c_in / groups) * k.kw)};
    p.stride = {k.sw};
    p.padding = {k.pw};
    p.dilation = {k.dw};
    p.groups = groups;
    p.input_shape = {c_in, w};
    const Shape out_shape{c_out, out_size(w, k.kw, k.sw, k.pw, k.dw)};
    const auto samples = random_values(rng, 2 * c_in * w);
    const auto got = run_layer(p, p.input_shape, out_shape, samples);
    for (std::size_t b = 0; b < 2; ++b) {
      const std::vector<double> x(samples.begin() + static_cast<long>(b * c_in * w),
                                  samples.begin() + static_cast<long>((b + 1) * c_in * w));
      check_close(got, naive_conv(x, p, c_in, 1, w, k), b);
    }
  }
}

TEST_CASE("sum_and_average_pooling_with_stride_and_padding_match_the_pytorch_definition") {
  reef::core::Rng rng(13);
  const std::size_t c = 3, h = 8, w = 7;
  for (bool average : {false, true}) {
    for (const Window& k : {Window{2, 2, 2, 2, 0, 0, 1, 1}, Window{3, 2, 2, 1, 1, 0, 1, 1}}) {
      CAPTURE(average);
      CAPTURE(k.kh);
      reef::core::PoolParams p;
      p.kind = average ? reef::core::PoolKind::average : reef::core::PoolKind::sum;
      p.kernel = {k.kh, k.kw};
      p.stride = {k.sh, k.sw};
      p.padding = {k.ph, k.pw};
      p.input_shape = {c, h, w};
      const Shape out_shape{c, out_size(h, k.kh, k.sh, k.ph, 1), out_size(w, k.kw, k.sw, k.pw, 1)};
      const auto samples = random_values(rng, 2 * c * h * w);
      const auto got = run_layer(p, p.input_shape, out_shape, samples);
      for (std::size_t b = 0; b < 2; ++b) {
        const std::vector<double> x(samples.begin() + static_cast<long>(b * c * h * w),
                                    samples.begin() + static_cast<long>((b + 1) * c * h * w));
        check_close(got, naive_pool(x, c, h, w, k, average), b);
      }
    }
  }
}
