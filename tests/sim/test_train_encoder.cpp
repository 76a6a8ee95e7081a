// Encoders: rate coding spikes with the coded probability and repeats exactly for a sample key and pass whatever is
// encoded around it; latency and delta codes place spikes at the hand-computed steps; direct coding repeats or
// passes values through; meaningless combinations are refused.
#include <doctest/doctest.h>

#include <numeric>
#include <vector>

#include "reef/core/error.hpp"
#include "reef/sim/train/encoder.hpp"

namespace reef::sim::train {
namespace {

std::vector<float> run(const Encoder& encoder, const std::vector<float>& sample, std::uint64_t key = 0,
                       std::uint64_t pass = 0) {
  std::vector<float> out(encoder.steps() * encoder.step_size(), -9.0f);
  encoder.encode(sample, 42, key, pass, out.data(), encoder.step_size());
  return out;
}

TEST_CASE("encoder: rate coding never spikes at p = 0, always at p = 1, and at the coded rate in between") {
  EncoderSpec spec;
  spec.steps = 50;
  spec.gain = 2.0;
  const Encoder encoder(spec, {3}, false);
  const auto out = run(encoder, {0.0f, 0.5f, 0.9f});
  for (std::size_t t = 0; t < 50; ++t) {
    CHECK(out[t * 3 + 0] == 0.0f);
    CHECK(out[t * 3 + 1] == 1.0f);  // 2 * 0.5 = 1
    CHECK(out[t * 3 + 2] == 1.0f);  // clamped to 1
  }
  spec.gain = 1.0;
  spec.steps = 100;
  const Encoder quarter(spec, {1000}, false);
  const auto spikes = run(quarter, std::vector<float>(1000, 0.25f));
  const double rate = std::accumulate(spikes.begin(), spikes.end(), 0.0) / static_cast<double>(spikes.size());
  CHECK(rate == doctest::Approx(0.25).epsilon(0.02));
}

TEST_CASE("encoder: rate spikes depend only on the seed, sample key and pass, not on what was encoded before") {
  EncoderSpec spec;
  spec.steps = 10;
  const Encoder encoder(spec, {20}, false);
  const std::vector<float> sample(20, 0.5f);
  const auto alone = run(encoder, sample, 3, 1);
  run(encoder, sample, 4, 1);
  run(encoder, sample, 5, 2);
  CHECK(run(encoder, sample, 3, 1) == alone);
  CHECK(run(encoder, sample, 3, 2) != alone);
  CHECK(run(encoder, sample, 4, 1) != alone);
}

TEST_CASE("encoder: linear latency puts larger values earlier, t = (1 - x)(steps - 1), none below threshold") {
  EncoderSpec spec;
  spec.kind = EncoderKind::latency;
  spec.linear = true;
  spec.steps = 5;
  const Encoder encoder(spec, {4}, false);
  const auto out = run(encoder, {1.0f, 0.5f, 0.26f, 0.005f});
  // x = 1 -> t 0; x = 0.5 -> t 2; x = 0.26 -> t 2.96 -> step 3; x = 0.005 < 0.01 -> no spike.
  const std::vector<float> expected{1, 0, 0, 0,  //
                                    0, 0, 0, 0,  //
                                    0, 1, 0, 0,  //
                                    0, 0, 1, 0,  //
                                    0, 0, 0, 0};
  CHECK(out == expected);
}

TEST_CASE("encoder: log latency spikes at tau ln(x / (x - threshold)), and not at all past the window") {
  EncoderSpec spec;
  spec.kind = EncoderKind::latency;
  spec.steps = 10;
  spec.tau = 5.0;
  spec.threshold = 0.01;
  const Encoder encoder(spec, {3}, false);
  // x = 1: 5 ln(1/0.99) = 0.05 -> step 0; x = 0.02: 5 ln 2 = 3.47 -> step 3; x = 0.011: 5 ln 11 = 11.99 -> none.
  const auto out = run(encoder, {1.0f, 0.02f, 0.011f});
  std::vector<float> expected(30, 0.0f);
  expected[0 * 3 + 0] = 1;
  expected[3 * 3 + 1] = 1;
  CHECK(out == expected);
}

TEST_CASE("encoder: delta spikes on rises of at least the threshold, off spikes on falls, padding skips t = 0") {
  EncoderSpec spec;
  spec.kind = EncoderKind::delta;
  spec.threshold = 0.3;
  const std::vector<float> sequence{0.0f, 1.0f,  //
                                    0.5f, 1.0f,  //
                                    0.5f, 0.2f,  //
                                    0.7f, 0.2f};
  const Encoder plain(spec, {4, 2}, true);
  CHECK(plain.steps() == 4);
  CHECK(run(plain, sequence) == std::vector<float>{0, 1, 1, 0, 0, 0, 0, 0});
  spec.off_spikes = true;
  spec.padding = true;
  const Encoder signed_padded(spec, {4, 2}, true);
  CHECK(run(signed_padded, sequence) == std::vector<float>{0, 0, 1, 0, 0, -1, 0, 0});
}

TEST_CASE("encoder: direct coding repeats a static sample at every step and passes a sequence through") {
  EncoderSpec spec;
  spec.kind = EncoderKind::direct;
  spec.steps = 3;
  const Encoder repeat(spec, {2}, false);
  CHECK(run(repeat, {0.25f, -1.0f}) == std::vector<float>{0.25f, -1, 0.25f, -1, 0.25f, -1});
  const Encoder pass(spec, {2, 1, 2}, true);
  CHECK(pass.steps() == 2);
  CHECK(pass.step_shape() == std::vector<std::size_t>{1, 2});
  CHECK(run(pass, {1, 2, 3, 4}) == std::vector<float>{1, 2, 3, 4});
}

TEST_CASE("encoder: latency on sequences, delta on static samples and zero steps are refused") {
  EncoderSpec spec;
  spec.kind = EncoderKind::latency;
  CHECK_THROWS_AS(Encoder(spec, {5, 2}, true), ValidationError);
  spec.kind = EncoderKind::delta;
  CHECK_THROWS_WITH_AS(Encoder(spec, {2}, false), doctest::Contains("sequence"), ValidationError);
  spec.kind = EncoderKind::rate;
  spec.steps = 0;
  CHECK_THROWS_AS(Encoder(spec, {2}, false), ValidationError);
  CHECK(parse_encoder_kind("latency") == EncoderKind::latency);
  CHECK_FALSE(parse_encoder_kind("poisson").has_value());
}

}  // namespace
}  // namespace reef::sim::train
