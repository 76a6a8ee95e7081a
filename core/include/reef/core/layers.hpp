// The static (memory-less or pure-delay) nodes of NIR's vocabulary. Each maps its input signal to an output signal at
// every instant; the node's `shape` in the graph is its output shape, and input_shape() (graph.hpp) its input shape.
// Neuron nodes (LIF, CubaLIF, IF, LI, I) are NeuronParams; edges between any of these are Connections (identity).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "reef/core/tensor.hpp"

namespace reef::core {

// Where the graph meets the outside world; the node's shape is the input shape (batch-less).
struct InputParams {
  bool operator==(const InputParams&) const = default;
};

// A sink that passes its input through; the node's shape is what it expects.
struct OutputParams {
  bool operator==(const OutputParams&) const = default;
};

// y = W x + b with W in [out, in] layout (PyTorch's); NIR Linear is an Affine without bias (empty `bias`).
struct AffineParams {
  Tensor weight;             // shape (out, in)
  std::vector<double> bias;  // empty, or one per output
  bool has_bias() const { return !bias.empty(); }
  bool operator==(const AffineParams&) const = default;
};

// y = s ⊙ x, element-wise.
struct ScaleParams {
  std::vector<double> scale;  // one per element
  bool operator==(const ScaleParams&) const = default;
};

// z = 1 where x > threshold, else 0 (element-wise).
struct ThresholdParams {
  std::vector<double> threshold;  // one per element
  bool operator==(const ThresholdParams&) const = default;
};

// y(t) = x(t − delay), element-wise; delays in seconds (or in the graph's time unit).
struct DelayParams {
  std::vector<double> delay_s;  // one per element
  bool operator==(const DelayParams&) const = default;
};

// Reshape: dims start_dim..end_dim (inclusive, negative counts from the end) of the batch-less input become one.
struct FlattenParams {
  Shape input_shape;
  std::int64_t start_dim = 0;
  std::int64_t end_dim = -1;
  bool operator==(const FlattenParams&) const = default;
};

// PyTorch conv1d/conv2d (cross-correlation) over a (C_in, spatial...) input; per spatial dimension stride, padding
// (symmetric, zeros) and dilation. NIR's "same"/"valid" padding strings are resolved to numbers when read.
struct ConvParams {
  Tensor weight;                  // (C_out, C_in / groups, K...) with 1 or 2 kernel dims
  std::vector<double> bias;       // empty or C_out values
  std::vector<std::size_t> stride;
  std::vector<std::size_t> padding;
  std::vector<std::size_t> dilation;
  std::size_t groups = 1;
  Shape input_shape;              // (C_in, spatial...)
  std::size_t spatial_dims() const { return weight.shape.size() - 2; }
  bool operator==(const ConvParams&) const = default;
};

enum class PoolKind { sum, average };

// 2-d pooling per channel over (C, H, W); average = sum scaled by 1/(kH·kW) (zero padding counts).
struct PoolParams {
  PoolKind kind = PoolKind::sum;
  std::vector<std::size_t> kernel;   // (kH, kW)
  std::vector<std::size_t> stride;   // (sH, sW)
  std::vector<std::size_t> padding;  // (pH, pW)
  Shape input_shape;                 // (C, H, W)
  bool operator==(const PoolParams&) const = default;
};

// Output shape of a convolution or pooling window: ⌊(n + 2p − d(k−1) − 1)/s + 1⌋ per spatial dimension; 0 when the
// window does not fit.
std::size_t window_output_size(std::size_t n, std::size_t kernel, std::size_t stride, std::size_t padding,
                               std::size_t dilation);

// Output shape (channels_out, spatial...) of a window over a (C, spatial...) input; empty when the input rank or the
// stride/padding/dilation counts do not match the kernel, and a spatial size is 0 where the window does not fit.
Shape window_output_shape(const Shape& input, const std::vector<std::size_t>& kernel,
                          const std::vector<std::size_t>& stride, const std::vector<std::size_t>& padding,
                          const std::vector<std::size_t>& dilation, std::size_t channels_out);

// Output shape of a Flatten node: its input shape with dims start_dim..end_dim merged into one; empty when those
// dims do not fit the input shape.
Shape flatten_output_shape(const FlattenParams& p);

}  // namespace reef::core
