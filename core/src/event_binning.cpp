// Streaming event -> frame binning (event_binning.hpp).
#include "reef/core/event_binning.hpp"

#include <algorithm>

#include "reef/core/error.hpp"

namespace reef::core {
namespace {

constexpr std::size_t kBufferEvents = 4096;

// floor(t / width) * width, also for negative t.
Time bin_floor(Time t, Time width) {
  std::int64_t k = t.ns() / width.ns();
  if (t.ns() % width.ns() < 0) --k;
  return Time::from_ns(k * width.ns());
}

}  // namespace

EventFrameBinner::EventFrameBinner(EventSource& source, EventInputMapping mapping, Time bin_width)
    : source_(source), mapping_(mapping), bin_width_(bin_width), buffer_(kBufferEvents) {
  if (bin_width_ <= Time()) throw ValidationError("the bin width must be greater than zero");
}

bool EventFrameBinner::fill_buffer() {
  if (position_ < size_) return true;
  size_ = source_.read(buffer_);
  position_ = 0;
  return size_ > 0;
}

bool EventFrameBinner::next(std::vector<std::uint32_t>& frame) {
  if (!fill_buffer()) return false;
  if (!started_) {
    started_ = true;
    next_start_ = bin_floor(buffer_[position_].t, bin_width_);
  }
  frame_start_ = next_start_;
  next_start_ = frame_start_ + bin_width_;
  frame.assign(mapping_.channel_count(), 0);
  while (fill_buffer()) {
    const Event& event = buffer_[position_];
    if (event.t >= next_start_) break;
    ++position_;
    if (event.t < frame_start_) {
      ++late_;
    } else if (const auto channel = mapping_.channel(event)) {
      ++frame[*channel];
    } else {
      ++unmapped_;
    }
  }
  return true;
}

}  // namespace reef::core
