// AEDAT 2.0 (jAER): the PyAedatTools DAVIS240C samples decode to the counts, first events (top-left origin) and
// last timestamps in ../shared/data/events/SOURCES.md, in any read sizes; the tonic header-only file has no events;
// DVS128 addresses follow the chosen jAER or Tonic convention; damaged files decode safely.
#include <doctest/doctest.h>

#include <algorithm>

#include "event_test_support.hpp"
#include "shared_data.hpp"

namespace reef::test {
namespace {

struct Aedat2Sample {
  const char* file;
  std::size_t events;
  std::size_t on;
  std::int64_t first_t[5];
  std::uint16_t first_raw_x[5];
  std::uint16_t first_raw_y[5];
  std::uint8_t first_p[5];
  std::int64_t last_t;
  std::uint64_t imu_words;
};

// SOURCES.md lists raw jAER coordinates; reef flips both axes to the top-left origin (x' = 239 - x, y' = 179 - y).
const Aedat2Sample kSamples[] = {
    {"events/PyAedatTools/IMU_translBoxes.aedat", 162771, 82944,
     {294976755, 294976892, 294976940, 294976963, 294977020}, {156, 205, 169, 94, 159}, {36, 128, 46, 117, 64},
     {0, 0, 1, 0, 1}, 297049406, 33837},
    {"events/PyAedatTools/IMU_rotDisk.aedat", 374296, 163098, {341678, 341678, 341685, 341698, 341720},
     {11, 54, 235, 47, 239}, {15, 169, 164, 179, 162}, {1, 0, 1, 0, 1}, 3508437, 51688},
};

TEST_CASE("aedat2: the DAVIS240C samples decode to the stated counts, first events and last timestamps") {
  for (const Aedat2Sample& sample : kSamples) {
    const auto path = shared_file(sample.file);
    if (!path) continue;
    INFO(sample.file);
    CHECK(io::detect_event_format(*path) == io::EventFormat::aedat2);
    const DecodedFile file = decode_file(*path);
    CHECK(file.info.format == "aedat2");
    CHECK(file.info.width == 240);
    CHECK(file.info.height == 180);
    REQUIRE(file.events.size() == sample.events);
    for (int i = 0; i < 5; ++i) {
      const core::Event& e = file.events[static_cast<std::size_t>(i)];
      CHECK(us(e) == sample.first_t[i]);
      CHECK(e.x == 239 - sample.first_raw_x[i]);
      CHECK(e.y == 179 - sample.first_raw_y[i]);
      CHECK(e.polarity == sample.first_p[i]);
    }
    CHECK(us(file.events.back()) == sample.last_t);
    CHECK(static_cast<std::size_t>(std::count_if(file.events.begin(), file.events.end(),
                                                 [](const core::Event& e) { return e.polarity == 1; })) == sample.on);
    CHECK(file.report.total_violations == 0);
    CHECK(file.report.skipped_events.at("IMU words") == sample.imu_words);
    CHECK(file.report.skipped_events.count("APS samples") == 0);
  }
}

TEST_CASE("aedat2: decoding in random read sizes gives the same events as whole reads") {
  const auto path = shared_file("events/PyAedatTools/IMU_translBoxes.aedat");
  if (!path) return;
  const DecodedFile whole = decode_file(*path);
  for (const std::uint64_t seed : {11u, 12u}) {
    for (const std::size_t max_bytes : {std::size_t{13}, std::size_t{1000}, std::size_t{65536}}) {
      INFO("seed " << seed << ", reads up to " << max_bytes << " bytes");
      CHECK(decode_file(*path, random_chunks(seed, max_bytes), 333).events == whole.events);
    }
  }
}

TEST_CASE("aedat2: the tonic header-only file (LF line endings) has no events and names its DAVIS346 chip") {
  const auto path = shared_file("events/tonic/sample_aedat_header.aedat");
  if (!path) return;
  const DecodedFile file = decode_file(*path);
  CHECK(file.events.empty());
  CHECK(file.info.width == 346);
  CHECK(file.info.height == 260);
  CHECK(file.info.properties.at("chip") == "eu.seebetter.ini.chips.davis.Davis346red");
  CHECK(file.report.total_violations == 0);
}

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

TEST_CASE("aedat2: DVS128 addresses follow the jAER or the Tonic convention, and sync events are counted") {
  ScratchDir dir;
  const auto path = dir / "dvs128.aedat";
  // raw bits: polarity bit 0, bits 1-7 = 5, bits 8-14 = 100; then an external event (bit 15).
  const std::uint32_t address = (100u << 8) | (5u << 1) | 1u;
  write_bytes(path, "#!AER-DAT2.0\r\n# AEChip: ch.unizh.ini.jaer.chip.retina.DVS128\r\n" + be32(address) + be32(42) +
                        be32(0x8000u) + be32(43));
  const DecodedFile jaer = decode_file(path);
  REQUIRE(jaer.events.size() == 1);
  CHECK(jaer.events[0] == core::Event{core::Time::from_ns(42000), 127 - 5, 100, 0});
  CHECK(jaer.info.width == 128);
  CHECK(jaer.report.skipped_events.at("DVS128 external (sync) events") == 1);
  io::EventReadOptions options;
  options.dvs128 = io::Dvs128Convention::tonic;
  const DecodedFile tonic = decode_file(path, options);
  REQUIRE(tonic.events.size() == 1);
  CHECK(tonic.events[0] == core::Event{core::Time::from_ns(42000), 100, 5, 1});
}

TEST_CASE("aedat2: a 32-bit timestamp wrap continues time instead of going back") {
  ScratchDir dir;
  const auto path = dir / "wrap.aedat";
  const std::uint32_t dvs = (10u << 22) | (20u << 12);  // DAVIS240 DVS event at raw (20, 10)
  write_bytes(path, "#!AER-DAT2.0\n# AEChip: eu.seebetter.ini.chips.davis.DAVIS240C\n" + be32(dvs) +
                        be32(0xfffffff0u) + be32(dvs) + be32(5));
  const DecodedFile file = decode_file(path);
  REQUIRE(file.events.size() == 2);
  CHECK(us(file.events[1]) == (std::int64_t{1} << 32) + 5);
  CHECK(file.report.total_violations == 0);
}

TEST_CASE("aedat2: truncated and bit-flipped samples decode safely and report violations at offsets") {
  const auto path = shared_file("events/PyAedatTools/IMU_translBoxes.aedat");
  if (!path) return;
  check_damaged_copies(*path, io::EventFormat::aedat2, 20, 40);
}

}  // namespace
}  // namespace reef::test
