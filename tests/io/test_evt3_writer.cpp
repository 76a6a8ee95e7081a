// The EVT 3.0 writer: every event comes back from the reader exactly (samples of every format reef reads, and
// generated streams with vector runs, TIME_HIGH wraps, long gaps, epoch-sized times, both polarities and the
// whole address range); its header states the geometry; the output appears only on close().
#include <doctest/doctest.h>

#include "event_test_support.hpp"
#include "reef/core/error.hpp"
#include "reef/core/random.hpp"
#include "shared_data.hpp"

using reef::core::Event;
using namespace reef::test;

namespace {

std::vector<Event> round_trip(const ScratchDir& dir, const std::vector<Event>& events, reef::core::StreamInfo info,
                              std::size_t batch = 1000) {
  const auto path = dir / "out.raw";
  auto sink = reef::io::create_event_file(path, reef::io::EventFormat::evt3, info);
  for (std::size_t i = 0; i < events.size(); i += batch) {
    sink->write(std::span<const Event>(events).subspan(i, std::min(batch, events.size() - i)));
  }
  sink->close();
  const auto decoded = decode_file(path);
  CHECK(decoded.report.total_violations == 0);
  return decoded.events;
}

// Rows of events at shared times: dense runs (vectors), sparse singles, both polarities, the sensor's corners,
// gaps from 0 us to past the 24-bit wrap, starting at an epoch-sized time.
std::vector<Event> generated_stream(std::uint64_t seed, std::int64_t start_us) {
  reef::core::Rng rng(seed);
  std::vector<Event> events;
  std::int64_t t = start_us;
  for (int group = 0; group < 3000; ++group) {
    const double gap = rng.uniform();
    t += gap < 0.5 ? 0 : gap < 0.9 ? static_cast<std::int64_t>(rng.uniform_index(5000))
                                    : static_cast<std::int64_t>(rng.uniform_index(40'000'000));
    const auto y = static_cast<std::uint16_t>(rng.uniform_index(720));
    const auto p = static_cast<std::uint8_t>(rng.uniform_index(2));
    auto x = static_cast<std::uint16_t>(rng.uniform_index(1280));
    const std::uint64_t run = rng.uniform_index(40);
    for (std::uint64_t k = 0; k < run && x < 1280; ++k) {
      events.push_back(event_us(t, x, y, p));
      x = static_cast<std::uint16_t>(x + 1 + rng.uniform_index(3));
    }
  }
  events.push_back(event_us(t, 0, 0, 0));
  events.push_back(event_us(t, 1279, 719, 1));
  events.push_back(event_us(t + 1, 1279, 0, 0));
  return events;
}

reef::core::StreamInfo hd_sensor() {
  reef::core::StreamInfo info;
  info.width = 1280;
  info.height = 720;
  return info;
}

}  // namespace

TEST_CASE("evt3_writer_round_trips_generated_streams_losslessly") {
  ScratchDir dir;
  for (const std::uint64_t seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    for (const std::int64_t start : {std::int64_t{0}, std::int64_t{16'777'000}, std::int64_t{1605537493718345}}) {
      CAPTURE(start);
      const auto events = generated_stream(seed, start);
      CHECK(round_trip(dir, events, hd_sensor(), 1 + seed * 997) == events);
    }
  }
}

TEST_CASE("evt3_writer_packs_runs_into_vector_words") {
  ScratchDir dir;
  std::vector<Event> events;
  for (std::uint16_t x = 100; x < 132; ++x) events.push_back(event_us(5000, x, 3, 1));
  const auto path = dir / "run.raw";
  auto sink = reef::io::create_event_file(path, reef::io::EventFormat::evt3, hd_sensor());
  sink->write(events);
  sink->close();
  const std::string bytes = read_bytes(path);
  const std::size_t data = bytes.find("% end\n") + 6;
  // TIME_HIGH, TIME_LOW, ADDR_Y, VECT_BASE_X and three VECT_12 words: 7 words for 32 events.
  CHECK(bytes.size() - data == 7 * 2);
  const auto decoded = decode_file(path);
  CHECK(decoded.events == events);
  CHECK(decoded.info.width == 1280);
  CHECK(decoded.info.height == 720);
}

TEST_CASE("evt3_writer_round_trips_every_sample_reef_reads") {
  ScratchDir dir;
  for (const char* file : {"events/expelliarmus/evt3_sample.raw", "events/expelliarmus/evt2_sample.raw",
                           "events/faery/evt2.raw", "events/tonic/sample_ncars.dat", "events/tonic/sample_nmnist.bin"}) {
    CAPTURE(file);
    const auto path = shared_file(file);
    if (!path) continue;
    const auto original = decode_file(*path);
    CHECK(round_trip(dir, original.events, original.info) == original.events);
  }
}

TEST_CASE("evt3_writer_refuses_events_it_cannot_store_and_leaves_no_file") {
  ScratchDir dir;
  const auto path = dir / "bad.raw";
  {
    auto sink = reef::io::create_event_file(path, reef::io::EventFormat::evt3, hd_sensor());
    const std::vector<Event> sub_us{Event{reef::core::Time::from_ns(1500), 1, 1, 1}};
    CHECK_THROWS_AS(sink->write(sub_us), reef::ValidationError);
    const std::vector<Event> outside{event_us(10, 1280, 0, 1)};
    CHECK_THROWS_AS(sink->write(outside), reef::ValidationError);
  }
  CHECK(dir.entries().empty());
}
