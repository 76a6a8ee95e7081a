// Loads a training config's datasets with the io dataset readers and turns them into sim::train::Datasets.
#include "train_data.hpp"

#include <algorithm>
#include <numeric>

#include "reef/io/dataset_files.hpp"
#include "reef/sim/train/encoder.hpp"

namespace reef::cli {
namespace {

sim::train::Dataset load_split(const DataConfig& data, const DataFiles& files, std::optional<std::size_t> limit) {
  io::LabelledSamples samples;
  switch (data.format) {
    case DataFormat::idx:
      samples = io::load_idx_samples(files.data, files.labels);
      break;
    case DataFormat::npy:
      samples = io::load_npy_samples(files.data, files.labels);
      break;
    case DataFormat::hdf5:
      samples = io::load_hdf5_samples(files.data, files.data_name, files.labels_name);
      break;
    case DataFormat::shd:
      samples = io::load_shd_samples(files.data, {data.steps, data.duration.seconds(), data.channels});
      break;
    case DataFormat::events:
      samples = io::load_event_samples(files.data, {data.steps, data.bin, data.merge_polarities});
      break;
  }
  sim::train::Dataset dataset(samples.sample_shape, samples.sequence, std::move(samples.values),
                              std::move(samples.labels));
  if (data.scale != 1.0) dataset.scale(static_cast<float>(data.scale));
  if (!data.shape.empty()) dataset.reshape(data.shape);
  if (data.sequence) dataset.treat_as_sequence();
  if (limit && *limit < dataset.size()) {
    std::vector<std::size_t> first(*limit);
    std::iota(first.begin(), first.end(), std::size_t{0});
    dataset = dataset.subset(first);
  }
  return dataset;
}

}  // namespace

TrainData load_train_data(const TrainConfig& config, bool with_train) {
  const DataConfig& data = config.data;
  TrainData result;
  if (data.test) result.test = load_split(data, *data.test, data.test_samples);
  if (with_train || (!data.test && data.test_fraction > 0)) {
    result.train = load_split(data, data.train, data.train_samples);
    if (!data.test && data.test_fraction > 0) {
      sim::train::DatasetSplit split =
          sim::train::split_dataset(result.train, data.test_fraction, config.settings.seed);
      result.train = std::move(split.kept);
      result.test = std::move(split.held_out);
    }
  }
  return result;
}

sim::train::ModelSpec model_spec_for(const TrainConfig& config, const sim::train::Dataset& data) {
  sim::train::ModelSpec spec = config.model;
  spec.input_shape = sim::train::Encoder(config.settings.encoder, data.sample_shape(), data.sequence()).step_shape();
  return spec;
}

}  // namespace reef::cli
