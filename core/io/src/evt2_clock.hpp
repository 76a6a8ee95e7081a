// EVT 2.0/2.1 time keeping: TIME_HIGH words carry bits 33..6 of a 34-bit microsecond counter, event words the 6
// low bits. Repeated TIME_HIGH values are normal; a drop by at least half the range is the counter wrapping.
#pragma once

#include <cstdint>
#include <string>

#include "decode_log.hpp"

namespace reef::io {

class Evt2Clock {
 public:
  bool started() const { return started_; }
  // Applies a TIME_HIGH payload (28 bits); false when time stepped back without wrapping (a violation).
  bool set_high(std::uint32_t high) {
    const std::int64_t base = static_cast<std::int64_t>(high) << 6;
    bool monotonic = true;
    if (started_ && base < base_) {
      if (base_ - base >= kRangeUs / 2) {
        loops_us_ += kRangeUs;
      } else {
        monotonic = false;
      }
    }
    started_ = true;
    base_ = base;
    base_ns_ = (loops_us_ + base) * 1000;
    return monotonic;
  }
  // set_high, reporting a backward step at byte `offset` as a violation (the events keep their stored times).
  void apply_high(std::uint32_t high, std::uint64_t offset, DecodeLog& log) {
    const std::int64_t previous = base_;
    if (!set_high(high)) {
      log.violation(offset, "time went backwards",
                    "TIME_HIGH steps from " + std::to_string(previous) + " us back to " + std::to_string(base_) +
                        " us; events keep the times as stored");
    }
  }
  std::int64_t base_ns() const { return base_ns_; }  // nanoseconds of the current TIME_HIGH

 private:
  static constexpr std::int64_t kRangeUs = std::int64_t{1} << 34;
  bool started_ = false;
  std::int64_t base_ = 0;
  std::int64_t loops_us_ = 0;
  std::int64_t base_ns_ = 0;
};

}  // namespace reef::io
