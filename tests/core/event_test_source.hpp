// An in-memory EventSource for the transform tests: hands out a fixed list of events in reads of a chosen size.
#pragma once

#include <algorithm>
#include <span>
#include <utility>
#include <vector>

#include "reef/core/event_stream.hpp"

namespace reef::test {

class VectorEventSource : public core::EventSource {
 public:
  VectorEventSource(std::vector<core::Event> events, core::StreamInfo info, std::size_t read_size = 3)
      : events_(std::move(events)), info_(std::move(info)), read_size_(read_size) {}
  const core::StreamInfo& info() const override { return info_; }
  std::size_t read(std::span<core::Event> out) override {
    const std::size_t n = std::min({out.size(), read_size_, events_.size() - next_});
    std::copy_n(events_.begin() + static_cast<std::ptrdiff_t>(next_), n, out.begin());
    next_ += n;
    return n;
  }
  const core::DecodeReport& report() const override { return report_; }

 private:
  std::vector<core::Event> events_;
  core::StreamInfo info_;
  std::size_t read_size_;
  std::size_t next_ = 0;
  core::DecodeReport report_;
};

inline core::Event event_at_us(std::int64_t t_us, std::uint16_t x, std::uint16_t y, std::uint8_t p) {
  return core::Event{core::Time::from_ns(t_us * 1000), x, y, p};
}

inline core::StreamInfo camera_info(std::uint16_t width, std::uint16_t height) {
  core::StreamInfo info;
  info.format = "test";
  info.width = width;
  info.height = height;
  return info;
}

}  // namespace reef::test
