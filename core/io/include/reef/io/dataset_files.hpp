// Labelled training samples read from dataset files: IDX images + labels (MNIST format), NPY or HDF5 tensors +
// labels, SHD-style HDF5 spike rows binned to steps, and folders of event files (one subfolder per class) binned to
// frames through the event readers. The result feeds sim::train::Dataset; formats are documented in docs/train.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "reef/core/time.hpp"

namespace reef::io {

struct LabelledSamples {
  std::vector<std::size_t> sample_shape;  // one sample's shape; a sequence's starts with its step count
  bool sequence = false;                  // samples are already [steps, ...] over time (binned spikes)
  std::vector<float> values;              // [samples][elements of sample_shape], C order
  std::vector<std::int32_t> labels;       // one class (>= 0) per sample
  std::vector<std::string> class_names;   // event folders: the subfolder of each class; empty otherwise
  std::size_t size() const { return labels.size(); }
};

// IDX images [N, ...] and IDX labels [N] (integers >= 0). FormatError for a bad file; ValidationError naming both
// files when the counts differ or a label is not a non-negative integer.
LabelledSamples load_idx_samples(const std::filesystem::path& images, const std::filesystem::path& labels);

// NPY data [N, ...] and NPY labels [N]; the same checks.
LabelledSamples load_npy_samples(const std::filesystem::path& data, const std::filesystem::path& labels);

// Two datasets of one HDF5 file: `data_name` [N, ...] (any numeric type) and `labels_name` [N]; the same checks.
LabelledSamples load_hdf5_samples(const std::filesystem::path& file, const std::string& data_name,
                                  const std::string& labels_name);

// SHD/SSC layout: /spikes/times (seconds) and /spikes/units ragged rows, /labels. Sample i becomes spike counts
// [steps][channels] over [0, duration_s): a spike at t lands in step floor(t / (duration_s / steps)). Spikes at or
// after duration_s are outside the sample window (docs/train.md). FormatError for a malformed file, ValidationError
// naming the sample for a unit >= channels, a negative or non-finite time, or rows of different lengths.
struct ShdBinning {
  std::size_t steps = 100;
  double duration_s = 1.0;
  std::size_t channels = 700;
};
LabelledSamples load_shd_samples(const std::filesystem::path& file, const ShdBinning& binning);

// Every event file under `folder`/<class>/ (classes = subfolders in name order, labels 0, 1, ...), each read with
// io::open_event_file and binned by core::EventFrameBinner into `steps` frames of `bin_width` from its first event:
// [steps, 2, H, W] (or [steps, H, W] with merged polarities) for cameras, [steps, channels] for channel streams.
// Events after the last frame are outside the sample window. ValidationError when files differ in size or a folder
// holds no class subfolders.
struct EventBinning {
  std::size_t steps = 10;
  core::Time bin_width = core::Time::from_ns(1'000'000);
  bool merge_polarities = false;
};
LabelledSamples load_event_samples(const std::filesystem::path& folder, const EventBinning& binning);

}  // namespace reef::io
