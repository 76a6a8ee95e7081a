// Access to the real files in ../shared/data (written by other tools, never copied into the repository).
// Tests that need one call shared_file(); when the folder is absent the test says so and passes without checking.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <optional>
#include <string>

namespace reef::test {

// The path of `relative` under ../shared/data, or nullopt (after a MESSAGE naming it) when it is not there.
inline std::optional<std::filesystem::path> shared_file(const std::string& relative) {
  const std::filesystem::path path = std::filesystem::path(REEF_SHARED_DATA_DIR) / relative;
  if (std::filesystem::exists(path)) return path;
  MESSAGE("skipped: " << path.string() << " is not present (../shared/data holds the real files other tools wrote)");
  return std::nullopt;
}

}  // namespace reef::test
