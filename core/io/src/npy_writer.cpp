// Writing NPY arrays: format 1.0, little-endian '<f8' or '<i8', C order, atomically.
#include <bit>

#include "reef/core/atomic_output.hpp"
#include "file_io.hpp"
#include "npy_format.hpp"
#include "reef/core/error.hpp"

namespace reef::io {
namespace {

static_assert(std::endian::native == std::endian::little, "the NPY writer stores values in native byte order as '<'");

template <typename T>
void write_array(const std::filesystem::path& path, std::string_view descr, std::span<const std::size_t> shape,
                 std::span<const T> values) {
  std::size_t count = 1;
  for (const std::size_t dim : shape) count *= dim;
  REEF_ASSERT(count == values.size(), "NPY shape " + npy_shape_text(shape) + " does not match " +
                                          std::to_string(values.size()) + " values");
  core::AtomicOutput output(path, core::AtomicOutput::Kind::file);
  OutputFile file(output.temporary());
  file.write(encode_npy_header(descr, shape));
  file.write(values.data(), values.size() * sizeof(T));
  file.close();
  output.commit();
}

}  // namespace

void write_npy(const std::filesystem::path& path, std::span<const std::size_t> shape, std::span<const double> values) {
  write_array(path, "<f8", shape, values);
}

void write_npy(const std::filesystem::path& path, std::span<const std::size_t> shape,
               std::span<const std::int64_t> values) {
  write_array(path, "<i8", shape, values);
}

}  // namespace reef::io
