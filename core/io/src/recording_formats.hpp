// Private interface between write_recording and its three formats, plus the checks and number formatting they share.
// Each writer checks a spike train or state trace just before writing it and writes through core::AtomicOutput, so a
// failure at any point leaves no partial output.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "reef/core/recording.hpp"

namespace reef::io {

void write_hdf5_recording(const core::Recording& recording, const std::filesystem::path& output);
void write_npy_directory_recording(const core::Recording& recording, const std::filesystem::path& output);
void write_csv_recording(const core::Recording& recording, const std::filesystem::path& output);

// Population and variable names become group, dataset and file names: they must be non-empty, not "." or "..",
// and free of '/' and control characters. Throws reef::Error naming `what` ("population", "variable").
void check_recording_name(std::string_view what, const std::string& name);
// Throws reef::InternalError when the parallel arrays of a train or trace disagree in length.
void check_spike_train(const core::SpikeTrain& train);
void check_state_trace(const core::StateTrace& trace);
void check_grid_trace(const core::GridTrace& trace);

// The shortest decimal text that reads back as exactly `value`: in general form for values ("0.1", "1e-300",
// "nan"), in plain fixed form for times ("0.0001", "0.00000000025").
std::string round_trip_text(double value);
std::string round_trip_time_text(double seconds);

}  // namespace reef::io
