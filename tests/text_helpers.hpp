// Small text helpers the test suites share: substring checks on command output and whole-file reads.
#pragma once

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace reef::test {

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The bytes of a file ("" when it cannot be opened).
inline std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace reef::test
