// AEDAT 4.0: the tonic sample decodes to the facts in ../shared/data/events/SOURCES.md, whatever the read sizes;
// the writer round-trips losslessly; damaged files decode safely with violations at byte offsets.
#include <doctest/doctest.h>

#include <algorithm>

#include "event_test_support.hpp"
#include "shared_data.hpp"

namespace reef::test {
namespace {

core::Event event_us(std::int64_t t_us, std::uint16_t x, std::uint16_t y, std::uint8_t p) {
  return core::Event{core::Time::from_ns(t_us * 1000), x, y, p};
}

TEST_CASE("aedat4: the tonic DVXplorer sample decodes to 111,954 events with the stated first and last events") {
  const auto path = shared_file("events/tonic/sample.aedat4");
  if (!path) return;
  CHECK(io::detect_event_format(*path) == io::EventFormat::aedat4);
  const DecodedFile file = decode_file(*path);
  CHECK(file.info.format == "aedat4");
  CHECK(file.info.width == 320);
  CHECK(file.info.height == 240);
  CHECK(file.info.properties.at("camera") == "DVXplorer_DXB00010");
  REQUIRE(file.events.size() == 111954);
  const std::vector<core::Event> first(file.events.begin(), file.events.begin() + 5);
  CHECK(first == std::vector<core::Event>{event_us(1605537493718345, 154, 204, 0),
                                          event_us(1605537493718348, 149, 206, 0),
                                          event_us(1605537493718349, 148, 199, 1),
                                          event_us(1605537493718354, 139, 30, 0),
                                          event_us(1605537493718360, 130, 181, 1)});
  CHECK(us(file.events.back()) == 1605537494308262);
  CHECK(std::count_if(file.events.begin(), file.events.end(), [](const core::Event& e) { return e.polarity; }) ==
        55023);
  CHECK(file.report.total_violations == 0);
  CHECK(file.report.warnings.empty());
  CHECK(file.report.skipped_events.at("IMU samples") == 475);
}

TEST_CASE("aedat4: decoding in random read sizes gives the same events as whole reads") {
  const auto path = shared_file("events/tonic/sample.aedat4");
  if (!path) return;
  const DecodedFile whole = decode_file(*path);
  for (const std::uint64_t seed : {1u, 2u, 3u}) {
    for (const std::size_t max_bytes : {std::size_t{1}, std::size_t{7}, std::size_t{4096}, std::size_t{65536}}) {
      if (max_bytes == 1 && seed > 1) continue;  // byte-by-byte reads once is enough
      INFO("seed " << seed << ", reads up to " << max_bytes << " bytes");
      const DecodedFile split = decode_file(*path, random_chunks(seed, max_bytes), 1 + seed * 997);
      CHECK(split.events == whole.events);
    }
  }
}

TEST_CASE("aedat4: writing the sample and reading it back gives every event, the sensor size and the camera") {
  const auto path = shared_file("events/tonic/sample.aedat4");
  if (!path) return;
  const DecodedFile original = decode_file(*path);
  ScratchDir dir;
  const auto copy = dir / "copy.aedat4";
  auto sink = io::create_event_file(copy, io::EventFormat::aedat4, original.info);
  sink->write(original.events);
  sink->close();
  const DecodedFile back = decode_file(copy);
  CHECK(back.events == original.events);
  CHECK(back.info.width == 320);
  CHECK(back.info.height == 240);
  CHECK(back.info.properties.at("camera") == "DVXplorer_DXB00010");
  CHECK(back.report.total_violations == 0);
  CHECK(back.report.warnings.empty());  // the data table agrees with the packets
}

TEST_CASE("aedat4: Zstd-compressed packets decode to the same events as the LZ4 file they were made from") {
  const std::filesystem::path source = std::filesystem::path(REEF_SOURCE_DIR) / "tests/fuzz/corpus/fuzz_aedat";
  const DecodedFile lz4 = decode_file(source / "aedat4_lz4_three_events");
  const DecodedFile zstd = decode_file(std::filesystem::path(REEF_TEST_DATA_DIR) / "aedat4/zstd_three_events.aedat4");
  CHECK(lz4.events.size() == 3);
  CHECK(zstd.events == lz4.events);
  CHECK(zstd.info.properties.at("compression") == "Zstd");
  CHECK(zstd.report.total_violations == 0);
}

TEST_CASE("aedat4: events that are not whole microseconds are refused and leave no file") {
  ScratchDir dir;
  const auto out = dir / "bad.aedat4";
  auto sink = io::create_event_file(out, io::EventFormat::aedat4, core::StreamInfo{"", 10, 10});
  const core::Event e{core::Time::from_ns(1500), 1, 1, 1};
  CHECK_THROWS_AS(sink->write(std::span(&e, 1)), Error);
  sink.reset();
  CHECK(dir.entries().empty());
}

TEST_CASE("aedat4: truncated and bit-flipped samples decode safely and report violations at offsets") {
  const auto path = shared_file("events/tonic/sample.aedat4");
  if (!path) return;
  check_damaged_copies(*path, io::EventFormat::aedat4, 40, 60);
}

TEST_CASE("aedat4: a file cut inside a packet keeps the events before it and names the packet's offset") {
  const auto path = shared_file("events/tonic/sample.aedat4");
  if (!path) return;
  ScratchDir dir;
  const auto cut = dir / "cut.aedat4";
  write_bytes(cut, read_bytes(*path).substr(0, 500000));
  const DecodedFile file = decode_file(cut);
  CHECK(file.events.size() > 50000);
  CHECK(file.events.size() < 111954);
  REQUIRE(file.report.violations.size() == 1);
  CHECK(file.report.violations[0].kind == "truncated packet");
  CHECK(file.report.violations[0].offset < 500000);
  io::EventReadOptions strict;
  strict.strict = true;
  CHECK_THROWS_AS(decode_file(cut, strict), FormatError);
}

}  // namespace
}  // namespace reef::test
