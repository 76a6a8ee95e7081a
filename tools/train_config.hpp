// The training config of `reef train` / `reef eval` (YAML, schema in docs/train.md): data, encoder, model, loss,
// optimizer, schedule, epochs, batch, seed and output folder. Every problem is a ConfigError naming the file, line
// and column and the expected form; unknown keys are errors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reef/core/time.hpp"
#include "reef/sim/train/trainer.hpp"

namespace reef::cli {

enum class DataFormat { idx, npy, hdf5, shd, events };

// One split's files; which fields are used depends on the format (relative paths resolved against the config).
struct DataFiles {
  std::filesystem::path data;    // idx: images; npy: data; hdf5 / shd: the file; events: the folder
  std::filesystem::path labels;  // idx, npy: the labels file
  std::string data_name;         // hdf5: dataset names inside the file
  std::string labels_name;
};

struct DataConfig {
  DataFormat format = DataFormat::idx;
  DataFiles train;
  std::optional<DataFiles> test;
  double test_fraction = 0.0;  // without a test set: held out of the training set (seeded split)
  double scale = 1.0;          // every value is multiplied by it (1/255 for 8-bit images)
  std::vector<std::size_t> shape;  // a new sample shape of the same size, e.g. (1, 28, 28); empty: as stored
  bool sequence = false;           // idx, npy, hdf5: the first axis of a sample is time
  std::optional<std::size_t> train_samples;  // use only the first N samples (quick runs)
  std::optional<std::size_t> test_samples;
  // shd and events: binning into steps
  std::size_t steps = 100;
  core::Time duration = core::Time::from_ns(1'000'000'000);  // shd window
  std::size_t channels = 700;                                 // shd
  core::Time bin = core::Time::from_ns(1'000'000);            // events
  bool merge_polarities = false;                              // events
};

struct TrainConfig {
  std::string name;
  std::filesystem::path file;
  DataConfig data;
  sim::train::ModelSpec model;  // input_shape is filled from the data when it is loaded
  sim::train::TrainSettings settings;
  sim::train::ExecutionOptions execution;
  std::filesystem::path output;  // default: runs/<name>
};

TrainConfig load_train_config(const std::filesystem::path& path);
// The same from text: `display_name` names it in errors, `base_dir` resolves relative data paths.
TrainConfig parse_train_config(std::string_view yaml, const std::string& display_name,
                               const std::filesystem::path& base_dir);

}  // namespace reef::cli
