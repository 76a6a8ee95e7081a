// Sequential reads of a binary file in the sizes a ByteChunking asks for (fixed, or random in [1, chunk_bytes] from
// a seed), so every decoder can be proven independent of how its input is split. Knows the absolute file offset.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <span>

#include "reef/core/random.hpp"
#include "reef/io/event_file.hpp"

namespace reef::io {

class ByteReader {
 public:
  // Throws reef::Error when the file cannot be opened.
  ByteReader(const std::filesystem::path& path, const ByteChunking& chunking);
  ~ByteReader();
  ByteReader(const ByteReader&) = delete;
  ByteReader& operator=(const ByteReader&) = delete;

  // Reads the next piece into the front of `buffer` (at most buffer.size() bytes, and at most the chunking's size)
  // and returns its length; 0 only at the end of the file. Throws reef::Error on an OS read failure.
  std::size_t read(std::span<std::uint8_t> buffer);
  // Continues reading at absolute byte `offset` (where a header parser found the data to start).
  void seek(std::uint64_t offset);

  std::uint64_t offset() const { return offset_; }
  std::uint64_t file_size() const { return file_size_; }
  std::size_t chunk_bytes() const { return chunk_bytes_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::FILE* file_ = nullptr;
  std::size_t chunk_bytes_;
  bool random_sizes_;
  core::Rng rng_;
  std::uint64_t offset_ = 0;
  std::uint64_t file_size_ = 0;
};

}  // namespace reef::io
