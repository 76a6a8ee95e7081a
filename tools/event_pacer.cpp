// Wall-clock pacing of replayed events (event_pacer.hpp).
#include "event_pacer.hpp"

#include <algorithm>
#include <thread>

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

}  // namespace reef::cli
