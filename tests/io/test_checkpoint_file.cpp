// Checkpoint files: integers, texts and float arrays round-trip exactly; a truncated file, a flipped byte and a file
// of another kind fail with FormatError at a byte offset; a failed write leaves nothing behind.
#include <doctest/doctest.h>

#include <limits>
#include <string>

#include "io_test_support.hpp"
#include "reef/core/error.hpp"
#include "reef/io/checkpoint.hpp"

namespace reef::test {
namespace {

io::Checkpoint sample() {
  io::Checkpoint checkpoint;
  checkpoint.integers["epoch"] = 3;
  checkpoint.integers["big"] = std::numeric_limits<std::uint64_t>::max();
  checkpoint.texts["kind"] = "test";
  checkpoint.arrays.push_back({"w", {2, 3}, {1.5f, -0.0f, 3e-39f, 4, 5, std::numeric_limits<float>::max()}});
  checkpoint.arrays.push_back({"empty", {0}, {}});
  return checkpoint;
}

TEST_CASE("checkpoint: integers, texts and float arrays read back exactly as written") {
  ScratchDir dir;
  io::write_checkpoint(dir / "a.ckpt", sample());
  const io::Checkpoint back = io::read_checkpoint(dir / "a.ckpt");
  CHECK(back.integers == sample().integers);
  CHECK(back.texts == sample().texts);
  REQUIRE(back.arrays.size() == 2);
  CHECK(back.arrays[0].name == "w");
  CHECK(back.arrays[0].shape == std::vector<std::size_t>{2, 3});
  CHECK(back.arrays[0].values == sample().arrays[0].values);
  CHECK(back.arrays[1].values.empty());
  CHECK(dir.entries() == std::set<std::string>{"a.ckpt"});
}

TEST_CASE("checkpoint: a truncated file fails at its end, a changed byte at the checksum") {
  ScratchDir dir;
  io::write_checkpoint(dir / "a.ckpt", sample());
  const std::string bytes = read_bytes(dir / "a.ckpt");
  write_bytes(dir / "cut.ckpt", bytes.substr(0, bytes.size() - 20));
  try {
    io::read_checkpoint(dir / "cut.ckpt");
    FAIL("no error");
  } catch (const FormatError& error) {
    CHECK(error.offset() == bytes.size() - 20);
  }
  std::string flipped = bytes;
  const std::size_t value = bytes.find(std::string("\x00\x00\xc0\x3f", 4));  // 1.5f, the first value of "w"
  REQUIRE(value != std::string::npos);
  flipped[value] ^= 0x01;
  write_bytes(dir / "flip.ckpt", flipped);
  try {
    io::read_checkpoint(dir / "flip.ckpt");
    FAIL("no error");
  } catch (const FormatError& error) {
    CHECK(error.offset() == bytes.size() - 8);
    CHECK(std::string(error.what()).find("checksum") != std::string::npos);
  }
  write_bytes(dir / "other.ckpt", "\x89HDF\r\n\x1a\n and more");
  CHECK_THROWS_WITH_AS(io::read_checkpoint(dir / "other.ckpt"), doctest::Contains("not a reef checkpoint"),
                       FormatError);
}

TEST_CASE("checkpoint: an array whose values do not fill its shape is refused before anything is written") {
  ScratchDir dir;
  io::Checkpoint bad;
  bad.arrays.push_back({"w", {2, 2}, {1, 2, 3}});
  CHECK_THROWS_AS(io::write_checkpoint(dir / "bad.ckpt", bad), ValidationError);
  CHECK(dir.entries().empty());
}

}  // namespace
}  // namespace reef::test
