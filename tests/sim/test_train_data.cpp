// Training datasets: samples and labels are kept as given, bad sizes and labels are refused, the split and the
// per-epoch order are seeded permutations that repeat for a seed, and batches cover an epoch exactly once.
#include <doctest/doctest.h>

#include <algorithm>
#include <numeric>
#include <set>
#include <vector>

#include "reef/core/error.hpp"
#include "reef/sim/train/dataset.hpp"

namespace reef::sim::train {
namespace {

// n samples of two values (i, 10 i), label i % 3.
Dataset numbered(std::size_t n) {
  std::vector<float> values;
  std::vector<std::int32_t> labels;
  for (std::size_t i = 0; i < n; ++i) {
    values.push_back(static_cast<float>(i));
    values.push_back(static_cast<float>(10 * i));
    labels.push_back(static_cast<std::int32_t>(i % 3));
  }
  return Dataset({2}, false, values, labels);
}

TEST_CASE("train data: a dataset hands back each sample's values and label, and counts its classes") {
  Dataset data = numbered(5);
  CHECK(data.size() == 5);
  CHECK(data.sample_size() == 2);
  CHECK(data.class_count() == 3);
  CHECK(data.sample(3)[1] == 30);
  CHECK(data.label(4) == 1);
  data.scale(0.5f);
  CHECK(data.sample(3)[1] == 15);
  const std::vector<std::size_t> picks{4, 0};
  const Dataset picked = data.subset(picks);
  CHECK(picked.size() == 2);
  CHECK(picked.sample(0)[0] == 2);
  CHECK(picked.labels() == std::vector<std::int32_t>{1, 0});
}

TEST_CASE("train data: values that do not fill the samples, and negative labels, are refused") {
  CHECK_THROWS_AS(Dataset({2}, false, {1, 2, 3}, {0, 1}), ValidationError);
  CHECK_THROWS_WITH_AS(Dataset({1}, false, {1, 2}, {0, -1}), doctest::Contains("sample 1 has the negative label -1"),
                       ValidationError);
}

TEST_CASE("train data: the epoch order is the identity unshuffled, else a permutation fixed by seed and epoch") {
  const auto identity = epoch_order(6, 7, 0, false);
  CHECK(identity == std::vector<std::size_t>{0, 1, 2, 3, 4, 5});
  const auto first = epoch_order(100, 7, 0, true);
  auto sorted = first;
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::size_t> all(100);
  std::iota(all.begin(), all.end(), std::size_t{0});
  CHECK(sorted == all);
  CHECK(first != all);
  CHECK(epoch_order(100, 7, 0, true) == first);
  CHECK(epoch_order(100, 7, 1, true) != first);
  CHECK(epoch_order(100, 8, 0, true) != first);
}

TEST_CASE("train data: a split holds out the rounded fraction, disjoint from the rest, the same for a seed") {
  const Dataset data = numbered(10);
  const DatasetSplit split = split_dataset(data, 0.3, 5);
  CHECK(split.held_out.size() == 3);
  CHECK(split.kept.size() == 7);
  std::set<float> seen;
  for (const Dataset* part : {&split.kept, &split.held_out}) {
    for (std::size_t i = 0; i < part->size(); ++i) seen.insert(part->sample(i)[0]);
  }
  CHECK(seen.size() == 10);
  const DatasetSplit again = split_dataset(data, 0.3, 5);
  CHECK(again.held_out.labels() == split.held_out.labels());
  CHECK(again.held_out.sample(0)[0] == split.held_out.sample(0)[0]);
  CHECK_THROWS_AS(split_dataset(data, 1.0, 5), ValidationError);
}

TEST_CASE("train data: batches cover an epoch once, the last one holding the remainder") {
  CHECK(batch_count(10, 4) == 3);
  CHECK(batch_count(8, 4) == 2);
  const BatchRange last = batch_range(10, 4, 2);
  CHECK(last.begin == 8);
  CHECK(last.end == 10);
  CHECK_THROWS_AS(batch_count(10, 0), ValidationError);
}

}  // namespace
}  // namespace reef::sim::train
