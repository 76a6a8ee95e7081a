// Checked whole-file reads and checked writes through stdio, with OS errors reported as reef::Error.
#include "file_io.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include "reef/core/error.hpp"

namespace reef::io {

std::string os_error_message(std::string_view action, const std::filesystem::path& path) {
  const int error = errno;
  return "cannot " + std::string(action) + " '" + path.string() + "': " + std::strerror(error);
}

std::string read_file_bytes(const std::filesystem::path& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) throw Error(os_error_message("open", path));
  std::string bytes;
  char buffer[1 << 16];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0) bytes.append(buffer, got);
  const bool failed = std::ferror(file) != 0;
  const std::string message = failed ? os_error_message("read", path) : std::string();
  std::fclose(file);
  if (failed) throw Error(message);
  return bytes;
}

void sync_file(const std::filesystem::path& path) {
  const int descriptor = ::open(path.c_str(), O_RDONLY);
  if (descriptor < 0) throw Error(os_error_message("open", path));
  if (::fsync(descriptor) != 0) {
    const std::string message = os_error_message("sync", path);
    ::close(descriptor);
    throw Error(message);
  }
  ::close(descriptor);
}

OutputFile::OutputFile(std::filesystem::path path) : path_(std::move(path)) {
  file_ = std::fopen(path_.c_str(), "wb");
  if (file_ == nullptr) throw Error(os_error_message("create", path_));
}

OutputFile::~OutputFile() {
  if (file_ != nullptr) std::fclose(file_);
}

void OutputFile::write(const void* data, std::size_t size) {
  if (size == 0) return;
  if (std::fwrite(data, 1, size, file_) != size) throw Error(os_error_message("write", path_));
}

void OutputFile::seek(std::uint64_t offset) {
  if (std::fseek(file_, static_cast<long>(offset), SEEK_SET) != 0) throw Error(os_error_message("seek in", path_));
}

void OutputFile::close() {
  std::FILE* file = file_;
  file_ = nullptr;
  if (std::fflush(file) != 0 || ::fsync(::fileno(file)) != 0) {
    const std::string message = os_error_message("write", path_);
    std::fclose(file);
    throw Error(message);
  }
  if (std::fclose(file) != 0) throw Error(os_error_message("close", path_));
}

}  // namespace reef::io
