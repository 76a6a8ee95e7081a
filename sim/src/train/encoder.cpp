// The encoders: rate (seeded Bernoulli per sample), latency (log or linear spike time), delta (threshold on
// step-to-step changes) and direct (values as they are).
#include "reef/sim/train/encoder.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "reef/core/error.hpp"
#include "reef/core/random.hpp"

namespace reef::sim::train {

std::string_view to_string(EncoderKind kind) {
  switch (kind) {
    case EncoderKind::rate: return "rate";
    case EncoderKind::latency: return "latency";
    case EncoderKind::delta: return "delta";
    case EncoderKind::direct: return "direct";
  }
  return "?";
}

std::optional<EncoderKind> parse_encoder_kind(std::string_view text) {
  for (const EncoderKind kind : {EncoderKind::rate, EncoderKind::latency, EncoderKind::delta, EncoderKind::direct}) {
    if (text == to_string(kind)) return kind;
  }
  return std::nullopt;
}

Encoder::Encoder(const EncoderSpec& spec, std::vector<std::size_t> sample_shape, bool sequence)
    : spec_(spec), sample_shape_(std::move(sample_shape)), sequence_(sequence) {
  const std::string name(to_string(spec.kind));
  if (sample_shape_.empty() || (sequence_ && sample_shape_.size() < 2)) {
    throw ValidationError("the " + name + " encoder needs samples with a shape" +
                          (sequence_ ? " [steps, values...]" : ""));
  }
  step_size_ = 1;
  for (std::size_t k = sequence_ ? 1 : 0; k < sample_shape_.size(); ++k) step_size_ *= sample_shape_[k];
  steps_ = sequence_ ? sample_shape_.front() : spec.steps;
  if (steps_ == 0) throw ValidationError("the " + name + " encoder needs at least one step");
  if (spec.kind == EncoderKind::latency) {
    if (sequence_) throw ValidationError("the latency encoder codes static samples; these samples are sequences");
    if (!(spec.threshold >= 0 && spec.threshold < 1) || !(spec.tau > 0)) {
      throw ValidationError("the latency encoder needs 0 <= threshold < 1 and tau > 0");
    }
  }
  if (spec.kind == EncoderKind::delta) {
    if (!sequence_) {
      throw ValidationError("the delta encoder codes changes over time: it needs sequence samples (SHD, event "
                            "frames); use rate or latency for static samples");
    }
    if (!(spec.threshold > 0)) throw ValidationError("the delta encoder needs a threshold > 0");
  }
}

std::vector<std::size_t> Encoder::step_shape() const {
  return sequence_ ? std::vector<std::size_t>(sample_shape_.begin() + 1, sample_shape_.end()) : sample_shape_;
}

void Encoder::encode(std::span<const float> sample, std::uint64_t seed, std::uint64_t sample_key, std::uint64_t pass,
                     float* out, std::size_t step_stride) const {
  const auto input = [&](std::size_t t, std::size_t i) -> double {
    return sample[(sequence_ ? t * step_size_ : 0) + i];
  };
  switch (spec_.kind) {
    case EncoderKind::direct:
      for (std::size_t t = 0; t < steps_; ++t) {
        for (std::size_t i = 0; i < step_size_; ++i) out[t * step_stride + i] = static_cast<float>(input(t, i));
      }
      return;
    case EncoderKind::rate: {
      core::Rng rng(seed, sample_key, pass);
      for (std::size_t t = 0; t < steps_; ++t) {
        for (std::size_t i = 0; i < step_size_; ++i) {
          const double p = std::clamp(spec_.gain * input(t, i) + spec_.offset, 0.0, 1.0);
          out[t * step_stride + i] = rng.uniform() < p ? 1.0f : 0.0f;
        }
      }
      return;
    }
    case EncoderKind::latency:
      for (std::size_t t = 0; t < steps_; ++t) {
        for (std::size_t i = 0; i < step_size_; ++i) out[t * step_stride + i] = 0.0f;
      }
      for (std::size_t i = 0; i < step_size_; ++i) {
        const double x = std::min(input(0, i), 1.0);
        if (!(x > spec_.threshold)) continue;
        const double time = spec_.linear ? (1.0 - x) * static_cast<double>(steps_ - 1)
                                         : spec_.tau * std::log(x / (x - spec_.threshold));
        const double step = std::nearbyint(time);
        if (step >= 0 && step < static_cast<double>(steps_)) out[static_cast<std::size_t>(step) * step_stride + i] = 1;
      }
      return;
    case EncoderKind::delta:
      for (std::size_t t = 0; t < steps_; ++t) {
        for (std::size_t i = 0; i < step_size_; ++i) {
          const double previous = t > 0 ? input(t - 1, i) : (spec_.padding ? input(0, i) : 0.0);
          const double change = input(t, i) - previous;
          float spike = change >= spec_.threshold ? 1.0f : 0.0f;
          if (spec_.off_spikes && change <= -spec_.threshold) spike = -1.0f;
          out[t * step_stride + i] = spike;
        }
      }
      return;
  }
}

}  // namespace reef::sim::train
