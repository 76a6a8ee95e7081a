// The event engine's clock: int64 picoseconds. core::Time (ns) is exact for inputs, delays and durations; spike
// times found by the engine need finer placement, and picoseconds still cover 106 days of biological time.
#pragma once

#include <cmath>
#include <cstdint>

#include "reef/core/time.hpp"

namespace reef::sim {

using Tick = std::int64_t;

inline constexpr double kTicksPerSecond = 1e12;
inline constexpr Tick kTicksPerNs = 1000;
inline constexpr Tick kNoTick = INT64_MAX;

inline Tick to_ticks(core::Time t) { return t.ns() * kTicksPerNs; }
inline double tick_seconds(Tick t) { return static_cast<double>(t) / kTicksPerSecond; }
// A non-negative offset in seconds as ticks, rounded down (for lower bounds) or to nearest (for predicted
// crossings); offsets beyond the clock's range saturate at a quarter of it, far past any run's end.
inline constexpr double kMaxOffsetTicks = 2.3e18;
inline Tick ticks_floor(double seconds) {
  const double ticks = seconds * kTicksPerSecond;
  return ticks < kMaxOffsetTicks ? static_cast<Tick>(ticks) : static_cast<Tick>(kMaxOffsetTicks);
}
inline Tick ticks_nearest(double seconds) { return ticks_floor(seconds + 0.5 / kTicksPerSecond); }

// Events are ordered by (tick, sequence): the sequence number is the order in which they were scheduled.
struct EventKey {
  Tick tick = kNoTick;
  std::uint64_t sequence = 0;
  bool operator<(const EventKey& o) const { return tick != o.tick ? tick < o.tick : sequence < o.sequence; }
};

}  // namespace reef::sim
