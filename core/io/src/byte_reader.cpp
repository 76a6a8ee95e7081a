// ByteReader: chunked (optionally randomly split) sequential reads of an event file.
#include "byte_reader.hpp"

#include <algorithm>

#include "file_io.hpp"
#include "reef/core/error.hpp"

namespace reef::io {

ByteReader::ByteReader(const std::filesystem::path& path, const ByteChunking& chunking)
    : path_(path),
      chunk_bytes_(std::max<std::size_t>(chunking.chunk_bytes, 1)),
      random_sizes_(chunking.random_seed != 0),
      rng_(chunking.random_seed) {
  file_ = std::fopen(path.c_str(), "rb");
  if (file_ == nullptr) throw Error(os_error_message("open", path));
  std::error_code error;
  file_size_ = std::filesystem::file_size(path, error);
  if (error) file_size_ = 0;
}

ByteReader::~ByteReader() { std::fclose(file_); }

std::size_t ByteReader::read(std::span<std::uint8_t> buffer) {
  std::size_t want = std::min(buffer.size(), chunk_bytes_);
  if (random_sizes_ && want > 1) want = 1 + static_cast<std::size_t>(rng_.uniform_index(want));
  const std::size_t got = std::fread(buffer.data(), 1, want, file_);
  if (got < want && std::ferror(file_) != 0) throw Error(os_error_message("read", path_));
  offset_ += got;
  return got;
}

void ByteReader::seek(std::uint64_t offset) {
  if (std::fseek(file_, static_cast<long>(offset), SEEK_SET) != 0) throw Error(os_error_message("seek in", path_));
  offset_ = offset;
}

}  // namespace reef::io
