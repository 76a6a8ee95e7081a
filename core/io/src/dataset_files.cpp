// Labelled samples from IDX and NPY files, and the checks every dataset loader shares: one label per sample, each a
// non-negative integer.
#include "dataset_labels.hpp"

#include <cmath>
#include <string>

#include "reef/core/error.hpp"
#include "reef/io/dataset_files.hpp"
#include "reef/io/idx.hpp"
#include "reef/io/npy.hpp"

namespace reef::io {

std::vector<std::int32_t> checked_labels(const std::vector<double>& values, std::size_t samples,
                                         const std::string& where) {
  if (values.size() != samples) {
    throw ValidationError(where + ": " + std::to_string(samples) + " samples but " + std::to_string(values.size()) +
                          " labels; every sample needs exactly one label");
  }
  std::vector<std::int32_t> labels(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double value = values[i];
    if (!(value >= 0 && value <= 1'000'000 && std::floor(value) == value)) {
      throw ValidationError(where + ": label " + std::to_string(i) + " is " + std::to_string(value) +
                            "; labels must be class indices 0, 1, 2, ... (integers up to 1000000)");
    }
    labels[i] = static_cast<std::int32_t>(value);
  }
  return labels;
}

LabelledSamples samples_from_array(std::vector<std::size_t> shape, std::vector<float> values,
                                   const std::vector<double>& labels, const std::string& where) {
  if (shape.empty()) throw ValidationError(where + ": the data is a scalar; it must be [samples, ...]");
  LabelledSamples samples;
  samples.labels = checked_labels(labels, shape.front(), where);
  samples.sample_shape.assign(shape.begin() + 1, shape.end());
  if (samples.sample_shape.empty()) samples.sample_shape.push_back(1);
  samples.values = std::move(values);
  return samples;
}

LabelledSamples load_idx_samples(const std::filesystem::path& images, const std::filesystem::path& labels) {
  IdxArray data = read_idx(images);
  const IdxArray classes = read_idx(labels);
  const std::string where = "'" + images.string() + "' with labels '" + labels.string() + "'";
  if (classes.shape.size() != 1) {
    throw ValidationError(where + ": the labels must be a 1-D array, one per image");
  }
  return samples_from_array(std::move(data.shape), std::move(data.values),
                            std::vector<double>(classes.values.begin(), classes.values.end()), where);
}

LabelledSamples load_npy_samples(const std::filesystem::path& data, const std::filesystem::path& labels) {
  const NpyArray array = read_npy(data);
  const NpyArray classes = read_npy(labels);
  const std::string where = "'" + data.string() + "' with labels '" + labels.string() + "'";
  if (classes.shape.size() != 1) throw ValidationError(where + ": the labels must be a 1-D array, one per sample");
  return samples_from_array(array.shape, std::vector<float>(array.values.begin(), array.values.end()),
                            classes.values, where);
}

}  // namespace reef::io
