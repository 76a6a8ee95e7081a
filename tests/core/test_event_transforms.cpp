// Event-stream transforms: each one changes exactly the events it should, counts what it drops by reason, and the
// pipeline gives the same result whatever the read sizes of the source.
#include <doctest/doctest.h>

#include <memory>
#include <random>
#include <vector>

#include "event_test_source.hpp"
#include "reef/core/error.hpp"
#include "reef/core/event_transforms.hpp"

namespace {

using namespace reef::core;
using reef::ValidationError;
using reef::test::camera_info;
using reef::test::event_at_us;
using reef::test::VectorEventSource;

std::vector<Event> drain(EventSource& source, std::size_t read_size = 5) {
  std::vector<Event> all;
  std::vector<Event> buffer(read_size);
  while (const std::size_t n = source.read(buffer)) all.insert(all.end(), buffer.begin(), buffer.begin() + n);
  return all;
}

TransformedEventSource transformed(std::vector<Event> events, const EventTransforms& transforms,
                                   StreamInfo info = camera_info(8, 6)) {
  return TransformedEventSource(std::make_unique<VectorEventSource>(std::move(events), std::move(info)), transforms);
}

const std::vector<Event> kEvents{event_at_us(1000, 1, 1, 1), event_at_us(1500, 2, 1, 0), event_at_us(2500, 7, 5, 1),
                                 event_at_us(4000, 3, 4, 0)};

}  // namespace

TEST_CASE("the default time origin shifts the first event to zero, absolute keeps device time") {
  auto shifted = transformed(kEvents, {});
  const auto events = drain(shifted);
  REQUIRE(events.size() == 4);
  CHECK(events.front().t == Time());
  CHECK(events.back().t == Time::from_ns(3'000'000));
  CHECK(shifted.time_offset() == Time::from_ns(1'000'000));

  auto absolute = transformed(kEvents, {.time_origin = TimeOrigin::absolute});
  CHECK(drain(absolute) == kEvents);
}

TEST_CASE("the time window keeps events from its start up to but not including its end, after the time origin, and counts both sides") {
  auto source = transformed(kEvents, {.window_start = Time::from_ns(500'000), .window_end = Time::from_ns(1'500'000)});
  const auto events = drain(source);
  REQUIRE(events.size() == 1);
  CHECK(events[0].x == 2);
  CHECK(source.counts().dropped.at("before the time window") == 1);
  CHECK(source.counts().dropped.at("after the time window") == 2);
  CHECK(source.counts().read == 4);
  CHECK(source.counts().kept == 1);
}

TEST_CASE("cropping keeps events inside the rectangle, moved to its origin, and sets the sensor size") {
  auto source = transformed(kEvents, {.crop = Roi{.x = 1, .y = 1, .width = 3, .height = 4}});
  CHECK(source.info().width == 3);
  CHECK(source.info().height == 4);
  const auto events = drain(source);
  REQUIRE(events.size() == 3);
  CHECK(events[0].x == 0);
  CHECK(events[0].y == 0);
  CHECK(events[2].x == 2);
  CHECK(events[2].y == 3);
  CHECK(source.counts().dropped.at("outside the crop") == 1);
  CHECK_THROWS_AS(transformed(kEvents, {.crop = Roi{.x = 6, .y = 0, .width = 3, .height = 1}}), ValidationError);
}

TEST_CASE("downsampling divides coordinates and rounds the sensor size up") {
  auto source = transformed(kEvents, {.downsample = 3});
  CHECK(source.info().width == 3);
  CHECK(source.info().height == 2);
  const auto events = drain(source);
  REQUIRE(events.size() == 4);
  CHECK(events[2].x == 2);
  CHECK(events[2].y == 1);
  CHECK_THROWS_AS(transformed(kEvents, {.downsample = 0}), ValidationError);
}

TEST_CASE("polarity mapping merges into one channel or swaps ON and OFF") {
  auto merged = transformed(kEvents, {.polarity = PolarityMode::merge});
  CHECK(merged.polarities() == 1);
  for (const auto& event : drain(merged)) CHECK(event.polarity == 0);
  auto inverted = transformed(kEvents, {.polarity = PolarityMode::invert});
  CHECK(inverted.polarities() == 2);
  const auto events = drain(inverted);
  for (std::size_t i = 0; i < events.size(); ++i) CHECK(events[i].polarity == 1 - kEvents[i].polarity);
}

TEST_CASE("the background-activity filter keeps events whose neighbour fired within dt") {
  const std::vector<Event> events{
      event_at_us(0, 4, 4, 1),      // alone: dropped, but supports its neighbours
      event_at_us(100, 5, 5, 1),    // diagonal neighbour 100 us ago: kept
      event_at_us(200, 0, 0, 0),    // alone: dropped
      event_at_us(5000, 4, 5, 1),   // neighbours 4.9 ms ago, beyond dt: dropped
      event_at_us(5400, 4, 5, 0),   // only its own pixel fired recently: dropped
  };
  auto source = transformed(events, {.denoise_dt = Time::from_ns(1'000'000)});
  const auto kept = drain(source);
  REQUIRE(kept.size() == 1);
  CHECK(kept[0] == events[1]);
  CHECK(source.counts().dropped.at("background activity") == 4);
}

TEST_CASE("the refractory period drops a pixel's events too soon after its last kept one") {
  const std::vector<Event> events{event_at_us(0, 2, 2, 1), event_at_us(400, 2, 2, 0), event_at_us(600, 3, 2, 1),
                                  event_at_us(1000, 2, 2, 1), event_at_us(1300, 2, 2, 1)};
  auto source = transformed(events, {.refractory = Time::from_ns(1'000'000)});
  const auto kept = drain(source);
  REQUIRE(kept.size() == 3);
  CHECK(kept[0] == events[0]);
  CHECK(kept[1] == events[2]);
  CHECK(kept[2] == events[3]);
  CHECK(source.counts().dropped.at("refractory") == 2);
}

TEST_CASE("denoising a stream without a sensor size asks for a crop instead of guessing") {
  CHECK_THROWS_AS(transformed(kEvents, {.denoise_dt = Time::from_ns(1000)}, camera_info(0, 0)), ValidationError);
  auto cropped = transformed(kEvents, {.crop = Roi{.x = 0, .y = 0, .width = 8, .height = 6},
                                       .denoise_dt = Time::from_ns(1000)},
                             camera_info(0, 0));
  CHECK(cropped.info().width == 8);
}

TEST_CASE("the transformed stream does not depend on how the source splits its reads") {
  std::vector<Event> events;
  std::mt19937 random(5);
  for (int i = 0; i < 5000; ++i) {
    events.push_back(event_at_us(i * 7, static_cast<std::uint16_t>(random() % 8), static_cast<std::uint16_t>(random() % 6),
                                 static_cast<std::uint8_t>(random() % 2)));
  }
  const EventTransforms transforms{.window_end = Time::from_ns(30'000'000), .crop = Roi{1, 0, 6, 6},
                                   .denoise_dt = Time::from_ns(20'000), .refractory = Time::from_ns(50'000),
                                   .downsample = 2, .polarity = PolarityMode::invert};
  const auto reference = [&] {
    TransformedEventSource source(std::make_unique<VectorEventSource>(events, camera_info(8, 6), 4096), transforms);
    return drain(source, 4096);
  }();
  CHECK(!reference.empty());
  CHECK(reference.size() < events.size() / 2);  // the window and the filters removed events
  for (std::size_t read_size : {1, 2, 17, 1000}) {
    CAPTURE(read_size);
    TransformedEventSource source(std::make_unique<VectorEventSource>(events, camera_info(8, 6), read_size),
                                  transforms);
    CHECK(drain(source, read_size + 3) == reference);
  }
}
