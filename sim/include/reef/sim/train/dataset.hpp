// sim::train::Dataset: labelled samples held in memory for training (one float vector, one label each), with the
// seeded operations a training run needs: a train/test split, a per-epoch shuffled order and batching.
// Everything seeded is drawn from core::Rng, so a seed gives the same split and order on every machine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace reef::sim::train {

class Dataset {
 public:
  Dataset() = default;
  // `values` holds size() samples of element_count(sample_shape) floats each, C order; `sequence` marks samples
  // that are already [steps, ...] over time. Throws ValidationError when the sizes disagree or a label is < 0.
  Dataset(std::vector<std::size_t> sample_shape, bool sequence, std::vector<float> values,
          std::vector<std::int32_t> labels);

  std::size_t size() const { return labels_.size(); }
  const std::vector<std::size_t>& sample_shape() const { return sample_shape_; }
  std::size_t sample_size() const { return sample_size_; }  // floats per sample
  bool sequence() const { return sequence_; }
  // 1 + the largest label (0 for an empty dataset).
  std::size_t class_count() const;

  std::span<const float> sample(std::size_t index) const;
  std::int32_t label(std::size_t index) const { return labels_[index]; }
  const std::vector<std::int32_t>& labels() const { return labels_; }

  // Multiplies every value by `factor` (e.g. 1/255 for 8-bit images).
  void scale(float factor);
  // Gives the samples a new shape of the same element count (e.g. (28, 28) -> (1, 28, 28) for a convolution);
  // ValidationError otherwise.
  void reshape(std::vector<std::size_t> sample_shape);
  // Makes the first axis of every sample its time axis: [steps, values...] (e.g. image rows presented one per step).
  // ValidationError for samples of one axis.
  void treat_as_sequence();
  // The samples at `indices`, in that order.
  Dataset subset(std::span<const std::size_t> indices) const;

 private:
  std::vector<std::size_t> sample_shape_;
  std::size_t sample_size_ = 0;
  bool sequence_ = false;
  std::vector<float> values_;
  std::vector<std::int32_t> labels_;
};

// A seeded split: a permutation of the samples drawn from `seed`; the first round(size * held_out_fraction)
// of it (in ascending index order) form `held_out`, the rest (ascending) `kept`. Fraction in [0, 1).
struct DatasetSplit {
  Dataset kept;
  Dataset held_out;
};
DatasetSplit split_dataset(const Dataset& dataset, double held_out_fraction, std::uint64_t seed);

// The sample order of epoch `epoch` (counting from 0): 0..size-1 when `shuffle` is false, else a Fisher-Yates
// permutation drawn from Rng(seed, stream_tag("epoch_order"), epoch); the same on every machine.
std::vector<std::size_t> epoch_order(std::size_t size, std::uint64_t seed, std::uint64_t epoch, bool shuffle);

// Batches of an epoch: ceil(size / batch) of them, the last one smaller when batch does not divide size.
std::size_t batch_count(std::size_t size, std::size_t batch);
// The positions [begin, end) in the epoch order of batch `index`.
struct BatchRange {
  std::size_t begin = 0;
  std::size_t end = 0;
};
BatchRange batch_range(std::size_t size, std::size_t batch, std::size_t index);

}  // namespace reef::sim::train
