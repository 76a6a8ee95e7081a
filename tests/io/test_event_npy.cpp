// NPY event files: Tonic-style structured arrays in any field order, integer width and byte order decode to the
// same events; the writer round-trips losslessly (a real sample converted to NPY and back); damaged files decode
// safely; the AEDAT4 -> EVT3 -> NPY -> AEDAT4 chain keeps every event.
#include <doctest/doctest.h>

#include "event_test_support.hpp"
#include "shared_data.hpp"

namespace reef::test {
namespace {

std::string le(std::uint64_t v, int bytes, bool big_endian = false) {
  std::string out;
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * (big_endian ? bytes - 1 - i : i))) & 0xff);
  return out;
}

void write_events(const std::filesystem::path& path, io::EventFormat format, const DecodedFile& file) {
  auto sink = io::create_event_file(path, format, file.info);
  sink->write(file.events);
  sink->close();
}

TEST_CASE("npy events: fields in any order, width and byte order decode to the same events") {
  ScratchDir dir;
  // DVSGesture order (x i2, y i2, p bool, t i8) and a big-endian t, x, y, p layout with padding.
  write_bytes(dir / "a.npy", npy_bytes("{'descr': [('x', '<i2'), ('y', '<i2'), ('p', '|b1'), ('t', '<i8')], "
                                       "'fortran_order': False, 'shape': (2,), }",
                                       le(3, 2) + le(4, 2) + le(1, 1) + le(100, 8) + le(5, 2) + le(6, 2) + le(0, 1) +
                                           le(250, 8)));
  write_bytes(dir / "b.npy", npy_bytes("{'descr': [('t', '>u4'), ('', '|V4'), ('x', '>u2'), ('y', '>u2'), "
                                       "('p', '>i4')], 'fortran_order': False, 'shape': (2,), }",
                                       le(100, 4, true) + le(0, 4) + le(3, 2, true) + le(4, 2, true) + le(1, 4, true) +
                                           le(250, 4, true) + le(0, 4) + le(5, 2, true) + le(6, 2, true) +
                                           le(0, 4, true)));
  const std::vector<core::Event> expected{{core::Time::from_ns(100000), 3, 4, 1},
                                          {core::Time::from_ns(250000), 5, 6, 0}};
  CHECK(decode_file(dir / "a.npy").events == expected);
  CHECK(decode_file(dir / "b.npy").events == expected);
  CHECK(io::detect_event_format(dir / "a.npy") == io::EventFormat::npy);
}

TEST_CASE("npy events: records without y are a channel stream, and plain number arrays are refused") {
  ScratchDir dir;
  write_bytes(dir / "shd.npy", npy_bytes("{'descr': [('t', '<i8'), ('x', '<u2'), ('p', '|u1')], 'fortran_order': "
                                         "False, 'shape': (1,), }",
                                         le(7, 8) + le(699, 2) + le(1, 1)));
  const DecodedFile file = decode_file(dir / "shd.npy");
  CHECK(file.info.channel_stream);
  CHECK(file.events == std::vector<core::Event>{{core::Time::from_ns(7000), 699, 0, 1}});
  write_bytes(dir / "plain.npy", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", le(0, 8)));
  CHECK_THROWS_AS(decode_file(dir / "plain.npy"), FormatError);
}

TEST_CASE("npy events: the AEDAT 2.0 sample written as NPY reads back identically, in any read sizes") {
  const auto path = shared_file("events/PyAedatTools/IMU_translBoxes.aedat");
  if (!path) return;
  const DecodedFile original = decode_file(*path);
  ScratchDir dir;
  write_events(dir / "events.npy", io::EventFormat::npy, original);
  CHECK(decode_file(dir / "events.npy").events == original.events);
  CHECK(decode_file(dir / "events.npy", random_chunks(5, 999), 777).events == original.events);
  check_damaged_copies(dir / "events.npy", io::EventFormat::npy, 20, 30);
}

TEST_CASE("npy events: a file cut short reports the records it is missing") {
  ScratchDir dir;
  const std::string bytes = npy_bytes("{'descr': [('t', '<i8'), ('x', '<u2'), ('y', '<u2'), ('p', '|u1')], "
                                      "'fortran_order': False, 'shape': (3,), }",
                                      le(1, 8) + le(1, 2) + le(1, 2) + le(1, 1) + le(2, 8) + le(2, 2) + le(2, 2) +
                                          le(0, 1));
  write_bytes(dir / "cut.npy", bytes.substr(0, bytes.size() - 3));
  const DecodedFile file = decode_file(dir / "cut.npy");
  CHECK(file.events.size() == 1);
  REQUIRE(file.report.violations.size() == 1);
  CHECK(file.report.violations[0].kind == "truncated array");
  CHECK(file.report.skipped_events.at("records missing from a truncated file") == 2);
}

TEST_CASE("event conversion: AEDAT4 -> EVT3 -> NPY -> AEDAT4 keeps every event of the tonic sample") {
  const auto path = shared_file("events/tonic/sample.aedat4");
  if (!path) return;
  const DecodedFile original = decode_file(*path);
  ScratchDir dir;
  write_events(dir / "a.raw", io::EventFormat::evt3, original);
  const DecodedFile evt3 = decode_file(dir / "a.raw");
  write_events(dir / "b.npy", io::EventFormat::npy, evt3);
  const DecodedFile npy = decode_file(dir / "b.npy");
  write_events(dir / "c.aedat4", io::EventFormat::aedat4, DecodedFile{original.info, npy.events, {}});
  const DecodedFile back = decode_file(dir / "c.aedat4");
  CHECK(evt3.events.size() == original.events.size());
  CHECK(back.events == original.events);
}

}  // namespace
}  // namespace reef::test
