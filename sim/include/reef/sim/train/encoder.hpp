// sim::train encoders: turn one sample into the input of a spiking network over `steps` time steps — rate
// (Bernoulli), latency (one spike per value, earlier for larger values), delta (spikes on changes of a sequence) or
// direct (values as input currents). Random draws are seeded per sample, so an encoding never depends on batch order
// or thread count. Definitions with worked examples: docs/train.md "Encoders".
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <optional>
#include <vector>

namespace reef::sim::train {

enum class EncoderKind {
  rate,     // spike with probability clamp(gain * x + offset, 0, 1) at every step (snnTorch spikegen.rate)
  latency,  // one spike at step round(t(x)) when it falls inside the window (snnTorch spikegen.latency, clip=True)
  delta,    // +1 when x[t] - x[t-1] >= threshold (and -1 when <= -threshold with off_spikes); sequences only
  direct,   // static samples repeated at every step; sequences passed through unchanged
};

std::string_view to_string(EncoderKind kind);
std::optional<EncoderKind> parse_encoder_kind(std::string_view text);  // "rate", "latency", "delta", "direct"

struct EncoderSpec {
  EncoderKind kind = EncoderKind::rate;
  std::size_t steps = 25;  // encoded steps of a static sample; a sequence keeps its own step count
  // rate
  double gain = 1.0;
  double offset = 0.0;
  // latency: log code t = tau * ln(x / (x - threshold)) for x > threshold (no spike otherwise); linear code
  // t = (1 - x) * (steps - 1) for x > threshold (x clamped to 1).
  double tau = 5.0;  // in steps
  double threshold = 0.01;
  bool linear = false;
  // delta (threshold above): a first step compares with 0, or with itself (no spike) when `padding` is set.
  bool padding = false;
  bool off_spikes = false;
};

class Encoder {
 public:
  // `sample_shape` / `sequence` describe the dataset (Dataset::sample_shape/sequence). Throws ValidationError for
  // a combination that has no meaning (latency on sequences, delta on static samples, steps == 0, ...).
  Encoder(const EncoderSpec& spec, std::vector<std::size_t> sample_shape, bool sequence);

  const EncoderSpec& spec() const { return spec_; }
  std::size_t steps() const { return steps_; }            // encoded time steps
  std::size_t step_size() const { return step_size_; }    // values per step
  std::vector<std::size_t> step_shape() const;            // shape of one step (a sequence's shape without T)

  // Writes the encoding of `sample` to out[t * step_stride + i] for t < steps(), i < step_size(); other entries
  // are untouched. Random draws come from core::Rng(seed, sample_key, pass): the same sample, key and pass give the
  // same spikes whatever else is encoded, in whatever order or thread. Thread-safe (const).
  void encode(std::span<const float> sample, std::uint64_t seed, std::uint64_t sample_key, std::uint64_t pass,
              float* out, std::size_t step_stride) const;

 private:
  EncoderSpec spec_;
  std::vector<std::size_t> sample_shape_;
  bool sequence_;
  std::size_t steps_ = 0;
  std::size_t step_size_ = 0;
};

}  // namespace reef::sim::train
