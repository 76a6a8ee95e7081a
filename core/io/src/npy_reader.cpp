// Reading NPY arrays: size checks against the shape, element decoding, and Fortran-to-C order conversion.
#include <limits>
#include <optional>

#include "file_io.hpp"
#include "npy_format.hpp"
#include "reef/core/error.hpp"

namespace reef::io {
namespace {

// Elements in the array, or nullopt when the count times `item_size` overflows 64 bits.
std::optional<std::uint64_t> checked_count(const std::vector<std::size_t>& shape, std::size_t item_size) {
  std::uint64_t count = 1;
  for (const std::size_t dim : shape) {
    if (dim == 0) return 0;
  }
  for (const std::size_t dim : shape) {
    if (count > std::numeric_limits<std::uint64_t>::max() / item_size / dim) return std::nullopt;
    count *= dim;
  }
  return count;
}

// Fortran-order linear index of the element at C-order index `c_index`.
std::size_t fortran_index(const std::vector<std::size_t>& shape, std::size_t c_index) {
  std::size_t index = 0;
  std::size_t stride = 1;
  std::vector<std::size_t> position(shape.size());
  for (std::size_t k = shape.size(); k-- > 0;) {
    position[k] = c_index % shape[k];
    c_index /= shape[k];
  }
  for (std::size_t k = 0; k < shape.size(); ++k) {
    index += position[k] * stride;
    stride *= shape[k];
  }
  return index;
}

// Decodes Fortran-order data into C order, walking C order with an odometer and tracking the Fortran offset.
void decode_fortran(const unsigned char* data, const NpyDtype& dtype, const std::vector<std::size_t>& shape,
                    std::vector<double>& values) {
  std::vector<std::size_t> stride(shape.size(), 1);
  for (std::size_t k = 1; k < shape.size(); ++k) stride[k] = stride[k - 1] * shape[k - 1];
  std::vector<std::size_t> position(shape.size(), 0);
  std::size_t offset = 0;
  for (double& value : values) {
    value = dtype.decode(data + offset * dtype.size);
    for (std::size_t k = shape.size(); k-- > 0;) {
      if (++position[k] < shape[k]) {
        offset += stride[k];
        break;
      }
      position[k] = 0;
      offset -= (shape[k] - 1) * stride[k];
    }
  }
}

}  // namespace

std::size_t NpyArray::element_count() const {
  std::size_t count = 1;
  for (const std::size_t dim : shape) count *= dim;
  return count;
}

std::uint64_t NpyFile::offset_of(std::size_t c_index) const {
  const std::size_t index = fortran_order ? fortran_index(array.shape, c_index) : c_index;
  return data_offset + static_cast<std::uint64_t>(index) * item_size;
}

NpyFile parse_npy(std::string_view bytes, const std::string& file) {
  NpyHeader header = parse_npy_header(bytes, file);
  const std::optional<std::uint64_t> count = checked_count(header.shape, header.dtype.size);
  if (!count) throw FormatError(file, header.shape_offset, "shape " + npy_shape_text(header.shape) + " is too large");
  const std::uint64_t needed = *count * header.dtype.size;
  const std::uint64_t available = bytes.size() - header.data_offset;
  if (available < needed) {
    throw FormatError(file, bytes.size(),
                      "array data ends after " + std::to_string(available) + " of the " + std::to_string(needed) +
                          " bytes that shape " + npy_shape_text(header.shape) + " of '" + header.descr +
                          "' needs from byte " + std::to_string(header.data_offset));
  }
  if (available > needed) {
    throw FormatError(file, header.data_offset + needed,
                      std::to_string(available - needed) + " unexpected bytes after the array data");
  }

  NpyFile result;
  result.data_offset = header.data_offset;
  result.item_size = header.dtype.size;
  result.fortran_order = header.fortran_order;
  result.shape_offset = header.shape_offset;
  NpyArray& array = result.array;
  array.dtype = header.descr;
  array.shape = std::move(header.shape);
  array.values.resize(*count);
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data()) + header.data_offset;
  if (header.fortran_order && array.shape.size() > 1) {
    decode_fortran(data, header.dtype, array.shape, array.values);
  } else {
    for (std::size_t i = 0; i < array.values.size(); ++i) {
      array.values[i] = header.dtype.decode(data + i * header.dtype.size);
    }
  }
  return result;
}

NpyArray read_npy(const std::filesystem::path& path) {
  return parse_npy(read_file_bytes(path), path.string()).array;
}

}  // namespace reef::io
