// Loads a YAML network description (format: docs/config.md) into a validated core::Graph plus run settings.
// Every problem is a ConfigError naming file, line, column and the expected form; unknown keys are errors.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "reef/core/graph.hpp"
#include "reef/core/recording.hpp"
#include "reef/core/time.hpp"

namespace reef::io {

struct NetworkConfig {
  core::Graph graph;
  std::uint64_t seed = 0;                            // the seed everything random was drawn with
  core::Time duration = core::Time::from_ns(1'000'000'000);  // default run length
  core::RecordRequest record;
  std::string name;                                  // `name:` in the file, else the file stem
};

struct ConfigOverrides {
  std::optional<std::uint64_t> seed;  // replaces the file's `seed:` before anything is drawn
};

// Reads and validates `path`; relative file references in it are resolved against its folder.
NetworkConfig load_network_config(const std::filesystem::path& path, const ConfigOverrides& overrides = {});

// The same from text; `display_name` is used in error messages, `base_dir` resolves relative paths.
NetworkConfig parse_network_config(std::string_view yaml, const std::string& display_name,
                                   const std::filesystem::path& base_dir, const ConfigOverrides& overrides = {});

}  // namespace reef::io
