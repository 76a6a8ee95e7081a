// Private pieces of the NPY codec (format: numpy.lib.format, versions 1.0/2.0/3.0): the element types reef reads,
// the parsed header, and a parsed file that can name the byte offset of any element for error messages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "reef/io/npy.hpp"

namespace reef::io {

inline constexpr std::string_view kNpyMagic{"\x93NUMPY", 6};

// One numeric element type: bool, signed/unsigned integers of 1..8 bytes, IEEE floats of 2, 4 or 8 bytes.
struct NpyDtype {
  enum class Kind { boolean, signed_int, unsigned_int, floating };
  Kind kind = Kind::floating;
  std::size_t size = 8;  // bytes per element
  bool big_endian = false;

  double decode(const unsigned char* bytes) const;
  // The exact value of a bool or integer element; unsigned values above INT64_MAX give nullopt.
  std::optional<std::int64_t> decode_integer(const unsigned char* bytes) const;
};

// One named field of a structured record ("[('x', '<i2'), ('t', '<i8'), ...]"); padding fields are left out.
struct NpyField {
  std::string name;
  NpyDtype dtype;
  std::size_t offset = 0;  // byte offset inside the record
};

// Parses a descr such as "<f8", ">i4", "|b1"; returns false for anything reef does not read and sets `why` to a
// short explanation ("complex numbers", "strings", ...).
bool parse_npy_dtype(std::string_view descr, NpyDtype& dtype, std::string& why);

struct NpyHeader {
  std::string descr;
  NpyDtype dtype;
  std::vector<NpyField> fields;  // structured records only (then descr is empty)
  std::size_t record_size = 0;   // structured records only: bytes per record, padding included
  bool fortran_order = false;
  std::vector<std::size_t> shape;
  std::uint64_t shape_offset = 0;  // byte offset of the shape value, for errors about the shape
  std::uint64_t data_offset = 0;   // first byte after the header
};

// Validates the magic, version, header length and header dictionary at the start of `bytes`. Structured records
// (a descr listing (name, type) pairs of bool, integer, float or void-padding types) are accepted only when
// `allow_records`.
NpyHeader parse_npy_header(std::string_view bytes, const std::string& file, bool allow_records = false);

// A shape as Python writes a tuple: "(2, 3)", "(4,)", "()".
std::string npy_shape_text(std::span<const std::size_t> shape);

// The preamble and padded header dictionary of a format 1.0 file (2.0 when the header does not fit 1.0).
std::string encode_npy_header(std::string_view descr, std::span<const std::size_t> shape);

// A decoded file plus what is needed to point at any of its elements.
struct NpyFile {
  NpyArray array;
  std::uint64_t data_offset = 0;
  std::size_t item_size = 0;
  bool fortran_order = false;
  std::uint64_t shape_offset = 0;

  // Byte offset in the file of the element with C-order index `c_index`.
  std::uint64_t offset_of(std::size_t c_index) const;
};

NpyFile parse_npy(std::string_view bytes, const std::string& file);

}  // namespace reef::io
