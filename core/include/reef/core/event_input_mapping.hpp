// Which network input channel an event drives: camera pixels map to p*W*H + y*W + x (the layout of a
// [2, H, W] frame, or [H, W] when polarities are merged), channel streams (SHD, or `channels` chosen for a camera)
// map x to channel x. Used by replay (spike trains per channel) and by the frame binner.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "reef/core/event.hpp"
#include "reef/core/event_stream.hpp"

namespace reef::core {

enum class InputMappingKind { pixels, channels };

class EventInputMapping {
 public:
  // `pixels` needs the sensor size (ValidationError otherwise); `polarities` is 1 or 2.
  EventInputMapping(InputMappingKind kind, std::uint16_t width, std::uint16_t height, std::uint8_t polarities);
  // The natural mapping of a stream: channels for channel streams, pixels for cameras.
  static EventInputMapping for_stream(const StreamInfo& info, std::uint8_t polarities);

  InputMappingKind kind() const { return kind_; }
  std::size_t channel_count() const { return channel_count_; }
  std::uint16_t width() const { return width_; }
  std::uint16_t height() const { return height_; }
  std::uint8_t polarities() const { return polarities_; }
  // The channel of `event`, or nullopt when it lies outside the mapping (x, y or p beyond the stated size).
  std::optional<std::size_t> channel(const Event& event) const {
    if (kind_ == InputMappingKind::channels) {
      return event.x < channel_count_ ? std::optional<std::size_t>(event.x) : std::nullopt;
    }
    if (event.x >= width_ || event.y >= height_ || event.polarity >= polarities_) return std::nullopt;
    return (std::size_t{event.polarity} * height_ + event.y) * width_ + event.x;
  }

 private:
  InputMappingKind kind_;
  std::uint16_t width_;
  std::uint16_t height_;
  std::uint8_t polarities_;
  std::size_t channel_count_;
};

}  // namespace reef::core
