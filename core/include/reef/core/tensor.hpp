// Shapes and dense row-major tensors: the parameters of NIR-style layer nodes (weights, kernels, per-element values).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace reef::core {

// Batch-less shape, channel-first for convolutions: (C, H, W).
using Shape = std::vector<std::size_t>;

std::size_t element_count(const Shape& shape);  // 1 for the empty (scalar) shape
std::string to_string(const Shape& shape);       // "(2, 34, 34)"

struct Tensor {
  Shape shape;
  std::vector<double> values;  // row-major, element_count(shape) entries

  std::size_t size() const { return values.size(); }
  bool operator==(const Tensor&) const = default;
};

}  // namespace reef::core
