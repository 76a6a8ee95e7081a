// One event of a recorded or live stream: a camera pixel change (x, y, polarity) or a spike on a channel
// (x = channel, y = 0, for audio-spike datasets such as SHD). Times are core::Time (int64 ns; camera formats count
// microseconds, which convert exactly).
#pragma once

#include <cstdint>

#include "reef/core/time.hpp"

namespace reef::core {

struct Event {
  Time t;
  std::uint16_t x = 0;
  std::uint16_t y = 0;
  std::uint8_t polarity = 0;  // 1 = ON (brighter), 0 = OFF; 0 for channel events
  bool operator==(const Event&) const = default;
};

}  // namespace reef::core
