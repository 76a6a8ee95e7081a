// Wall-clock pacing of replayed events (event_pacer.hpp).
#include "event_pacer.hpp"

#include <algorithm>
#include <thread>

#include "command_line.hpp"
#include "text_format.hpp"

namespace reef::cli {

void EventPacer::release(core::Time t) {
  const Clock::time_point now = Clock::now();
  if (!first_) {
    first_ = t;
    start_ = now;
  }
  last_ = now;
  ++released_;
  if (!paced()) return;
  const auto offset = std::chrono::duration<double>((t - *first_).seconds() / speed_);
  const Clock::time_point due = start_ + std::chrono::duration_cast<Clock::duration>(offset);
  if (due > now) std::this_thread::sleep_until(due);
  last_ = Clock::now();
  const double lateness = std::max(0.0, std::chrono::duration<double>(last_ - due).count());
  total_lateness_s_ += lateness;
  max_lateness_s_ = std::max(max_lateness_s_, lateness);
}

double EventPacer::wall_seconds() const { return std::chrono::duration<double>(last_ - start_).count(); }

std::string EventPacer::summary() const {
  if (!paced()) return "none (--speed max): events released as fast as they decode";
  const auto milliseconds = [](double seconds) { return fixed(seconds * 1e3, 3) + " ms"; };
  return "speed " + compact(speed_) + ": " + group_digits(released_) + " events released over " +
         seconds_text(wall_seconds()) + " wall; lateness mean " + milliseconds(mean_lateness_s()) + ", max " +
         milliseconds(max_lateness_s());
}

double parse_speed(const std::string& text) {
  if (text == "max") return 0.0;
  if (text == "realtime") return 1.0;
  return parse_positive_option(text, "--speed (realtime, max or a factor such as 10)");
}

}  // namespace reef::cli
