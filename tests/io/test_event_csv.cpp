// CSV event files: the header names the columns, t is in µs (three decimals keep nanoseconds), the writer
// round-trips losslessly, bad lines are reported with their offsets and skipped, damaged files decode safely.
#include <doctest/doctest.h>

#include "event_test_support.hpp"
#include "shared_data.hpp"

namespace reef::test {
namespace {

TEST_CASE("csv events: columns in header order, a last line without a line end, and CRLF endings") {
  ScratchDir dir;
  write_bytes(dir / "e.csv", "x, p ,t,y\r\n3,1,100,4\r\n\r\n5,0,250.5,6");
  const DecodedFile file = decode_file(dir / "e.csv");
  CHECK(file.events == std::vector<core::Event>{{core::Time::from_ns(100000), 3, 4, 1},
                                                {core::Time::from_ns(250500), 5, 6, 0}});
  CHECK(file.report.total_violations == 0);
  CHECK(io::detect_event_format(dir / "e.csv") == io::EventFormat::csv);
}

TEST_CASE("csv events: a bad line is reported at its byte offset and the following lines still decode") {
  ScratchDir dir;
  write_bytes(dir / "e.csv", "t,x,y,p\n1,2,3,1\n2,abc,3,1\n3,4,5,0\n");
  const DecodedFile file = decode_file(dir / "e.csv");
  CHECK(file.events.size() == 2);
  REQUIRE(file.report.violations.size() == 1);
  CHECK(file.report.violations[0].offset == 16);
  CHECK(file.report.skipped_events.at("bad lines") == 1);
}

TEST_CASE("csv events: nanosecond times and a real sample round-trip losslessly, in any read sizes") {
  const std::vector<core::Event> events{{core::Time::from_ns(-1500), 0, 0, 0}, {core::Time::from_ns(7), 65535, 1, 1}};
  ScratchDir dir;
  auto sink = io::create_event_file(dir / "small.csv", io::EventFormat::csv, {});
  sink->write(events);
  sink->close();
  CHECK(decode_file(dir / "small.csv").events == events);
  const auto path = shared_file("events/tonic/sample.aedat4");
  if (!path) return;
  const DecodedFile original = decode_file(*path);
  auto csv = io::create_event_file(dir / "sample.csv", io::EventFormat::csv, original.info);
  csv->write(original.events);
  csv->close();
  CHECK(decode_file(dir / "sample.csv").events == original.events);
  CHECK(decode_file(dir / "sample.csv", random_chunks(3, 100), 50).events == original.events);
}

TEST_CASE("csv events: truncated and bit-flipped files decode safely") {
  const auto path = shared_file("events/PyAedatTools/IMU_rotDisk.aedat");
  if (!path) return;
  ScratchDir dir;
  const DecodedFile original = decode_file(*path);
  auto csv = io::create_event_file(dir / "rot.csv", io::EventFormat::csv, original.info);
  csv->write(std::span(original.events).first(20000));
  csv->close();
  check_damaged_copies(dir / "rot.csv", io::EventFormat::csv, 20, 30);
}

}  // namespace
}  // namespace reef::test
