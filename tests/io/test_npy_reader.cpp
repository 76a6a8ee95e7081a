// NPY reading: golden files written by numpy (tests/data/npy/make_npy_goldens.py) in every supported dtype, byte
// order, memory order and format version, and malformed files whose errors must name the offending byte.
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "io/io_test_support.hpp"
#include "reef/core/error.hpp"
#include "reef/io/npy.hpp"

namespace {

using reef::io::NpyArray;
using reef::io::read_npy;
using reef::test::npy_bytes;
using reef::test::npy_golden;

constexpr double kInf = std::numeric_limits<double>::infinity();

// Equal element by element, NaN equal to NaN and -0.0 distinct from 0.0.
void check_values(const std::vector<double>& actual, const std::vector<double>& expected) {
  REQUIRE(actual.size() == expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) {
    CAPTURE(i);
    if (std::isnan(expected[i])) {
      CHECK(std::isnan(actual[i]));
    } else {
      CHECK(actual[i] == expected[i]);
      CHECK(std::signbit(actual[i]) == std::signbit(expected[i]));
    }
  }
}

// The FormatError that reading `bytes` raises.
reef::FormatError format_error_of(const std::string& bytes) {
  reef::test::ScratchDir scratch;
  const auto path = scratch / "bad.npy";
  reef::test::write_bytes(path, bytes);
  std::optional<reef::FormatError> caught;
  try {
    read_npy(path);
  } catch (const reef::FormatError& error) {
    caught = error;
  }
  REQUIRE_MESSAGE(caught.has_value(), "no FormatError for a malformed file");
  CHECK(caught->file() == path.string());
  return *caught;
}

const std::string kTwoDoubles = reef::test::f8_bytes({1.0, 2.0});

}  // namespace

TEST_CASE("reads_c_order_float64_arrays") {
  const NpyArray array = read_npy(npy_golden("f8_c_2x3.npy"));
  CHECK(array.shape == std::vector<std::size_t>{2, 3});
  CHECK(array.dtype == "<f8");
  CHECK(array.element_count() == 6);
  check_values(array.values, {-1.0, -0.5, 0.0, 0.5, 1.0, 1.5});
}

TEST_CASE("reads_fortran_order_arrays_in_c_order") {
  const NpyArray array = read_npy(npy_golden("f8_fortran_2x3.npy"));
  CHECK(array.shape == std::vector<std::size_t>{2, 3});
  check_values(array.values, {-1.0, -0.5, 0.0, 0.5, 1.0, 1.5});
}

TEST_CASE("reads_big_endian_fortran_order_three_dimensional_arrays_in_c_order") {
  const NpyArray array = read_npy(npy_golden("i4_big_fortran_2x3x4.npy"));
  CHECK(array.shape == std::vector<std::size_t>{2, 3, 4});
  CHECK(array.dtype == ">i4");
  std::vector<double> expected;
  for (int i = 0; i < 24; ++i) expected.push_back(i - 12);
  check_values(array.values, expected);
}

TEST_CASE("reads_every_integer_dtype_in_both_byte_orders") {
  struct Case {
    const char* code;
    std::vector<double> values;
  };
  const std::vector<Case> cases = {
      {"i1", {-128, -1, 0, 1, 127}},
      {"i2", {-32768, -1, 0, 1, 32767}},
      {"i4", {-2147483648.0, -1, 0, 1, 2147483647.0}},
      {"i8", {-9223372036854775808.0, -1, 0, 1, 9007199254740992.0}},
      {"u1", {0, 1, 2, 200, 255}},
      {"u2", {0, 1, 2, 200, 65535}},
      {"u4", {0, 1, 2, 200, 4294967295.0}},
      {"u8", {0, 1, 2, 200, 9223372036854775808.0}},
  };
  for (const Case& c : cases) {
    for (const std::string order : {"little", "big"}) {
      const std::string code = c.code;
      if (code.ends_with('1') && order == "big") continue;
      CAPTURE(code);
      CAPTURE(order);
      const NpyArray array = read_npy(npy_golden("dtype_" + code + "_" + order + ".npy"));
      CHECK(array.dtype == (code.ends_with('1') ? "|" : order == "little" ? "<" : ">") + code);
      CHECK(array.shape == std::vector<std::size_t>{5});
      check_values(array.values, c.values);
    }
  }
}

TEST_CASE("reads_half_single_and_double_floats_in_both_byte_orders") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<std::pair<std::string, std::vector<double>>> cases = {
      {"f2", {0.5, -2.0, 65504.0, std::ldexp(1.0, -24), kInf, nan}},
      {"f4", {static_cast<double>(0.1f), static_cast<double>(-1e30f), std::ldexp(1.0, -149), -kInf, 0.0, nan}},
      {"f8", {0.1, -1e300, std::numeric_limits<double>::denorm_min(), kInf, -0.0, nan}},
  };
  for (const auto& test_case : cases) {  // no structured bindings: CAPTURE's lambda cannot capture them in clang 14
    const std::string& code = test_case.first;
    const std::vector<double>& values = test_case.second;
    for (const std::string order : {"little", "big"}) {
      CAPTURE(code);
      CAPTURE(order);
      const NpyArray array = read_npy(npy_golden("dtype_" + code + "_" + order + ".npy"));
      check_values(array.values, values);
    }
  }
}

TEST_CASE("reads_bool_arrays_as_zero_and_one") {
  const NpyArray array = read_npy(npy_golden("dtype_b1.npy"));
  CHECK(array.dtype == "|b1");
  check_values(array.values, {1.0, 0.0, 1.0});
}

TEST_CASE("reads_zero_dimensional_and_empty_arrays") {
  const NpyArray scalar = read_npy(npy_golden("zero_d_f8.npy"));
  CHECK(scalar.shape.empty());
  CHECK(scalar.element_count() == 1);
  check_values(scalar.values, {3.25});

  const NpyArray empty = read_npy(npy_golden("empty_0x3_f8.npy"));
  CHECK(empty.shape == std::vector<std::size_t>{0, 3});
  CHECK(empty.element_count() == 0);
  CHECK(empty.values.empty());
}

TEST_CASE("reads_format_versions_2_and_3") {
  for (const char* name : {"version2_f8.npy", "version3_f8.npy"}) {
    CAPTURE(name);
    const NpyArray array = read_npy(npy_golden(name));
    CHECK(array.shape == std::vector<std::size_t>{2});
    check_values(array.values, {1.5, 2.5});
  }
}

TEST_CASE("reads_python2_headers_with_long_integer_suffixes") {
  const NpyArray array = read_npy(npy_golden("python2_long_shape_i8.npy"));
  CHECK(array.shape == std::vector<std::size_t>{2, 1});
  check_values(array.values, {4.0, -4.0});
}

TEST_CASE("parses_header_dictionaries_in_any_key_order_quoting_and_spacing") {
  const std::string header = "{ \"shape\" :( 2 , ) ,\n\t'fortran_order':False,  \"descr\": '<f8'}";
  reef::test::ScratchDir scratch;
  reef::test::write_bytes(scratch / "a.npy", npy_bytes(header, kTwoDoubles));
  const NpyArray array = read_npy(scratch / "a.npy");
  CHECK(array.shape == std::vector<std::size_t>{2});
  check_values(array.values, {1.0, 2.0});
}

TEST_CASE("names_the_descr_of_unsupported_dtypes") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"unsupported_c16.npy", "'<c16' (complex numbers)"},
      {"unsupported_unicode.npy", "'<U2' (strings)"},
      {"unsupported_object.npy", "'|O' (Python objects)"},
      {"unsupported_datetime.npy", "'<M8[ns]' (dates and time deltas)"},
      {"unsupported_structured.npy", "[('t', '<f8'), ('channel', '<i4')] (structured records)"},
  };
  for (const auto& test_case : cases) {  // no structured bindings: CAPTURE's lambda cannot capture them in clang 14
    const std::string& name = test_case.first;
    const std::string& shown = test_case.second;
    CAPTURE(name);
    const std::string bytes = reef::test::read_bytes(npy_golden(name));
    const reef::FormatError error = format_error_of(bytes);
    CHECK(std::string(error.what()).find("unsupported dtype " + shown) != std::string::npos);
    CHECK(error.offset() == bytes.find("'descr': ") + 9);
  }
}

TEST_CASE("rejects_files_without_the_npy_magic") {
  const reef::FormatError error = format_error_of("hello, this is text");
  CHECK(error.offset() == 0);
  CHECK(std::string(error.what()).find("not an NPY file") != std::string::npos);
  CHECK(format_error_of("").offset() == 0);
}

TEST_CASE("reports_a_file_that_ends_inside_the_preamble") {
  CHECK(format_error_of(std::string("\x93NUMPY\x01", 7)).offset() == 7);
  CHECK(format_error_of(std::string("\x93NUMPY\x01\x00\x10", 9)).offset() == 9);
  CHECK(format_error_of(std::string("\x93NUM", 4)).offset() == 4);
}

TEST_CASE("rejects_unknown_format_versions") {
  for (const std::string& version :
       {std::string("\x04\x00", 2), std::string("\x01\x01", 2), std::string("\x00\x00", 2)}) {
    std::string bytes = npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", kTwoDoubles);
    bytes.replace(6, 2, version);
    const reef::FormatError error = format_error_of(bytes);
    CHECK(error.offset() == 6);
    CHECK(std::string(error.what()).find("unsupported NPY format version") != std::string::npos);
  }
}

TEST_CASE("reports_a_header_length_past_the_end_of_the_file") {
  std::string bytes = npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", kTwoDoubles);
  bytes[8] = '\xff';
  bytes[9] = '\x7f';
  const reef::FormatError error = format_error_of(bytes);
  CHECK(error.offset() == 8);
  CHECK(std::string(error.what()).find("header length 32767") != std::string::npos);
}

TEST_CASE("reports_header_dictionary_errors_at_the_offending_byte") {
  struct Case {
    std::string header;
    std::string at;       // the text the error must point at (its first occurrence; empty: the header's end)
    std::string message;  // part of the message
  };
  const std::vector<Case> cases = {
      {"{'descr': '<f8' 'fortran_order': False, 'shape': (2,), }", "'fortran_order'", "expected ',' or '}'"},
      {"{'descr': '<f8', 'fortran_order': Maybe, 'shape': (2,), }", "Maybe", "expected a string, integer"},
      {"{'descr': '<f8', 'fortran_order': 0, 'shape': (2,), }", "0,", "must be True or False"},
      {"{'descr': '<f8', 'fortran_order': False, 'shape': (2, -3), }", "-3", "non-negative integers"},
      {"{'descr': '<f8', 'fortran_order': False, 'shape': [2], }", "[2]", "must be a tuple"},
      {"{'descr': '<f8', 'fortran_order': False, 'shape': (2), }", "(2)", "must be a tuple"},
      {"{'descr': '<f8', 'fortran_order': False, 'shape': (2.5,), }", "2.5", "expected an integer"},
      {"{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }", "999", "integer too large"},
      {"{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'extra': 1}", "'extra'", "unexpected key 'extra'"},
      {"{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2,)}", "'descr': '<f8', 'f",
       "duplicate key 'descr'"},
      {"{'descr': '<f8', 'fortran_order': False}", "{", "missing key 'shape'"},
      {"{1: '<f8', 'fortran_order': False, 'shape': (2,)}", "1:", "expected a string key"},
      {"['descr', '<f8']", "[", "expected a dictionary"},
      {"{'descr': '<f8', 'fortran_order': False, 'shape': (2,), } trailing", "trailing", "end of the header"},
      {"{'descr': '<f8\n', 'fortran_order': False, 'shape': (2,), }", "'<f8", "string is not closed"},
      {"{'descr': '<f8', 'fortran_order': False, 'shape': (2,) ", "", "expected ',' or '}'"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.header);
    const std::string bytes = npy_bytes(c.header, kTwoDoubles);
    const reef::FormatError error = format_error_of(bytes);
    CHECK(std::string(error.what()).find(c.message) != std::string::npos);
    // An empty `at`: the error is at the end of the padded header, where the data starts.
    CHECK(error.offset() == (c.at.empty() ? reef::test::npy_data_start(bytes) : 10 + c.header.find(c.at)));
  }
}

TEST_CASE("rejects_headers_nested_too_deeply_to_be_numpy_headers") {
  const std::string header = "{'descr': " + std::string(100, '(') + "1" + std::string(100, ')') + "}";
  const reef::FormatError error = format_error_of(npy_bytes(header, kTwoDoubles));
  CHECK(error.offset() == 10 + header.find('(') + 31);
  CHECK(std::string(error.what()).find("nested more than 32 deep") != std::string::npos);
}

TEST_CASE("reports_truncated_data_with_the_offset_where_it_ends_and_the_bytes_expected") {
  const std::string bytes = npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", kTwoDoubles);
  const reef::FormatError error = format_error_of(bytes);
  const std::uint64_t data = reef::test::npy_data_start(bytes);
  CHECK(error.offset() == data + 16);
  CHECK(std::string(error.what()).find("ends after 16 of the 24 bytes") != std::string::npos);
  CHECK(std::string(error.what()).find("from byte " + std::to_string(data)) != std::string::npos);
}

TEST_CASE("rejects_bytes_after_the_array_data") {
  const std::string bytes = npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", kTwoDoubles);
  const reef::FormatError error = format_error_of(bytes);
  CHECK(error.offset() == reef::test::npy_data_start(bytes) + 8);
  CHECK(std::string(error.what()).find("8 unexpected bytes") != std::string::npos);
}

TEST_CASE("rejects_shapes_too_large_to_exist") {
  const std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }";
  const reef::FormatError error = format_error_of(npy_bytes(header, kTwoDoubles));
  CHECK(error.offset() == 10 + header.find("(4294967296"));
  CHECK(std::string(error.what()).find("too large") != std::string::npos);
}

TEST_CASE("names_the_path_and_reason_when_a_file_cannot_be_opened") {
  reef::test::ScratchDir scratch;
  const auto missing = scratch / "missing.npy";
  try {
    read_npy(missing);
    FAIL("no error for a missing file");
  } catch (const reef::FormatError&) {
    FAIL("a missing file is not a format error");
  } catch (const reef::Error& error) {
    CHECK(std::string(error.what()).find(missing.string()) != std::string::npos);
    CHECK(std::string(error.what()).find("No such file or directory") != std::string::npos);
  }
}
