// The memory-less and pure-delay NIR nodes as the step engine runs them, on signals laid out [batch][elements]:
// Affine/Linear (dense, zero inputs skipped so spike vectors cost only their spikes), Scale, Threshold, Flatten,
// Conv1d/Conv2d (PyTorch cross-correlation with zero padding, groups, dilation), sum/average pooling and Delay.
#pragma once

#include <cstddef>
#include <vector>

#include "reef/core/graph.hpp"

namespace reef::sim {

class StepLayer {
 public:
  // `dt_s` converts Delay times into whole steps. Throws ValidationError for a node that is not a layer.
  StepLayer(const core::Node& node, double dt_s);

  std::size_t in_size() const { return in_size_; }
  std::size_t out_size() const { return out_size_; }
  // The output when the input is 0 (an Affine's bias, else zeros): a back edge's value at t = 0 when the option
  // recurrent_bias_at_t0 is on.
  std::vector<double> zero_input_output() const;

  // Clears the delay line for `batch` samples.
  void start(std::size_t batch);
  // y = f(x) for `batch` samples; x and y do not overlap.
  void apply(const double* x, double* y, std::size_t batch);

 private:
  enum class Kind { copy, affine, scale, threshold, delay, conv, pool };
  void affine(const double* x, double* y) const;
  void conv(const double* x, double* y) const;
  void pool(const double* x, double* y) const;

  Kind kind_ = Kind::copy;
  std::size_t in_size_ = 0;
  std::size_t out_size_ = 0;
  std::vector<double> weight_;  // affine: transposed [in][out]; conv: [C_out][C_in/groups][KH][KW]
  std::vector<double> bias_;    // affine / conv (per output channel), may be empty
  std::vector<double> values_;  // scale factors, thresholds
  // Convolution and pooling geometry (1-d convolutions use H = KH = 1).
  std::size_t c_in_ = 0, c_out_ = 0, h_ = 1, w_ = 1, kh_ = 1, kw_ = 1, oh_ = 1, ow_ = 1;
  std::size_t sh_ = 1, sw_ = 1, ph_ = 0, pw_ = 0, dh_ = 1, dw_ = 1, groups_ = 1;
  double pool_scale_ = 1.0;
  // Delay line: per element a delay in steps; ring of (max delay + 1) rows of [batch][elements].
  std::vector<std::size_t> delay_steps_;
  std::size_t ring_rows_ = 1;
  std::size_t cursor_ = 0;
  std::size_t batch_ = 0;
  std::vector<double> ring_;
};

}  // namespace reef::sim
