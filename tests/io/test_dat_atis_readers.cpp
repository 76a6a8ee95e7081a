// Prophesee DAT and N-MNIST ATIS .bin readers: the tonic samples decode to the facts SOURCES.md states, in any read
// split; DAT time wraps and ATIS overflow markers are handled and reported.
#include <doctest/doctest.h>

#include "event_test_support.hpp"
#include "shared_data.hpp"

using reef::core::Event;
using namespace reef::test;

TEST_CASE("ncars_dat_sample_decodes_to_2009_events_with_the_published_first_events") {
  const auto path = shared_file("events/tonic/sample_ncars.dat");
  if (!path) return;
  CHECK(reef::io::detect_event_format(*path) == reef::io::EventFormat::prophesee_dat);
  const auto decoded = decode_file(*path);
  REQUIRE(decoded.events.size() == 2009);
  const std::vector<Event> first{event_us(0, 25, 8, 0), event_us(35, 67, 35, 0), event_us(152, 56, 27, 1),
                                 event_us(202, 74, 39, 1), event_us(244, 49, 28, 1)};
  CHECK(std::equal(first.begin(), first.end(), decoded.events.begin()));
  CHECK(us(decoded.events.back()) == 99952);
  for (const Event& e : decoded.events) CHECK((e.x <= 77 && e.y <= 41));  // inside N-CARS' 120x100
  CHECK(decoded.info.properties.at("version") == "2");
  CHECK(decoded.report.total_violations == 0);
  for (const std::uint64_t seed : {3u, 11u}) CHECK(decode_file(*path, random_chunks(seed, 1024), 13).events == decoded.events);
}

TEST_CASE("nmnist_bin_sample_decodes_to_4325_events_with_the_published_first_events") {
  const auto path = shared_file("events/tonic/sample_nmnist.bin");
  if (!path) return;
  CHECK(reef::io::detect_event_format(*path) == reef::io::EventFormat::atis_bin);
  const auto decoded = decode_file(*path);
  REQUIRE(decoded.events.size() == 4325);
  const std::vector<Event> first{event_us(654, 7, 15, 1), event_us(2999, 19, 18, 0), event_us(3017, 21, 17, 0),
                                 event_us(3893, 10, 18, 0), event_us(4023, 12, 9, 1)};
  CHECK(std::equal(first.begin(), first.end(), decoded.events.begin()));
  CHECK(us(decoded.events.back()) == 311175);
  std::size_t on = 0;
  for (const Event& e : decoded.events) {
    on += e.polarity;
    CHECK((e.x < 34 && e.y < 34));  // N-MNIST's 34x34
  }
  CHECK(on == 2145);
  CHECK(decoded.report.total_violations == 0);
  for (const std::uint64_t seed : {5u, 9u}) CHECK(decode_file(*path, random_chunks(seed, 777), 3).events == decoded.events);
}

TEST_CASE("dat_times_wrapping_past_32_bits_keep_increasing") {
  ScratchDir dir;
  auto record = [](std::uint32_t t, std::uint32_t x, std::uint32_t y, std::uint32_t p) {
    return le_words32({t, x | y << 14 | p << 28});
  };
  const std::string header = "% Data file containing Event2D events.\n% Version 2\n% Width 304\n% Height 240\n";
  const auto path = write_file(dir, "wrap.dat", header + std::string("\x00\x08", 2) + record(0xfffffff0u, 303, 239, 1) +
                                                    record(5, 0, 0, 0) + record(3, 1, 1, 0) + record(2, 400, 1, 0));
  const auto decoded = decode_file(path);
  const std::int64_t wrap = std::int64_t{1} << 32;
  const std::vector<Event> expected{event_us(0xfffffff0u, 303, 239, 1), event_us(wrap + 5, 0, 0, 0),
                                    event_us(wrap + 3, 1, 1, 0)};
  CHECK(decoded.events == expected);
  CHECK(decoded.info.width == 304);
  REQUIRE(decoded.report.violations.size() == 3);
  CHECK(decoded.report.violations[0].kind == "time went backwards");
  CHECK(decoded.report.violations[0].offset == header.size() + 2 + 16);
  CHECK(decoded.report.violations[2].kind == "address outside the sensor");
}

TEST_CASE("atis_overflow_markers_shift_later_times_and_are_reported") {
  ScratchDir dir;
  const std::string records = std::string("\x01\x02\x80\x00\x10", 5) + std::string("\x00\xf0\x00\x00\x00", 5) +
                              std::string("\x03\x04\x00\x00\x05", 5);
  const auto path = write_file(dir, "overflow.bin", records + std::string("\x01\x02", 2));
  const auto decoded = decode_file(path);
  const std::vector<Event> expected{event_us(16, 1, 2, 1), event_us((1 << 23) + 5, 3, 4, 0)};
  CHECK(decoded.events == expected);
  REQUIRE(decoded.report.violations.size() == 2);
  CHECK(decoded.report.violations[0].kind == "time overflow marker");
  CHECK(decoded.report.violations[0].offset == 5);
  CHECK(decoded.report.violations[1].kind == "truncated record");
  CHECK(decoded.report.violations[1].offset == 15);
}
