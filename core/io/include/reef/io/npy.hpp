// NumPy .npy files (format versions 1.0, 2.0, 3.0): numeric arrays of any shape, read into doubles, and writing.
// Bad files raise FormatError with the byte offset of the problem.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace reef::io {

struct NpyArray {
  std::vector<std::size_t> shape;  // C order; a 0-d array has an empty shape
  std::string dtype;               // the descr as stored, e.g. "<f8", "|u1"
  std::vector<double> values;      // converted to double, in C order whatever the file's order
  std::size_t element_count() const;
};

// Reads a numeric (bool, int8..int64, uint8..uint64, float16/32/64) array of either byte order or memory order.
NpyArray read_npy(const std::filesystem::path& path);

// Writes atomically (temporary file, then rename): nothing half-written is left on failure.
void write_npy(const std::filesystem::path& path, std::span<const std::size_t> shape, std::span<const double> values);
void write_npy(const std::filesystem::path& path, std::span<const std::size_t> shape,
               std::span<const std::int64_t> values);

}  // namespace reef::io
