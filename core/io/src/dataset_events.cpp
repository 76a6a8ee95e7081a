// Labelled samples from a folder of event files, one subfolder per class: each file is read through the event
// readers and binned into frames by core::EventFrameBinner, so every format reef reads can be a training set.
#include <algorithm>
#include <string>
#include <vector>

#include "reef/core/error.hpp"
#include "reef/core/event_binning.hpp"
#include "reef/io/dataset_files.hpp"
#include "reef/io/event_file.hpp"

namespace reef::io {
namespace {

std::vector<std::filesystem::path> sorted_entries(const std::filesystem::path& folder, bool directories) {
  std::vector<std::filesystem::path> entries;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (directories ? entry.is_directory() : entry.is_regular_file()) entries.push_back(entry.path());
  }
  std::sort(entries.begin(), entries.end());
  return entries;
}

}  // namespace

LabelledSamples load_event_samples(const std::filesystem::path& folder, const EventBinning& binning) {
  if (binning.steps == 0 || binning.bin_width.ns() <= 0) {
    throw ValidationError("event binning needs steps > 0 and a bin width > 0");
  }
  if (!std::filesystem::is_directory(folder)) {
    throw ValidationError("'" + folder.string() + "' is not a folder; event datasets are a folder of class folders");
  }
  LabelledSamples samples;
  samples.sequence = true;
  const auto classes = sorted_entries(folder, true);
  if (classes.empty()) {
    throw ValidationError("'" + folder.string() +
                          "' holds no subfolders; put each class's event files in its own "
                          "subfolder (e.g. 0/, 1/, ...)");
  }
  const std::uint8_t polarities = binning.merge_polarities ? 1 : 2;
  std::size_t frame_size = 0;
  std::filesystem::path first_file;
  for (std::size_t label = 0; label < classes.size(); ++label) {
    samples.class_names.push_back(classes[label].filename().string());
    for (const auto& file : sorted_entries(classes[label], false)) {
      const auto source = open_event_file(file);
      core::EventFrameBinner binner(*source, core::EventInputMapping::for_stream(source->info(), polarities),
                                    binning.bin_width);
      const std::size_t channels = binner.mapping().channel_count();
      if (frame_size == 0) {
        frame_size = channels;
        first_file = file;
        const auto& mapping = binner.mapping();
        samples.sample_shape = {binning.steps};
        if (mapping.kind() == core::InputMappingKind::channels) {
          samples.sample_shape.push_back(channels);
        } else {
          if (polarities == 2) samples.sample_shape.push_back(2);
          samples.sample_shape.insert(samples.sample_shape.end(), {mapping.height(), mapping.width()});
        }
      } else if (channels != frame_size) {
        throw ValidationError("'" + file.string() + "' gives frames of " + std::to_string(channels) + " values but '" +
                              first_file.string() + "' gave " + std::to_string(frame_size) +
                              "; every file of a dataset must come from the same sensor size");
      }
      const std::size_t start = samples.values.size();
      samples.values.resize(start + binning.steps * frame_size, 0.0f);
      std::vector<std::uint32_t> frame;
      for (std::size_t step = 0; step < binning.steps && binner.next(frame); ++step) {
        std::copy(frame.begin(), frame.end(),
                  samples.values.begin() + static_cast<std::ptrdiff_t>(start + step * frame_size));
      }
      samples.labels.push_back(static_cast<std::int32_t>(label));
    }
  }
  if (samples.labels.empty()) {
    throw ValidationError("'" + folder.string() + "' has class folders but no event files in them");
  }
  return samples;
}

}  // namespace reef::io
