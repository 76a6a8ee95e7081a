// The internal interface of one trainable layer of sim::train::Model: forward over all samples and steps at once,
// backward from the gradient of its output, and the helpers every layer shares (which parameters are its own, the
// neuron constants as the exported graph states them, a fixed-partition parallel loop).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <thread>
#include <vector>

#include "reef/sim/train/model.hpp"

namespace reef::sim::train {

inline constexpr std::size_t kNoParameter = SIZE_MAX;

// Indices into Model::parameters() of one layer's parameters (kNoParameter when it has none of that kind).
struct LayerParameters {
  std::size_t weight = kNoParameter;
  std::size_t bias = kNoParameter;
  std::size_t recurrent_weight = kNoParameter;
  std::size_t recurrent_bias = kNoParameter;
  std::size_t alpha = kNoParameter;
  std::size_t beta = kNoParameter;
  std::size_t threshold = kNoParameter;
};

// What one forward/backward call works on; arrays are [batch][steps][elements].
struct Pass {
  std::size_t batch = 0;
  std::size_t steps = 0;
  std::size_t threads = 1;
  std::size_t bptt_window = 0;
  bool smooth_spikes = false;
  bool keep = true;  // store what backward() needs
  std::size_t rows() const { return batch * steps; }
};

// Per-neuron constants of a neuron layer exactly as to_graph() states them and the step engine derives its factors:
// alpha = clamp01(1 − dt/tau_syn), beta = clamp01(1 − dt/tau_mem) (1 for if), threshold = v_th.
struct NeuronConstants {
  std::vector<double> tau_mem_s, tau_syn_s, alpha, beta, threshold;
};
NeuronConstants neuron_constants(const LayerSpec& layer, std::size_t size, double dt_s,
                                 const std::vector<Parameter>& parameters, const LayerParameters& own);

// Calls fn(begin, end) on `threads` contiguous parts of [0, count) (the calling thread takes the first). Each index
// is handled by exactly one call, so per-index results never depend on the partition.
template <class Fn>
void parallel_for(std::size_t count, std::size_t threads, Fn&& fn) {
  const std::size_t parts = std::max<std::size_t>(1, std::min(threads, count));
  if (parts == 1) {
    fn(std::size_t{0}, count);
    return;
  }
  std::vector<std::thread> workers;
  workers.reserve(parts - 1);
  for (std::size_t p = 1; p < parts; ++p)
    workers.emplace_back([&fn, p, parts, count] { fn(count * p / parts, count * (p + 1) / parts); });
  fn(std::size_t{0}, count / parts);
  for (std::thread& worker : workers) worker.join();
}

template <class Real>
class TrainLayer {
 public:
  TrainLayer(std::size_t in_size, std::size_t out_size) : in_size_(in_size), out_size_(out_size) {}
  virtual ~TrainLayer() = default;
  std::size_t in_size() const { return in_size_; }
  std::size_t out_size() const { return out_size_; }

  // Takes the current parameter values (converted to Real) before a forward pass.
  virtual void load(const std::vector<Parameter>& parameters) = 0;
  virtual void forward(const Real* in, Real* out, const Pass& pass) = 0;
  // g_out: d loss / d out; g_in (may be null: not needed) receives d loss / d in; parameter gradients are added
  // to `parameters[...].grad`.
  virtual void backward(const Real* in, const Real* out, const Real* g_out, Real* g_in, const Pass& pass,
                        std::vector<Parameter>& parameters) = 0;
  virtual bool spiking() const { return false; }

 protected:
  std::size_t in_size_;
  std::size_t out_size_;
};

// Adds a Real gradient buffer into a float Parameter::grad.
template <class Real>
void add_gradient(Parameter& parameter, const std::vector<Real>& gradient) {
  for (std::size_t e = 0; e < gradient.size(); ++e) parameter.grad[e] += static_cast<float>(gradient[e]);
}

template <class Real>
std::vector<Real> to_real(const std::vector<float>& values) {
  return std::vector<Real>(values.begin(), values.end());
}

}  // namespace reef::sim::train
