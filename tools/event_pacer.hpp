// Wall-clock pacing of `reef replay`: releases each event at the wall time its stream time is due (start +
// (t - first t) / speed), sleeping until then, and measures how late each release was. Speed 0 means "max":
// nothing waits and no lateness is measured.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "reef/core/time.hpp"

namespace reef::cli {

class EventPacer {
 public:
  explicit EventPacer(double speed) : speed_(speed) {}

  // Blocks until the event at stream time `t` is due, then records its lateness (release time - due time).
  void release(core::Time t);

  bool paced() const { return speed_ > 0; }
  std::uint64_t released() const { return released_; }
  double mean_lateness_s() const { return released_ == 0 ? 0.0 : total_lateness_s_ / static_cast<double>(released_); }
  double max_lateness_s() const { return max_lateness_s_; }
  double wall_seconds() const;  // from the first release to the last
  // The "pacing" report line's text: speed, releases, wall time and lateness, or that nothing was paced.
  std::string summary() const;

 private:
  using Clock = std::chrono::steady_clock;
  double speed_;
  std::optional<core::Time> first_;
  Clock::time_point start_{};
  Clock::time_point last_{};
  std::uint64_t released_ = 0;
  double total_lateness_s_ = 0.0;
  double max_lateness_s_ = 0.0;
};

// --speed: 0 for max (not paced), else the factor (realtime = 1); UsageError for anything else.
double parse_speed(const std::string& text);

}  // namespace reef::cli
