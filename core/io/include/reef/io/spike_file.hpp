// Spike trains from files, for input sources: CSV with a `t,channel` header (t in seconds) or an (n, 2) NPY array
// of [time_s, channel]. Returns sorted spike times per channel; bad rows raise ConfigError/FormatError with location.
#pragma once

#include <cstddef>
#include <filesystem>
#include <vector>

#include "reef/core/time.hpp"

namespace reef::io {

// `channels`: number of channels the source declares; a channel index outside [0, channels) is an error.
std::vector<std::vector<core::Time>> read_spike_file(const std::filesystem::path& path, std::size_t channels);

}  // namespace reef::io
