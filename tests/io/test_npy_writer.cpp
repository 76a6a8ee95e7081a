// NPY writing: round trips through the reader, byte-for-byte agreement with numpy's own files, the version 2.0
// fallback for huge headers, and atomic replacement that leaves nothing behind on failure.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "io/io_test_support.hpp"
#include "reef/core/error.hpp"
#include "reef/io/npy.hpp"

namespace {

using reef::io::read_npy;
using reef::io::write_npy;
using Shape = std::vector<std::size_t>;

}  // namespace

TEST_CASE("round_trips_float64_arrays_of_any_shape") {
  reef::test::ScratchDir scratch;
  for (const Shape& shape : {Shape{}, Shape{0}, Shape{5}, Shape{2, 3}, Shape{2, 0, 3}, Shape{2, 3, 4}}) {
    std::size_t count = 1;
    for (const std::size_t dim : shape) count *= dim;
    std::vector<double> values;
    for (std::size_t i = 0; i < count; ++i) values.push_back(static_cast<double>(i) * 0.25 - 1.0);
    if (count >= 3) {
      values[0] = std::numeric_limits<double>::infinity();
      values[1] = 0.1;
      values[2] = -std::numeric_limits<double>::denorm_min();
    }
    CAPTURE(shape.size());
    CAPTURE(count);
    write_npy(scratch / "a.npy", shape, std::span<const double>(values));
    const reef::io::NpyArray array = read_npy(scratch / "a.npy");
    CHECK(array.shape == shape);
    CHECK(array.dtype == "<f8");
    CHECK(array.values == values);
  }
}

TEST_CASE("round_trips_int64_arrays_exactly_up_to_2_to_the_53") {
  reef::test::ScratchDir scratch;
  const std::vector<std::int64_t> values = {-(std::int64_t{1} << 53), -1, 0, 1, std::int64_t{1} << 53};
  const Shape shape = {5, 1};
  write_npy(scratch / "i.npy", shape, std::span<const std::int64_t>(values));
  const reef::io::NpyArray array = read_npy(scratch / "i.npy");
  CHECK(array.dtype == "<i8");
  CHECK(array.shape == shape);
  CHECK(array.values == std::vector<double>{-9007199254740992.0, -1, 0, 1, 9007199254740992.0});
}

TEST_CASE("writes_the_same_bytes_as_numpy") {
  reef::test::ScratchDir scratch;
  const std::vector<double> grid = {-1.0, -0.5, 0.0, 0.5, 1.0, 1.5};
  write_npy(scratch / "f8.npy", Shape{2, 3}, std::span<const double>(grid));
  CHECK(reef::test::read_bytes(scratch / "f8.npy") == reef::test::read_bytes(reef::test::npy_golden("f8_c_2x3.npy")));

  const std::vector<std::int64_t> integers = {-5, 0, 7, std::int64_t{1} << 53};
  write_npy(scratch / "i8.npy", Shape{4}, std::span<const std::int64_t>(integers));
  CHECK(reef::test::read_bytes(scratch / "i8.npy") == reef::test::read_bytes(reef::test::npy_golden("i8_c_4.npy")));
}

TEST_CASE("writes_a_version_2_header_when_the_shape_does_not_fit_version_1") {
  reef::test::ScratchDir scratch;
  const Shape shape(30000, 1);
  const std::vector<double> value = {2.5};
  write_npy(scratch / "wide.npy", shape, std::span<const double>(value));
  const std::string bytes = reef::test::read_bytes(scratch / "wide.npy");
  CHECK(bytes[6] == 2);
  CHECK((bytes.size() - 8) % 64 == 0);  // preamble and header fill whole 64-byte blocks; 8 data bytes follow
  const reef::io::NpyArray array = read_npy(scratch / "wide.npy");
  CHECK(array.shape == shape);
  CHECK(array.values == value);
}

TEST_CASE("replaces_an_existing_file_and_leaves_no_temporary_behind") {
  reef::test::ScratchDir scratch;
  const std::vector<double> first = {1.0};
  const std::vector<double> second = {2.0, 3.0};
  write_npy(scratch / "a.npy", Shape{1}, std::span<const double>(first));
  write_npy(scratch / "a.npy", Shape{2}, std::span<const double>(second));
  CHECK(read_npy(scratch / "a.npy").values == second);
  CHECK(scratch.entries() == std::set<std::string>{"a.npy"});
}

TEST_CASE("fails_without_creating_anything_when_the_folder_does_not_exist") {
  reef::test::ScratchDir scratch;
  const std::vector<double> value = {1.0};
  const auto target = scratch / "missing" / "a.npy";
  try {
    write_npy(target, Shape{1}, std::span<const double>(value));
    FAIL("writing into a missing folder succeeded");
  } catch (const reef::Error& error) {
    CHECK(std::string(error.what()).find(target.string()) != std::string::npos);
    CHECK(std::string(error.what()).find("does not exist") != std::string::npos);
  }
  CHECK(scratch.entries().empty());
}

TEST_CASE("a_write_that_cannot_be_moved_into_place_leaves_no_temporary_and_keeps_what_was_there") {
  reef::test::ScratchDir scratch;
  std::filesystem::create_directory(scratch / "taken.npy");
  reef::test::write_bytes(scratch / "taken.npy" / "keep.txt", "precious");
  const std::vector<double> value = {1.0};
  CHECK_THROWS_AS(write_npy(scratch / "taken.npy", Shape{1}, std::span<const double>(value)), reef::Error);
  CHECK(scratch.entries() == std::set<std::string>{"taken.npy"});
  CHECK(reef::test::read_bytes(scratch / "taken.npy" / "keep.txt") == "precious");
}
