// Error constructors: each composes the one-line message the CLI prints.
#include "reef/core/error.hpp"

namespace reef {

ConfigError::ConfigError(std::string file, int line, int column, const std::string& message)
    : Error(file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message),
      file_(std::move(file)),
      line_(line),
      column_(column) {}

FormatError::FormatError(std::string file, std::uint64_t offset, const std::string& message)
    : Error(file + ": byte " + std::to_string(offset) + ": " + message), file_(std::move(file)), offset_(offset) {}

DeviceError::DeviceError(std::error_code code, const std::string& message)
    : Error(message + " (" + code.message() + ")"), code_(code) {}

void assertion_failed(const char* condition, const char* file, int line, const std::string& message) {
  throw InternalError("internal error (a bug in reef, please report it): " + message + " [" + condition + " at " +
                      file + ":" + std::to_string(line) + "]");
}

}  // namespace reef
