// Checks shared by the dataset loaders (dataset_files.hpp): labels are one non-negative integer per sample, and an
// array [N, ...] becomes N samples of shape [...].
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "reef/io/dataset_files.hpp"

namespace reef::io {

// `values` as class indices; ValidationError naming `where` unless there are `samples` non-negative integers.
std::vector<std::int32_t> checked_labels(const std::vector<double>& values, std::size_t samples,
                                         const std::string& where);

// Data of `shape` [N, ...] with its labels; a 1-D array gives N samples of shape [1].
LabelledSamples samples_from_array(std::vector<std::size_t> shape, std::vector<float> values,
                                   const std::vector<double>& labels, const std::string& where);

}  // namespace reef::io
