// Reads back the spike trains of a recording written by write_recording (for `reef plot --kind raster`):
// HDF5 (<population>/spikes), a folder of NPY files (<population>.spikes.npy) or CSV (rows of kind "spike").
// Bad files raise FormatError naming the file and the place; state traces are not read.
#pragma once

#include <filesystem>
#include <vector>

#include "reef/core/recording.hpp"

namespace reef::io {

std::vector<core::SpikeTrain> read_recorded_spikes(const std::filesystem::path& path);

}  // namespace reef::io
