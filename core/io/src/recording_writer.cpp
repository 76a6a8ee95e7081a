// Chooses a recording's format from its output path and hands it to that format's writer; the checks every
// format applies to names and array lengths.
#include "reef/io/recording_writer.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "recording_formats.hpp"
#include "reef/core/error.hpp"

namespace reef::io {

RecordingFormat recording_format_for(const std::filesystem::path& output) {
  const std::string text = output.string();
  std::error_code ignored;
  if (text.ends_with('/') || std::filesystem::is_directory(output, ignored)) return RecordingFormat::npy_directory;
  std::string extension = output.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (extension == ".h5" || extension == ".hdf5") return RecordingFormat::hdf5;
  if (extension == ".csv") return RecordingFormat::csv;
  throw UsageError("cannot tell the recording format of '" + text +
                   "': use a path ending in .h5 or .hdf5 (HDF5), .csv (CSV), or / (a directory of NPY files)");
}

void write_recording(const core::Recording& recording, const std::filesystem::path& output) {
  switch (recording_format_for(output)) {
    case RecordingFormat::hdf5:
      write_hdf5_recording(recording, output);
      return;
    case RecordingFormat::npy_directory:
      write_npy_directory_recording(recording, output);
      return;
    case RecordingFormat::csv:
      write_csv_recording(recording, output);
      return;
  }
}

void check_recording_name(std::string_view what, const std::string& name) {
  const bool control = std::any_of(name.begin(), name.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos || control) {
    throw Error("cannot record " + std::string(what) + " '" + name + "': a recorded name must be non-empty, not '.' or "
                "'..', and without '/' or control characters");
  }
}

void check_spike_train(const core::SpikeTrain& train) {
  REEF_ASSERT(train.times_s.size() == train.neurons.size(),
              "spike train of '" + train.population + "' has " + std::to_string(train.times_s.size()) +
                  " times but " + std::to_string(train.neurons.size()) + " neuron indices");
}

void check_state_trace(const core::StateTrace& trace) {
  REEF_ASSERT(trace.values.size() == trace.times_s.size() * trace.neurons.size(),
              "state trace '" + trace.population + "." + trace.variable + "' has " +
                  std::to_string(trace.values.size()) + " values for " + std::to_string(trace.times_s.size()) +
                  " samples of " + std::to_string(trace.neurons.size()) + " neurons");
}

void check_grid_trace(const core::GridTrace& trace) {
  REEF_ASSERT(trace.values.size() == trace.batch * trace.steps * trace.elements,
              "grid trace '" + trace.node + "." + trace.variable + "' has " + std::to_string(trace.values.size()) +
                  " values for batch x steps x elements = " + std::to_string(trace.batch) + " x " +
                  std::to_string(trace.steps) + " x " + std::to_string(trace.elements));
}

std::string round_trip_text(double value) {
  char text[32];
  const auto result = std::to_chars(text, text + sizeof text, value);
  return std::string(text, result.ptr);
}

std::string round_trip_time_text(double seconds) {
  char text[400];  // the longest shortest-round-trip fixed form of any double has 326 characters (-2^-1074)
  const auto result = std::to_chars(text, text + sizeof text, seconds, std::chars_format::fixed);
  return std::string(text, result.ptr);
}

}  // namespace reef::io
