// The error hierarchy every reef library throws, and the assertion macro for bugs.
// The CLI maps each kind to an exit code (see README "Exit codes") and prints its message as one line.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <system_error>

namespace reef {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Invalid user input in a text config: always names the file, the 1-based line and column, and the expected form.
class ConfigError : public Error {
 public:
  ConfigError(std::string file, int line, int column, const std::string& message);
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  int column() const { return column_; }

 private:
  std::string file_;
  int line_;
  int column_;
};

// Invalid bytes in a binary file: names the file and the byte offset of the problem.
class FormatError : public Error {
 public:
  FormatError(std::string file, std::uint64_t offset, const std::string& message);
  const std::string& file() const { return file_; }
  std::uint64_t offset() const { return offset_; }

 private:
  std::string file_;
  std::uint64_t offset_;
};

// A structurally invalid network or model (names the node or edge at fault).
class ValidationError : public Error {
 public:
  using Error::Error;
};

// A network that does not fit a chip's resources or design rules.
class MappingError : public Error {
 public:
  using Error::Error;
};

// A USB or board failure; carries the underlying error code.
class DeviceError : public Error {
 public:
  DeviceError(std::error_code code, const std::string& message);
  std::error_code code() const { return code_; }

 private:
  std::error_code code_;
};

// Wrong command-line usage (unknown option, missing argument).
class UsageError : public Error {
 public:
  using Error::Error;
};

// A broken internal invariant: a bug in reef, never a user error.
class InternalError : public Error {
 public:
  using Error::Error;
};

[[noreturn]] void assertion_failed(const char* condition, const char* file, int line, const std::string& message);

}  // namespace reef

#define REEF_ASSERT(condition, message)                                        \
  do {                                                                         \
    if (!(condition)) ::reef::assertion_failed(#condition, __FILE__, __LINE__, (message)); \
  } while (false)
