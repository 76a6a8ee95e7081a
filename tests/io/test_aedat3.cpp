// AEDAT 3.1 (cAER): no public sample exists (see ../shared/data/events/SOURCES.md), so these files are built from
// libcaer's documented layout: polarity packets become events with the 31-bit overflow applied, invalid events and
// other packet types are skipped and counted, any read split gives the same events, damage is reported safely.
#include <doctest/doctest.h>

#include "event_test_support.hpp"

namespace reef::test {
namespace {

std::string le32(std::uint32_t v) {
  return {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16), static_cast<char>(v >> 24)};
}

// A 28-byte packet header (type, source 1, eventSize, eventTSOffset 4, overflow, capacity = number = valid).
std::string packet_header(std::uint16_t type, std::uint32_t size, std::uint32_t overflow, std::uint32_t number) {
  return std::string{static_cast<char>(type), static_cast<char>(type >> 8), 1, 0} + le32(size) + le32(4) +
         le32(overflow) + le32(number) + le32(number) + le32(number);
}

// libcaer polarity data: bit 0 valid, bit 1 polarity, bits 2-16 y, bits 17-31 x.
std::string polarity(std::uint32_t x, std::uint32_t y, std::uint32_t p, std::uint32_t t, bool valid = true) {
  return le32((x << 17) | (y << 2) | (p << 1) | (valid ? 1u : 0u)) + le32(t);
}

std::string sample_file() {
  return "#!AER-DAT3.1\r\n#Format: RAW\r\n#Source 1: DVS128\r\n#Start-Time: 2017-01-01 10:00:00 (TZ+0000)\r\n"
         "#!END-HEADER\r\n" +
         packet_header(1, 8, 0, 3) + polarity(5, 6, 1, 100) + polarity(7, 8, 0, 200, false) + polarity(127, 0, 0, 300) +
         packet_header(0, 8, 0, 1) + le32(0) + le32(0) +  // one special event
         packet_header(1, 8, 1, 1) + polarity(1, 2, 1, 5);
}

TEST_CASE("aedat3: polarity packets decode with their overflow, other packets and invalid events are counted") {
  ScratchDir dir;
  write_bytes(dir / "a.aedat", sample_file());
  CHECK(io::detect_event_format(dir / "a.aedat") == io::EventFormat::aedat3);
  const DecodedFile file = decode_file(dir / "a.aedat");
  CHECK(file.info.width == 128);
  CHECK(file.info.properties.at("camera") == "DVS128");
  CHECK(file.events == std::vector<core::Event>{{core::Time::from_ns(100000), 5, 6, 1},
                                                {core::Time::from_ns(300000), 127, 0, 0},
                                                {core::Time::from_ns(((std::int64_t{1} << 31) + 5) * 1000), 1, 2, 1}});
  CHECK(file.report.skipped_events.at("invalid (unmarked) polarity events") == 1);
  CHECK(file.report.skipped_events.at("special events") == 1);
  CHECK(file.report.total_violations == 0);
}

TEST_CASE("aedat3: one-byte reads give the same events") {
  ScratchDir dir;
  write_bytes(dir / "a.aedat", sample_file());
  CHECK(decode_file(dir / "a.aedat", random_chunks(9, 1), 1).events == decode_file(dir / "a.aedat").events);
  CHECK(decode_file(dir / "a.aedat", random_chunks(9, 5), 2).events == decode_file(dir / "a.aedat").events);
}

TEST_CASE("aedat3: a cut file keeps the events before the cut and reports the truncated packet") {
  ScratchDir dir;
  const std::string bytes = sample_file();
  write_bytes(dir / "cut.aedat", bytes.substr(0, bytes.size() - 3));
  const DecodedFile file = decode_file(dir / "cut.aedat");
  CHECK(file.events.size() == 2);
  REQUIRE(file.report.violations.size() == 1);
  CHECK(file.report.violations[0].kind == "truncated packet");
  CHECK(file.report.violations[0].offset == bytes.size() - 8);
  check_damaged_copies(dir / "cut.aedat", io::EventFormat::aedat3, 30, 60);
}

}  // namespace
}  // namespace reef::test
