// Network: layer construction from a resolved ModelSpec, the forward pass layer by layer over the whole sequence,
// and the backward pass in reverse, down to the first layer with parameters, with the firing-rate regularizer's
// gradient added at hidden spiking layers.
#include "network.hpp"

#include <algorithm>

#include "dense_layer.hpp"
#include "neuron_layer.hpp"
#include "window_layers.hpp"

namespace reef::sim::train {

template <class Real>
Network<Real>::Network(const ModelSpec& spec, const std::vector<core::Shape>& shapes,
                       const std::vector<LayerParameters>& own) {
  core::Shape in = spec.input_shape;
  for (std::size_t i = 0; i < spec.layers.size(); ++i) {
    const LayerSpec& layer = spec.layers[i];
    const core::Shape& out = shapes[i];
    Window window;
    if (in.size() == 3) {
      window = {in[0],
                in[1],
                in[2],
                out[0],
                layer.kernel,
                layer.stride,
                layer.padding,
                out.size() == 3 ? out[1] : 0,
                out.size() == 3 ? out[2] : 0};
    }
    switch (layer.kind) {
      case LayerKind::linear:
        layers_.push_back(std::make_unique<DenseLayer<Real>>(core::element_count(in), out[0], own[i]));
        break;
      case LayerKind::conv2d:
        layers_.push_back(std::make_unique<Conv2dLayer<Real>>(window, own[i]));
        break;
      case LayerKind::sum_pool2d:
      case LayerKind::avg_pool2d:
        layers_.push_back(std::make_unique<PoolLayer<Real>>(window, layer.kind == LayerKind::avg_pool2d));
        break;
      case LayerKind::flatten:
        layers_.push_back(std::make_unique<FlattenLayer<Real>>(core::element_count(in)));
        break;
      case LayerKind::cuba_lif:
      case LayerKind::lif:
      case LayerKind::if_neuron:
      case LayerKind::li:
        layers_.push_back(std::make_unique<NeuronLayer<Real>>(layer, core::element_count(in), spec.dt_s, own[i]));
        break;
    }
    in = out;
  }
  const auto has_parameters = [](const LayerParameters& p) {
    return p.weight != kNoParameter || p.bias != kNoParameter || p.recurrent_weight != kNoParameter ||
           p.recurrent_bias != kNoParameter || p.alpha != kNoParameter || p.beta != kNoParameter ||
           p.threshold != kNoParameter;
  };
  first_learning_ = static_cast<std::size_t>(std::find_if(own.begin(), own.end(), has_parameters) - own.begin());
  outputs_.resize(layers_.size() + 1);
}

template <class Real>
void Network<Real>::forward(const float* input, const Pass& pass, const std::vector<Parameter>& parameters) {
  outputs_[0].assign(input, input + pass.rows() * layers_.front()->in_size());
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    layers_[i]->load(parameters);
    outputs_[i + 1].resize(pass.rows() * layers_[i]->out_size());
    layers_[i]->forward(outputs_[i].data(), outputs_[i + 1].data(), pass);
  }
}

template <class Real>
std::vector<std::size_t> Network<Real>::regularized_layers() const {
  std::vector<std::size_t> result;
  for (std::size_t i = 0; i + 1 < layers_.size(); ++i)
    if (layers_[i]->spiking()) result.push_back(i);
  return result;
}

template <class Real>
std::vector<double> Network<Real>::spike_rates() const {
  std::vector<double> rates;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    if (!layers_[i]->spiking()) continue;
    double sum = 0.0;
    for (Real s : outputs_[i + 1]) sum += static_cast<double>(s);
    const double count = static_cast<double>(outputs_[i + 1].size());
    rates.push_back(count > 0.0 ? sum / count : 0.0);
  }
  return rates;
}

template <class Real>
double Network<Real>::rate_penalty(const RateRegularizer& regularizer, const Pass& pass) const {
  double penalty = 0.0;
  for (std::size_t i : regularized_layers()) {
    const std::size_t n = layers_[i]->out_size();
    const Real* s = outputs_[i + 1].data();
    double sum = 0.0;
    for (std::size_t b = 0; b < pass.batch; ++b)
      for (std::size_t j = 0; j < n; ++j) {
        double count = 0.0;
        for (std::size_t t = 0; t < pass.steps; ++t) count += static_cast<double>(s[(b * pass.steps + t) * n + j]);
        const double diff = count / static_cast<double>(pass.steps) - regularizer.target_rate;
        sum += diff * diff;
      }
    penalty += regularizer.weight * sum / static_cast<double>(pass.batch * n);
  }
  return penalty;
}

template <class Real>
void Network<Real>::backward(const double* d_output, const RateRegularizer* regularizer, const Pass& pass,
                             std::vector<Parameter>& parameters) {
  std::vector<Real> g(d_output, d_output + pass.rows() * layers_.back()->out_size());
  std::vector<Real> g_in;
  const std::vector<std::size_t> regularized = regularizer ? regularized_layers() : std::vector<std::size_t>{};
  for (std::size_t i = layers_.size(); i-- > first_learning_;) {
    if (std::find(regularized.begin(), regularized.end(), i) != regularized.end() && regularizer->weight != 0.0) {
      const std::size_t n = layers_[i]->out_size();
      const Real* s = outputs_[i + 1].data();
      const double scale = regularizer->weight * 2.0 / static_cast<double>(pass.batch * n * pass.steps);
      for (std::size_t b = 0; b < pass.batch; ++b)
        for (std::size_t j = 0; j < n; ++j) {
          double count = 0.0;
          for (std::size_t t = 0; t < pass.steps; ++t) count += static_cast<double>(s[(b * pass.steps + t) * n + j]);
          const Real d =
              static_cast<Real>(scale * (count / static_cast<double>(pass.steps) - regularizer->target_rate));
          for (std::size_t t = 0; t < pass.steps; ++t) g[(b * pass.steps + t) * n + j] += d;
        }
    }
    const bool below_needed = i > first_learning_;
    g_in.resize(below_needed ? pass.rows() * layers_[i]->in_size() : 0);
    layers_[i]->backward(outputs_[i].data(), outputs_[i + 1].data(), g.data(), below_needed ? g_in.data() : nullptr,
                         pass, parameters);
    std::swap(g, g_in);
  }
}

template class Network<float>;
template class Network<double>;

}  // namespace reef::sim::train
