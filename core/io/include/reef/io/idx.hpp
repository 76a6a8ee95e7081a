// IDX files (the MNIST / Fashion-MNIST format: big-endian magic, dimensions, then data), plain or gzip-compressed,
// read into float arrays for training. Bad files raise FormatError with the byte offset of the problem (offsets of a
// gzip file count bytes of its decompressed contents, and the message says so).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

namespace reef::io {

// The element type code of the magic number's third byte.
enum class IdxType : std::uint8_t { u8 = 0x08, i8 = 0x09, i16 = 0x0B, i32 = 0x0C, f32 = 0x0D, f64 = 0x0E };

std::string_view to_string(IdxType type);  // "uint8", "int8", "int16", "int32", "float32", "float64"

struct IdxArray {
  std::vector<std::size_t> shape;  // C order, as the header lists the dimensions
  IdxType type = IdxType::u8;
  // Converted to float, C order. Integer types are exact up to 2^24 (every uint8/int8/int16 value); int32 and
  // float64 values beyond float's precision are rounded to the nearest float.
  std::vector<float> values;
};

// Reads `path`; gzip is recognised by its magic bytes (1f 8b), whatever the file's name. Throws FormatError for a
// bad magic number or type code, a zero-dimensional header, truncated or extra data, or a corrupt gzip stream;
// reef::Error when the file cannot be opened or read.
IdxArray read_idx(const std::filesystem::path& path);

}  // namespace reef::io
