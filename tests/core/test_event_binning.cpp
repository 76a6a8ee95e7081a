// Input-channel mapping and frame binning: channels follow p*W*H + y*W + x, bins cover [start, start + width)
// from the first event's bin, empty bins are kept, and the frame sums equal the events read.
#include <doctest/doctest.h>

#include <numeric>
#include <vector>

#include "event_test_source.hpp"
#include "reef/core/error.hpp"
#include "reef/core/event_binning.hpp"

namespace {

using namespace reef::core;
using reef::ValidationError;
using reef::test::camera_info;
using reef::test::event_at_us;
using reef::test::VectorEventSource;

}  // namespace

TEST_CASE("pixel events map to p*W*H + y*W + x and channel events to their channel") {
  const EventInputMapping pixels(InputMappingKind::pixels, 4, 3, 2);
  CHECK(pixels.channel_count() == 24);
  CHECK(pixels.channel(event_at_us(0, 1, 2, 1)) == std::optional<std::size_t>(12 + 2 * 4 + 1));
  CHECK(pixels.channel(event_at_us(0, 3, 0, 0)) == std::optional<std::size_t>(3));
  CHECK_FALSE(pixels.channel(event_at_us(0, 4, 0, 0)).has_value());
  const EventInputMapping merged(InputMappingKind::pixels, 4, 3, 1);
  CHECK(merged.channel_count() == 12);
  CHECK_FALSE(merged.channel(event_at_us(0, 0, 0, 1)).has_value());

  StreamInfo shd = camera_info(700, 1);
  shd.channel_stream = true;
  const auto channels = EventInputMapping::for_stream(shd, 1);
  CHECK(channels.kind() == InputMappingKind::channels);
  CHECK(channels.channel_count() == 700);
  CHECK(channels.channel(event_at_us(0, 699, 0, 0)) == std::optional<std::size_t>(699));
  CHECK_THROWS_AS(EventInputMapping(InputMappingKind::pixels, 0, 0, 2), ValidationError);
}

TEST_CASE("binning makes one frame per bin width from the first event's bin, empty bins included") {
  VectorEventSource source({event_at_us(1200, 0, 0, 0), event_at_us(1900, 1, 0, 1), event_at_us(1999, 1, 0, 1),
                            event_at_us(4000, 1, 1, 0)},
                           camera_info(2, 2));
  EventFrameBinner binner(source, EventInputMapping::for_stream(source.info(), 2), Time::from_ns(1'000'000));
  std::vector<std::vector<std::uint32_t>> frames;
  std::vector<Time> starts;
  std::vector<std::uint32_t> frame;
  while (binner.next(frame)) {
    frames.push_back(frame);
    starts.push_back(binner.frame_start());
  }
  REQUIRE(frames.size() == 4);
  CHECK(starts.front() == Time::from_ns(1'000'000));
  CHECK(starts.back() == Time::from_ns(4'000'000));
  CHECK(frames[0] == std::vector<std::uint32_t>{1, 0, 0, 0, 0, 2, 0, 0});
  CHECK(frames[1] == std::vector<std::uint32_t>(8, 0));
  CHECK(frames[2] == std::vector<std::uint32_t>(8, 0));
  CHECK(frames[3] == std::vector<std::uint32_t>{0, 0, 0, 1, 0, 0, 0, 0});
}

TEST_CASE("binned frames account for every event, those outside the mapping counted apart") {
  std::vector<Event> events;
  for (int i = 0; i < 1000; ++i) {
    events.push_back(event_at_us(i * 3, static_cast<std::uint16_t>(i % 5), static_cast<std::uint16_t>(i % 3),
                                 static_cast<std::uint8_t>(i % 2)));
  }
  VectorEventSource source(events, camera_info(4, 3), 7);
  EventFrameBinner binner(source, EventInputMapping(InputMappingKind::pixels, 4, 3, 2), Time::from_ns(100'000));
  std::uint64_t binned = 0;
  std::size_t frames = 0;
  std::vector<std::uint32_t> frame;
  while (binner.next(frame)) {
    binned += std::accumulate(frame.begin(), frame.end(), std::uint64_t{0});
    ++frames;
  }
  CHECK(frames == 30);  // 0 .. 2997 us in 100 us bins
  CHECK(binner.unmapped() == 200);  // x == 4 is outside the 4-pixel-wide mapping
  CHECK(binned + binner.unmapped() == events.size());
}
