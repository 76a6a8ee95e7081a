// SHD/SSC HDF5: a sample selected by index decodes to the spikes numpy computes from the same float16 file
// (tests/data/shd/make_shd_sample.py writes both), with its label; the writer round-trips losslessly; a missing
// sample is a usage error and a non-HDF5 file a format error.
#include <doctest/doctest.h>

#include "event_test_support.hpp"

namespace reef::test {
namespace {

std::filesystem::path shd_data(const std::string& name) {
  return std::filesystem::path(REEF_TEST_DATA_DIR) / "shd" / name;
}

TEST_CASE("shd: sample 1 decodes to the spikes numpy computes, as a 700-channel stream with its label") {
  io::EventReadOptions options;
  options.sample = 1;
  const DecodedFile file = decode_file(shd_data("shd_sample.h5"), options);
  const DecodedFile expected = decode_file(shd_data("shd_sample_1.csv"));
  CHECK(io::detect_event_format(shd_data("shd_sample.h5")) == io::EventFormat::shd_hdf5);
  CHECK(file.events.size() == 40);
  CHECK(file.events == expected.events);
  CHECK(file.info.channel_stream);
  CHECK(file.info.width == 700);
  CHECK(file.info.height == 1);
  CHECK(file.info.properties.at("label") == "17");
  CHECK(file.report.total_violations == 0);
}

TEST_CASE("shd: the default is sample 0, an empty sample has no events, a missing sample is a usage error") {
  CHECK(decode_file(shd_data("shd_sample.h5")).events.size() == 5);
  io::EventReadOptions options;
  options.sample = 2;
  CHECK(decode_file(shd_data("shd_sample.h5"), options).events.empty());
  options.sample = 3;
  CHECK_THROWS_AS(decode_file(shd_data("shd_sample.h5"), options), UsageError);
}

TEST_CASE("shd: writing a sample and reading it back keeps every spike and the label") {
  io::EventReadOptions options;
  options.sample = 1;
  const DecodedFile original = decode_file(shd_data("shd_sample.h5"), options);
  ScratchDir dir;
  auto sink = io::create_event_file(dir / "copy.h5", io::EventFormat::shd_hdf5, original.info);
  sink->write(original.events);
  const std::vector<core::Event> odd{{core::Time::from_ns(1999999999), 699, 0, 1}};
  sink->write(odd);
  sink->close();
  const DecodedFile back = decode_file(dir / "copy.h5");
  std::vector<core::Event> expected = original.events;
  expected.push_back(odd[0]);
  CHECK(back.events == expected);
  CHECK(back.info.properties.at("label") == "17");
}

TEST_CASE("shd: a file that is not HDF5, and pixel events, are refused with reef errors") {
  ScratchDir dir;
  write_bytes(dir / "bad.h5", "\x89HDF\r\n\x1a\nnot really");
  io::EventReadOptions options;
  options.format = io::EventFormat::shd_hdf5;
  CHECK_THROWS_AS(decode_file(dir / "bad.h5", options), FormatError);
  auto sink = io::create_event_file(dir / "pixels.h5", io::EventFormat::shd_hdf5, {});
  const core::Event pixel{core::Time::from_ns(0), 1, 2, 1};
  CHECK_THROWS_AS(sink->write(std::span(&pixel, 1)), Error);
}

}  // namespace
}  // namespace reef::test
