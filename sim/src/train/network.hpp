// The layer stack of a Model in one precision: builds the layers from the resolved spec, keeps every layer's output
// [batch][steps][size] for the backward pass, and runs forward and backward through them.
#pragma once

#include <memory>

#include "train_layer.hpp"

namespace reef::sim::train {

template <class Real>
class Network {
 public:
  Network(const ModelSpec& spec, const std::vector<core::Shape>& shapes, const std::vector<LayerParameters>& own);
  // input [batch][steps][input size] as float.
  void forward(const float* input, const Pass& pass, const std::vector<Parameter>& parameters);
  void backward(const double* d_output, const RateRegularizer* regularizer, const Pass& pass,
                std::vector<Parameter>& parameters);
  const std::vector<Real>& output() const { return outputs_.back(); }
  std::vector<double> spike_rates() const;
  double rate_penalty(const RateRegularizer& regularizer, const Pass& pass) const;

 private:
  // The hidden spiking layers the rate regularizer covers (all spiking layers but the last layer).
  std::vector<std::size_t> regularized_layers() const;

  std::vector<std::unique_ptr<TrainLayer<Real>>> layers_;
  // The first layer with parameters: backward stops there, since no gradient is needed below it.
  std::size_t first_learning_ = 0;
  std::vector<std::vector<Real>> outputs_;  // [0]: the input; [i + 1]: layer i's output
};

}  // namespace reef::sim::train
