// Helpers shared by the reef_io tests: a scratch folder that is removed afterwards, raw file access, golden paths,
// and hand-built NPY bytes for malformed-file cases.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include "scratch_dir.hpp"
#include "text_helpers.hpp"  // read_bytes

namespace reef::test {

inline void write_bytes(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::filesystem::path npy_golden(const std::string& name) {
  return std::filesystem::path(REEF_TEST_DATA_DIR) / "npy" / name;
}

// A format 1.0 NPY file with `header` as its dictionary text (padded as numpy pads it) followed by `data`.
inline std::string npy_bytes(std::string header, std::string_view data) {
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string bytes("\x93NUMPY\x01\x00", 8);
  bytes += static_cast<char>(header.size() & 0xff);
  bytes += static_cast<char>(header.size() >> 8);
  return bytes + header + std::string(data);
}

// Where the data of an NPY file starts: after the newline that ends its header (for headers without newlines).
inline std::uint64_t npy_data_start(std::string_view bytes) { return bytes.find('\n') + 1; }

// The little-endian bytes of doubles, as NPY '<f8' data.
inline std::string f8_bytes(std::initializer_list<double> values) {
  std::string bytes;
  for (const double value : values) bytes.append(reinterpret_cast<const char*>(&value), sizeof value);
  return bytes;
}

}  // namespace reef::test
