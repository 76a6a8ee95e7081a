// IDX reader: hand-built big-endian files of every element type decode to the values written, gzip files decode
// like their plain bytes, damaged files fail with the byte offset of the damage, and the Fashion-MNIST test set
// Debian ships has the documented shape and 1000 images per class.
#include <doctest/doctest.h>

#include <array>
#include <cstdlib>
#include <string>
#include <vector>

#include "io_test_support.hpp"
#include "reef/core/error.hpp"
#include "reef/io/idx.hpp"

namespace reef::test {
namespace {

std::string be32(std::uint32_t value) {
  return {static_cast<char>(value >> 24), static_cast<char>(value >> 16), static_cast<char>(value >> 8),
          static_cast<char>(value)};
}

// Magic (0, 0, type, dims) and the big-endian dimensions.
std::string idx_header(unsigned char type, std::initializer_list<std::uint32_t> dims) {
  std::string bytes{'\0', '\0', static_cast<char>(type), static_cast<char>(dims.size())};
  for (const std::uint32_t dim : dims) bytes += be32(dim);
  return bytes;
}

std::uint64_t error_offset(const std::filesystem::path& path) {
  try {
    io::read_idx(path);
  } catch (const FormatError& error) {
    return error.offset();
  }
  FAIL("no FormatError");
  return 0;
}

std::filesystem::path gzip_copy(const ScratchDir& dir, const std::string& name) {
  const std::string command = "gzip -c '" + (dir / name).string() + "' > '" + (dir / name).string() + ".gz'";
  REQUIRE(std::system(command.c_str()) == 0);
  return dir / (name + ".gz");
}

TEST_CASE("idx: a uint8 image stack decodes to its shape and values in C order") {
  ScratchDir dir;
  write_bytes(dir / "images", idx_header(0x08, {2, 2, 3}) + std::string{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, '\xff'});
  const io::IdxArray array = io::read_idx(dir / "images");
  CHECK(array.type == io::IdxType::u8);
  CHECK(array.shape == std::vector<std::size_t>{2, 2, 3});
  CHECK(array.values == std::vector<float>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255});
}

TEST_CASE("idx: signed and wide element types are read big-endian") {
  ScratchDir dir;
  write_bytes(dir / "i8", idx_header(0x09, {2}) + std::string{'\x80', '\x7f'});
  write_bytes(dir / "i16", idx_header(0x0B, {2}) + std::string{'\xff', '\xfe', '\x01', '\x00'});
  write_bytes(dir / "i32", idx_header(0x0C, {1}) + std::string{'\xff', '\xff', '\xff', '\xf6'});
  // 1.5f = 0x3fc00000, -2.25 (double) = 0xc002000000000000
  write_bytes(dir / "f32", idx_header(0x0D, {1}) + std::string{'\x3f', '\xc0', '\0', '\0'});
  write_bytes(dir / "f64", idx_header(0x0E, {1}) + std::string{'\xc0', '\x02', 0, 0, 0, 0, 0, 0});
  CHECK(io::read_idx(dir / "i8").values == std::vector<float>{-128, 127});
  CHECK(io::read_idx(dir / "i16").values == std::vector<float>{-2, 256});
  CHECK(io::read_idx(dir / "i32").values == std::vector<float>{-10});
  CHECK(io::read_idx(dir / "f32").values == std::vector<float>{1.5f});
  CHECK(io::read_idx(dir / "f64").values == std::vector<float>{-2.25f});
  CHECK(io::read_idx(dir / "f64").type == io::IdxType::f64);
}

TEST_CASE("idx: a gzip file decodes exactly like its plain contents, whatever its name") {
  ScratchDir dir;
  std::string data;
  for (int i = 0; i < 3000; ++i) data += static_cast<char>(i * 7);
  write_bytes(dir / "labels", idx_header(0x08, {3000}) + data);
  const auto gz = gzip_copy(dir, "labels");
  const io::IdxArray plain = io::read_idx(dir / "labels");
  const io::IdxArray packed = io::read_idx(gz);
  CHECK(packed.shape == plain.shape);
  CHECK(packed.values == plain.values);
  std::filesystem::copy_file(gz, dir / "renamed.idx");
  CHECK(io::read_idx(dir / "renamed.idx").values == plain.values);
}

TEST_CASE("idx: damaged headers fail at the offset of the bad byte") {
  ScratchDir dir;
  write_bytes(dir / "magic", std::string{'\x1f', '\0', '\x08', '\x01'} + be32(1) + "x");
  write_bytes(dir / "type", idx_header(0x0A, {1}) + "x");
  write_bytes(dir / "dims0", idx_header(0x08, {}));
  write_bytes(dir / "short_magic", std::string{'\0', '\0'});
  write_bytes(dir / "short_dims", idx_header(0x08, {3, 4}).substr(0, 10));
  CHECK(error_offset(dir / "magic") == 0);
  CHECK(error_offset(dir / "type") == 2);
  CHECK(error_offset(dir / "dims0") == 3);
  CHECK(error_offset(dir / "short_magic") == 2);
  CHECK(error_offset(dir / "short_dims") == 10);
}

TEST_CASE("idx: truncated and over-long data fail where the data stops fitting the header's shape") {
  ScratchDir dir;
  write_bytes(dir / "short", idx_header(0x0B, {2, 3}) + std::string(11, '\x01'));   // 6 int16 need 12 bytes
  write_bytes(dir / "long", idx_header(0x08, {4}) + std::string(5, '\x01'));
  write_bytes(dir / "huge", idx_header(0x0E, {0xffffffff, 0xffffffff, 0xffffffff}) + "x");
  CHECK(error_offset(dir / "short") == 12 + 11);
  CHECK(error_offset(dir / "long") == 12);
  CHECK(error_offset(dir / "huge") == 4);
  try {
    io::read_idx(dir / "short");
  } catch (const FormatError& error) {
    CHECK(std::string(error.what()).find("after 5 of the 6 int16 elements") != std::string::npos);
  }
}

TEST_CASE("idx: a truncated or corrupt gzip stream fails with a decompressed offset, never a partial array") {
  ScratchDir dir;
  std::string data;
  for (int i = 0; i < 100000; ++i) data += static_cast<char>((i * 131) ^ (i >> 3));
  write_bytes(dir / "big", idx_header(0x08, {100000}) + data);
  const std::string packed = read_bytes(gzip_copy(dir, "big"));
  write_bytes(dir / "cut.gz", packed.substr(0, packed.size() / 2));
  std::string corrupt = packed;
  for (std::size_t i = packed.size() / 3; i < packed.size() / 3 + 64; ++i) corrupt[i] = static_cast<char>(~corrupt[i]);
  write_bytes(dir / "corrupt.gz", corrupt);
  CHECK_THROWS_AS(io::read_idx(dir / "cut.gz"), FormatError);
  CHECK_THROWS_AS(io::read_idx(dir / "corrupt.gz"), FormatError);
  try {
    io::read_idx(dir / "cut.gz");
  } catch (const FormatError& error) {
    CHECK(error.offset() > 8);
    CHECK(error.offset() < 100008);
    CHECK(std::string(error.what()).find("decompressed") != std::string::npos);
  }
}

TEST_CASE("idx: a missing file is a reef error naming it") {
  ScratchDir dir;
  CHECK_THROWS_WITH_AS(io::read_idx(dir / "absent.idx"), doctest::Contains("absent.idx"), Error);
}

TEST_CASE("idx: the Fashion-MNIST test set from Debian has 10000 28x28 images and 1000 of each of 10 classes") {
  const std::filesystem::path folder = "/usr/share/datasets/fashion-mnist";
  if (!std::filesystem::exists(folder / "t10k-labels-idx1-ubyte.gz")) {
    MESSAGE("skipped: " << folder.string() << " is not present (install dataset-fashion-mnist)");
    return;
  }
  const io::IdxArray images = io::read_idx(folder / "t10k-images-idx3-ubyte.gz");
  const io::IdxArray labels = io::read_idx(folder / "t10k-labels-idx1-ubyte.gz");
  CHECK(images.shape == std::vector<std::size_t>{10000, 28, 28});
  CHECK(labels.shape == std::vector<std::size_t>{10000});
  std::array<int, 10> per_class{};
  for (const float label : labels.values) {
    REQUIRE(label >= 0);
    REQUIRE(label <= 9);
    ++per_class[static_cast<std::size_t>(label)];
  }
  for (const int count : per_class) CHECK(count == 1000);
  float low = 255;
  float high = 0;
  for (const float value : images.values) {
    low = std::min(low, value);
    high = std::max(high, value);
  }
  CHECK(low == 0);
  CHECK(high == 255);
}

}  // namespace
}  // namespace reef::test
