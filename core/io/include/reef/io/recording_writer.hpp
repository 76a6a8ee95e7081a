// Writes a core::Recording, format chosen by the output path:
//   run.h5 / run.hdf5  HDF5: one group per population, a dataset per variable, units and metadata as attributes
//   DIR/               one NPY per population and variable: <population>.<variable>.npy (spikes: (n, 2) float64
//                      [time_s, neuron_index]; state: <population>.<variable>.npy [samples, neurons] plus
//                      <population>.<variable>.times.npy and .neurons.npy), metadata in metadata.json, the unit
//                      of each state variable in units.json ("<population>.<variable>": unit)
//   run.csv            small runs: rows `kind,population,neuron,variable,time_s,value`
// Writing is atomic: a failed write leaves no partial output behind.
#pragma once

#include <filesystem>

#include "reef/core/recording.hpp"

namespace reef::io {

enum class RecordingFormat { hdf5, npy_directory, csv };

// Throws UsageError for an output path whose format cannot be told (e.g. "out.txt").
RecordingFormat recording_format_for(const std::filesystem::path& output);
void write_recording(const core::Recording& recording, const std::filesystem::path& output);

}  // namespace reef::io
