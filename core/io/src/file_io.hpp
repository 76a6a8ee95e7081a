// Checked file access for the readers and writers in reef_io: whole-file reads, and an output file whose every
// write, flush and close is checked. OS failures become reef::Error naming the path and the OS reason.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace reef::io {

// "cannot <action> '<path>': <strerror(errno)>" — call right after the failing OS call.
std::string os_error_message(std::string_view action, const std::filesystem::path& path);

// The bytes of a whole file; throws reef::Error when it cannot be opened or read.
std::string read_file_bytes(const std::filesystem::path& path);

// Flushes a finished file (written by a library such as HDF5) to disk before it is renamed into place.
void sync_file(const std::filesystem::path& path);

// A file opened for writing (truncated). close() flushes, syncs and closes, throwing on any failure; destroying an
// unclosed file just closes it (the caller's cleanup removes it).
class OutputFile {
 public:
  explicit OutputFile(std::filesystem::path path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void write(const void* data, std::size_t size);
  void write(std::string_view text) { write(text.data(), text.size()); }
  // Moves the write position to `offset`, to patch bytes written earlier (a header's count or table position).
  void seek(std::uint64_t offset);
  void close();

 private:
  std::filesystem::path path_;
  std::FILE* file_ = nullptr;
};

}  // namespace reef::io
