// Spike files: CSV and NPY inputs become sorted trains per channel, and every bad row or element is reported with
// its line and column (CSV) or byte offset (NPY).
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "io/io_test_support.hpp"
#include "reef/core/error.hpp"
#include "reef/io/npy.hpp"
#include "reef/io/spike_file.hpp"

namespace {

using reef::core::Time;
using reef::io::read_spike_file;
using Trains = std::vector<std::vector<Time>>;

Time ms(std::int64_t value) { return Time::from_ns(value * 1'000'000); }

std::vector<std::vector<Time>> read_csv_text(const std::string& text, std::size_t channels) {
  reef::test::ScratchDir scratch;
  reef::test::write_bytes(scratch / "spikes.csv", text);
  return read_spike_file(scratch / "spikes.csv", channels);
}

std::uint64_t data_start(const std::filesystem::path& path) {
  return reef::test::npy_data_start(reef::test::read_bytes(path));
}

// Writes `values` as an (n, 2) '<f8' array and returns the error reading it raises, with its offset made relative to
// the start of the array data.
std::pair<reef::FormatError, std::uint64_t> npy_error_of(const std::vector<double>& values, std::size_t channels) {
  reef::test::ScratchDir scratch;
  const auto path = scratch / "spikes.npy";
  const std::size_t shape[] = {values.size() / 2, 2};
  reef::io::write_npy(path, shape, std::span<const double>(values));
  std::optional<reef::FormatError> caught;
  try {
    read_spike_file(path, channels);
  } catch (const reef::FormatError& error) {
    caught = error;
  }
  REQUIRE_MESSAGE(caught.has_value(), "no FormatError");
  CHECK(caught->file() == path.string());
  return {*caught, caught->offset() - data_start(path)};
}

}  // namespace

TEST_CASE("reads_csv_spike_files_into_sorted_trains_per_channel") {
  const Trains trains = read_csv_text("# input for the demo\n t , channel \n0.3,1\n\n0.1,0\n  0.2 , 1\r\n0.1,1\n", 3);
  CHECK(trains == Trains{{ms(100)}, {ms(100), ms(200), ms(300)}, {}});
}

TEST_CASE("accepts_time_and_t_s_headers_in_either_column_order") {
  for (const std::string header : {"time,channel", "t_s,channel", "channel,t", "\xEF\xBB\xBFt,channel"}) {
    CAPTURE(header);
    const bool channel_first = header.starts_with("channel");
    const Trains trains = read_csv_text(header + "\n" + (channel_first ? "1,0.25\n" : "0.25,1\n"), 2);
    CHECK(trains == Trains{{}, {ms(250)}});
  }
}

TEST_CASE("reads_numpy_spike_arrays_of_any_numeric_dtype_and_order") {
  const Trains floats = read_spike_file(reef::test::npy_golden("spikes_f8.npy"), 2);
  CHECK(floats == Trains{{ms(100)}, {ms(100), ms(200), ms(300)}});
  const Trains shorts = read_spike_file(reef::test::npy_golden("spikes_i2_fortran.npy"), 3);
  CHECK(shorts == Trains{{ms(1000)}, {}, {ms(3000)}});
}

TEST_CASE("reports_each_bad_csv_row_with_its_line_and_column") {
  struct Case {
    std::string text;
    int line;
    int column;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"t,channel\n0.1,0\nabc,1\n", 3, 1, "expected a time in seconds, found 'abc'"},
      {"t,channel\n0.1\n", 2, 4, "expected 2 columns"},
      {"t,channel\n0.1,0,5\n", 2, 7, "found 3"},
      {"t,channel\n-0.5,0\n", 2, 1, "expected a time >= 0 s, found '-0.5'"},
      {"t,channel\nnan,0\n", 2, 1, "not NaN"},
      {"t,channel\n1e10,0\n", 2, 1, "expected a time below"},
      {"t,channel\n0.1, 1.5\n", 2, 6, "expected an integer channel in [0, 3), found '1.5'"},
      {"t,channel\n0.1,7\n", 2, 5, "[0, 3), found '7'"},
      {"t,channel\n0.1,\n", 2, 5, "expected an integer channel"},
      {"t,channel\n0.1,x\n", 2, 5, "found 'x'"},
      {"time;channel\n0.1;0\n", 1, 1, "expected the header `t,channel`"},
      {"# only a comment\n\n0.1,0\n", 3, 1, "expected the header"},
      {"", 1, 1, "found no rows"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    reef::test::ScratchDir scratch;
    const auto path = scratch / "spikes.csv";
    reef::test::write_bytes(path, c.text);
    try {
      read_spike_file(path, 3);
      FAIL("no error");
    } catch (const reef::ConfigError& error) {
      CHECK(error.file() == path.string());
      CHECK(error.line() == c.line);
      CHECK(error.column() == c.column);
      CHECK(std::string(error.what()).find(c.message) != std::string::npos);
    }
  }
}

TEST_CASE("accepts_integral_channels_written_as_floats") {
  CHECK(read_csv_text("t,channel\n0.5,1.0\n1,2e0\n", 3) == Trains{{}, {ms(500)}, {ms(1000)}});
}

TEST_CASE("reports_bad_npy_spike_elements_with_their_byte_offset") {
  const auto [negative, negative_offset] = npy_error_of({0.1, 0, -1.0, 1}, 2);
  CHECK(negative_offset == 2 * 8);
  CHECK(std::string(negative.what()).find("row 1: expected a time >= 0 s, found -1") != std::string::npos);

  const auto [fraction, fraction_offset] = npy_error_of({0.1, 0.5}, 2);
  CHECK(fraction_offset == 8);
  CHECK(std::string(fraction.what()).find("integer channel in [0, 2), found 0.5") != std::string::npos);

  CHECK(npy_error_of({0.1, 0, 0.2, 2}, 2).second == 3 * 8);
  CHECK(npy_error_of({0.1, 0, std::nan(""), 1}, 2).second == 2 * 8);
}

TEST_CASE("reports_the_byte_offset_of_a_bad_element_in_fortran_order_files") {
  reef::test::ScratchDir scratch;
  const auto path = scratch / "spikes.npy";
  // Rows [0.1, 0] and [0.2, 5] stored column by column: 0.1, 0.2, 0, 5.
  reef::test::write_bytes(path, reef::test::npy_bytes("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }",
                                                      reef::test::f8_bytes({0.1, 0.2, 0.0, 5.0})));
  try {
    read_spike_file(path, 3);
    FAIL("no error");
  } catch (const reef::FormatError& error) {
    CHECK(error.offset() == data_start(path) + 3 * 8);
    CHECK(std::string(error.what()).find("row 1:") != std::string::npos);
  }
}

TEST_CASE("rejects_npy_spike_arrays_that_are_not_n_by_2") {
  reef::test::ScratchDir scratch;
  const auto path = scratch / "spikes.npy";
  const std::vector<double> values = {0.1, 0.2, 0.3};
  const std::size_t shape[] = {3};
  reef::io::write_npy(path, shape, std::span<const double>(values));
  const std::string bytes = reef::test::read_bytes(path);
  try {
    read_spike_file(path, 3);
    FAIL("no error");
  } catch (const reef::FormatError& error) {
    CHECK(error.offset() == bytes.find("(3,)"));
    CHECK(std::string(error.what()).find("expected an array of shape (n, 2)") != std::string::npos);
  }
}

TEST_CASE("names_the_path_of_a_spike_file_that_cannot_be_opened") {
  reef::test::ScratchDir scratch;
  const auto missing = scratch / "nowhere.csv";
  try {
    read_spike_file(missing, 1);
    FAIL("no error");
  } catch (const reef::Error& error) {
    CHECK(std::string(error.what()).find(missing.string()) != std::string::npos);
    CHECK(std::string(error.what()).find("No such file or directory") != std::string::npos);
  }
}
