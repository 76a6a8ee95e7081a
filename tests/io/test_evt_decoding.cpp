// Behaviour of the EVT 2.0/2.1/3.0 decoders on hand-built word streams: vectors, time handling (wraps, repeated
// TIME_HIGH, legitimate TIME_LOW steps back), events before the first time, violations with their byte offsets,
// strict mode, and independence from the split of the reads.
#include <doctest/doctest.h>

#include "event_test_support.hpp"
#include "reef/core/error.hpp"

using reef::core::Event;
using namespace reef::test;

namespace {

constexpr std::int64_t kHigh = 2861;  // a TIME_HIGH value as in the EVT 3.0 sample
constexpr std::int64_t kBaseUs = kHigh << 12;

std::filesystem::path evt3_file(const ScratchDir& dir, std::initializer_list<std::uint16_t> words,
                                std::string extra = {}) {
  return write_file(dir, "stream.raw", prophesee_header("EVT3", 1280, 720) + le_words16(words) + extra);
}

std::uint64_t data_start() { return prophesee_header("EVT3", 1280, 720).size(); }

}  // namespace

TEST_CASE("evt3_decodes_vectorized_events_across_buffer_boundaries") {
  ScratchDir dir;
  const auto path = evt3_file(dir, {evt3_high(kHigh), evt3_y(10), evt3_base(100, 1), evt3_vect12(0b100000000101),
                                    evt3_vect12(0x800), evt3_vect8(0x81), evt3_low(7), evt3_x(3, 0)});
  const std::vector<Event> expected{event_us(kBaseUs, 100, 10, 1),     event_us(kBaseUs, 102, 10, 1),
                                    event_us(kBaseUs, 111, 10, 1),     event_us(kBaseUs, 123, 10, 1),
                                    event_us(kBaseUs, 124, 10, 1),     event_us(kBaseUs, 131, 10, 1),
                                    event_us(kBaseUs + 7, 3, 10, 0)};
  CHECK(decode_file(path).events == expected);
  for (std::size_t chunk = 1; chunk <= 9; ++chunk) {
    reef::io::EventReadOptions options;
    options.chunking.chunk_bytes = chunk;
    for (const std::size_t batch : {std::size_t{1}, std::size_t{5}, std::size_t{64}}) {
      CAPTURE(chunk);
      CAPTURE(batch);
      CHECK(decode_file(path, options, batch).events == expected);
    }
  }
}

TEST_CASE("evt3_time_low_stepping_back_after_a_repeated_time_high_is_not_a_wrap") {
  ScratchDir dir;
  const auto path = evt3_file(dir, {evt3_high(kHigh), evt3_low(811), evt3_y(1), evt3_x(5, 1), evt3_high(kHigh),
                                    evt3_low(800), evt3_x(6, 1)});
  const auto decoded = decode_file(path);
  REQUIRE(decoded.events.size() == 2);
  CHECK(us(decoded.events[0]) == kBaseUs + 811);
  CHECK(us(decoded.events[1]) == kBaseUs + 800);
  CHECK(decoded.report.total_violations == 0);
  REQUIRE(decoded.report.warnings.size() == 1);
  CHECK(decoded.report.warnings[0].find("stepped back 1 times (at most 11 us)") != std::string::npos);
}

TEST_CASE("evt3_time_high_wrapping_past_24_bits_keeps_time_increasing") {
  ScratchDir dir;
  const auto path = evt3_file(dir, {evt3_high(4095), evt3_low(4000), evt3_y(1), evt3_x(5, 1), evt3_high(0),
                                    evt3_low(5), evt3_x(6, 1), evt3_high(4095), evt3_high(1), evt3_x(7, 0)});
  const auto decoded = decode_file(path);
  REQUIRE(decoded.events.size() == 3);
  CHECK(us(decoded.events[0]) == (4095 << 12) + 4000);
  CHECK(us(decoded.events[1]) == (std::int64_t{1} << 24) + 5);
  CHECK(us(decoded.events[2]) == (std::int64_t{2} << 24) + 4096);
  CHECK(decoded.report.total_violations == 0);
}

TEST_CASE("evt3_events_before_the_first_time_high_are_counted_as_skipped") {
  ScratchDir dir;
  const auto path = evt3_file(dir, {evt3_y(3), evt3_x(1, 1), evt3_base(8, 0), evt3_vect12(0x7), evt3_high(kHigh),
                                    evt3_x(2, 1)});
  const auto decoded = decode_file(path);
  REQUIRE(decoded.events.size() == 1);
  CHECK(decoded.events[0] == event_us(kBaseUs, 2, 3, 1));
  CHECK(decoded.report.skipped_events.at("CD events before the first TIME_HIGH word (no time base yet)") == 4);
}

TEST_CASE("evt3_a_missing_vect8_does_not_swallow_the_next_word") {
  ScratchDir dir;
  const auto path = evt3_file(dir, {evt3_high(kHigh), evt3_y(4), evt3_base(0, 1), evt3_vect12(0x1),
                                    evt3_vect12(0x1), evt3_high(kHigh + 1), evt3_x(9, 0)});
  const auto decoded = decode_file(path);
  const std::vector<Event> expected{event_us(kBaseUs, 0, 4, 1), event_us(kBaseUs, 12, 4, 1),
                                    event_us(kBaseUs + 4096, 9, 4, 0)};
  CHECK(decoded.events == expected);
}

TEST_CASE("evt3_violations_name_their_byte_offset_and_decoding_goes_on") {
  ScratchDir dir;
  // Word 3 has the undefined type 0x9; word 5 puts a row outside the 720-row sensor; word 7 steps TIME_HIGH back.
  const auto path = evt3_file(dir, {evt3_high(kHigh), evt3_y(1), evt3_x(1, 1), 0x9000, evt3_x(2, 1), evt3_y(900),
                                    evt3_x(3, 1), evt3_high(kHigh - 1), evt3_y(2), evt3_x(4, 0)});
  const auto decoded = decode_file(path);
  const std::vector<Event> expected{event_us(kBaseUs, 1, 1, 1), event_us(kBaseUs, 2, 1, 1),
                                    event_us(kBaseUs - 4096, 4, 2, 0)};
  CHECK(decoded.events == expected);
  REQUIRE(decoded.report.violations.size() == 3);
  CHECK(decoded.report.violations[0].kind == "unknown word type");
  CHECK(decoded.report.violations[0].offset == data_start() + 6);
  CHECK(decoded.report.violations[1].kind == "address outside the sensor");
  CHECK(decoded.report.violations[1].offset == data_start() + 10);
  CHECK(decoded.report.violations[2].kind == "time went backwards");
  CHECK(decoded.report.violations[2].offset == data_start() + 14);
  CHECK(decoded.report.skipped_events.at("CD events outside the sensor") == 1);
  CHECK(decoded.report.skipped_events.at("words of unknown type") == 1);
}

TEST_CASE("strict_mode_throws_at_the_first_violation_with_file_and_offset") {
  ScratchDir dir;
  const auto path = evt3_file(dir, {evt3_high(kHigh), evt3_y(1), evt3_x(1, 1), 0xB000, 0x9000});
  reef::io::EventReadOptions options;
  options.strict = true;
  try {
    decode_file(path, options);
    FAIL("strict decoding of a file with an undefined word type did not throw");
  } catch (const reef::FormatError& error) {
    CHECK(error.offset() == data_start() + 6);
    CHECK(error.file() == path.string());
  }
}

TEST_CASE("a_file_ending_inside_a_word_reports_the_truncated_word") {
  ScratchDir dir;
  const auto path = evt3_file(dir, {evt3_high(kHigh), evt3_y(1), evt3_x(1, 1)}, std::string(1, '\x20'));
  reef::io::EventReadOptions options;
  options.max_reported_violations = 0;  // counted, not kept
  const auto decoded = decode_file(path, options);
  CHECK(decoded.events.size() == 1);
  CHECK(decoded.report.total_violations == 1);
  CHECK(decoded.report.violations.empty());
  CHECK(decode_file(path).report.violations.at(0).offset == data_start() + 6);
}

TEST_CASE("evt2_unwraps_the_34_bit_time_and_skips_events_before_the_first_time_high") {
  ScratchDir dir;
  const std::uint32_t top = (1u << 28) - 1;
  const std::string words = le_words32({evt2_cd(1, 0, 5, 5), evt2_high(top), evt2_cd(1, 63, 639, 479),
                                        0xA0000101u, evt2_high(0), evt2_cd(0, 1, 0, 0), evt2_high(0),
                                        evt2_cd(0, 2, 1, 1)});
  const auto path = write_file(dir, "stream.raw", prophesee_header("EVT2", 640, 480) + words);
  const auto decoded = decode_file(path);
  const std::int64_t wrap = std::int64_t{1} << 34;
  const std::vector<Event> expected{event_us((std::int64_t{top} << 6) + 63, 639, 479, 1), event_us(wrap + 1, 0, 0, 0),
                                    event_us(wrap + 2, 1, 1, 0)};
  CHECK(decoded.events == expected);
  CHECK(decoded.report.skipped_events.at("CD events before the first TIME_HIGH word (no time base yet)") == 1);
  CHECK(decoded.report.skipped_events.at("external trigger events (reef keeps pixel events only)") == 1);
  CHECK(decoded.report.total_violations == 0);
}

TEST_CASE("evt21_masks_expand_to_one_event_per_set_bit_in_both_half_orders") {
  ScratchDir dir;
  const std::uint32_t time_high = evt2_high(1000);
  const std::uint32_t cd = evt2_cd(1, 3, 1248, 7);  // 32 pixels from x = 1248: the last one is x = 1279
  const std::uint32_t mask = 0x80000005u;
  std::vector<Event> expected;
  for (const unsigned bit : {0u, 2u, 31u}) expected.push_back(event_us((1000 << 6) + 3, static_cast<std::uint16_t>(1248 + bit), 7, 1));
  // legacy: the upper (type/time/address) half first; little: the whole 64-bit word little-endian, mask first.
  const auto legacy = write_file(dir, "legacy.raw", prophesee_header("EVT21;endianness=legacy", 1280, 720) +
                                                      le_words32({time_high, 0, cd, mask}));
  const auto little = write_file(dir, "little.raw", prophesee_header("EVT21;endianness=little", 1280, 720) +
                                                      le_words32({0, time_high, mask, cd}));
  CHECK(reef::io::detect_event_format(legacy) == reef::io::EventFormat::evt21);
  CHECK(decode_file(legacy).events == expected);
  CHECK(decode_file(little).events == expected);
  for (std::size_t chunk = 1; chunk <= 9; ++chunk) {
    reef::io::EventReadOptions options;
    options.chunking.chunk_bytes = chunk;
    CHECK(decode_file(little, options, 3).events == expected);
  }
}

TEST_CASE("evt21_pixels_past_the_sensor_edge_are_reported_and_the_rest_decoded") {
  ScratchDir dir;
  const auto path = write_file(dir, "edge.raw", prophesee_header("EVT21", 1280, 720) +
                                                    le_words32({evt2_high(1), 0, evt2_cd(0, 0, 1270, 0), 0x00000401u}));
  const auto decoded = decode_file(path);
  REQUIRE(decoded.events.size() == 1);
  CHECK(decoded.events[0].x == 1270);
  REQUIRE(decoded.report.violations.size() == 1);
  CHECK(decoded.report.violations[0].kind == "address outside the sensor");
  CHECK(decoded.report.violations[0].offset == prophesee_header("EVT21", 1280, 720).size() + 8);
}
