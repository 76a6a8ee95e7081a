// Training checkpoint files: named integers, texts and float arrays in one little-endian binary file with a
// checksum (layout in docs/train.md "Checkpoint files"). Written atomically, so an interrupted write never leaves a
// half-written checkpoint; reading checks every length and the checksum, failing with FormatError at the byte offset.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace reef::io {

struct CheckpointArray {
  std::string name;
  std::vector<std::size_t> shape;
  std::vector<float> values;  // element count of shape
};

struct Checkpoint {
  std::map<std::string, std::uint64_t> integers;
  std::map<std::string, std::string> texts;
  std::vector<CheckpointArray> arrays;  // kept in order
};

// Throws reef::Error when the file cannot be written (nothing is left behind), ValidationError when an array's
// values do not fill its shape.
void write_checkpoint(const std::filesystem::path& path, const Checkpoint& checkpoint);
Checkpoint read_checkpoint(const std::filesystem::path& path);

}  // namespace reef::io
