// In-memory dataset: sample access, scaling, subsets, the seeded split and epoch order, and batch ranges.
#include "reef/sim/train/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "reef/core/error.hpp"
#include "reef/core/random.hpp"

namespace reef::sim::train {

Dataset::Dataset(std::vector<std::size_t> sample_shape, bool sequence, std::vector<float> values,
                 std::vector<std::int32_t> labels)
    : sample_shape_(std::move(sample_shape)),
      sequence_(sequence),
      values_(std::move(values)),
      labels_(std::move(labels)) {
  sample_size_ = 1;
  for (const std::size_t dim : sample_shape_) sample_size_ *= dim;
  if (sample_shape_.empty() || sample_size_ == 0) {
    throw ValidationError("a dataset's samples need a non-empty shape with at least one element");
  }
  if (values_.size() != labels_.size() * sample_size_) {
    throw ValidationError("a dataset of " + std::to_string(labels_.size()) + " samples of " +
                          std::to_string(sample_size_) + " values needs " +
                          std::to_string(labels_.size() * sample_size_) + " values, not " +
                          std::to_string(values_.size()));
  }
  const auto negative = std::find_if(labels_.begin(), labels_.end(), [](std::int32_t label) { return label < 0; });
  if (negative != labels_.end()) {
    throw ValidationError("sample " + std::to_string(negative - labels_.begin()) + " has the negative label " +
                          std::to_string(*negative) + "; labels are class indices 0, 1, 2, ...");
  }
}

std::size_t Dataset::class_count() const {
  if (labels_.empty()) return 0;
  return static_cast<std::size_t>(*std::max_element(labels_.begin(), labels_.end())) + 1;
}

std::span<const float> Dataset::sample(std::size_t index) const {
  return {values_.data() + index * sample_size_, sample_size_};
}

void Dataset::scale(float factor) {
  for (float& value : values_) value *= factor;
}

void Dataset::reshape(std::vector<std::size_t> sample_shape) {
  std::size_t size = 1;
  for (const std::size_t dim : sample_shape) size *= dim;
  if (sample_shape.empty() || size != sample_size_) {
    throw ValidationError("samples of " + std::to_string(sample_size_) + " values cannot take a shape of " +
                          std::to_string(size) + " values");
  }
  sample_shape_ = std::move(sample_shape);
}

void Dataset::treat_as_sequence() {
  if (sample_shape_.size() < 2) {
    throw ValidationError("samples of shape [" + std::to_string(sample_size_) +
                          "] have no time axis; give them a shape [steps, values...] first");
  }
  sequence_ = true;
}

Dataset Dataset::subset(std::span<const std::size_t> indices) const {
  std::vector<float> values(indices.size() * sample_size_);
  std::vector<std::int32_t> labels(indices.size());
  for (std::size_t i = 0; i < indices.size(); ++i) {
    const auto source = sample(indices[i]);
    std::copy(source.begin(), source.end(), values.begin() + static_cast<std::ptrdiff_t>(i * sample_size_));
    labels[i] = labels_[indices[i]];
  }
  return Dataset(sample_shape_, sequence_, std::move(values), std::move(labels));
}

DatasetSplit split_dataset(const Dataset& dataset, double held_out_fraction, std::uint64_t seed) {
  if (!(held_out_fraction >= 0 && held_out_fraction < 1)) {
    throw ValidationError("the held-out fraction must be in [0, 1), not " + std::to_string(held_out_fraction));
  }
  std::vector<std::size_t> order = epoch_order(dataset.size(), seed, 0, true);
  const auto held = static_cast<std::size_t>(std::llround(held_out_fraction * static_cast<double>(dataset.size())));
  std::vector<std::size_t> held_out(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(held));
  std::vector<std::size_t> kept(order.begin() + static_cast<std::ptrdiff_t>(held), order.end());
  std::sort(held_out.begin(), held_out.end());
  std::sort(kept.begin(), kept.end());
  return {dataset.subset(kept), dataset.subset(held_out)};
}

std::vector<std::size_t> epoch_order(std::size_t size, std::uint64_t seed, std::uint64_t epoch, bool shuffle) {
  std::vector<std::size_t> order(size);
  std::iota(order.begin(), order.end(), std::size_t{0});
  if (!shuffle) return order;
  core::Rng rng(seed, core::stream_tag("epoch_order"), epoch);
  for (std::size_t i = size; i > 1; --i) {
    std::swap(order[i - 1], order[static_cast<std::size_t>(rng.uniform_index(i))]);
  }
  return order;
}

std::size_t batch_count(std::size_t size, std::size_t batch) {
  if (batch == 0) throw ValidationError("the batch size must be at least 1");
  return (size + batch - 1) / batch;
}

BatchRange batch_range(std::size_t size, std::size_t batch, std::size_t index) {
  const std::size_t begin = std::min(size, index * batch);
  return {begin, std::min(size, begin + batch)};
}

}  // namespace reef::sim::train
