// Model: a trainable layered spiking network with fused per-layer forward and backward passes over time (BPTT with
// surrogate gradients, no per-operation graph), and its conversion to and from core::Graph.
// Contract: forward() evaluates the step engine's snntorch discretisation in exactly its order of operations, so with
// Precision::float64 the outputs equal sim::StepEngine's on to_graph() bit for bit (float32 rounds the same
// operations in single precision). Work is split over threads by sample for the state updates and by parameter
// element for the gradient sums, each element always summed in the same order: results do not depend on the thread
// count. Not thread-safe: one caller at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "reef/core/graph.hpp"
#include "reef/sim/train/loss.hpp"
#include "reef/sim/train/model_spec.hpp"

namespace reef::sim::train {

// One learnable tensor: values, the gradient accumulated by backward(), both element_count(shape) long.
// Linear weights are stored input-major, shape (in, out): value[i * out + o] (the transpose of PyTorch's layout);
// conv weights (C_out, C_in, K, K) as PyTorch; per-neuron decays and thresholds (N).
struct Parameter {
  std::string name;   // "<layer>.weight", "<layer>.bias", "<layer>.recurrent_weight", "<layer>.recurrent_bias",
                      // "<layer>.alpha", "<layer>.beta", "<layer>.threshold"
  core::Shape shape;
  std::vector<float> value;
  std::vector<float> grad;
};

enum class Precision { float32, float64 };

struct ExecutionOptions {
  std::size_t threads = 1;        // worker threads (>= 1); results do not depend on it
  std::size_t bptt_window = 0;    // truncated BPTT: gradients do not flow across multiples of this step (0: never cut)
  Precision precision = Precision::float32;
  // Spikes are the surrogate's smooth primitive instead of a Heaviside step, so backward() is the exact gradient of
  // forward() (for finite-difference checks); the reset flag of the snntorch profile stays a step.
  bool smooth_spikes = false;
};

class Model {
 public:
  // Validates the spec (layer_shapes) and initialises weights like PyTorch (uniform ±1/sqrt(fan_in) for weights and
  // biases) from `seed`; recurrent weights likewise; decays from the taus, thresholds from v_th.
  Model(const ModelSpec& spec, std::uint64_t seed);
  ~Model();
  Model(Model&&) noexcept;
  Model& operator=(Model&&) noexcept;
  Model(const Model& other);
  Model& operator=(const Model& other);

  const ModelSpec& spec() const;   // resolved: every name and stride filled in
  std::size_t input_size() const;
  std::size_t output_size() const;
  bool output_is_membrane() const;  // the last layer is li (outputs v) rather than spikes

  void set_execution(const ExecutionOptions& options);
  const ExecutionOptions& execution() const;

  std::vector<Parameter>& parameters();
  const std::vector<Parameter>& parameters() const;
  Parameter& parameter(std::string_view name);  // throws ValidationError listing the names when absent
  void zero_grad();

  // Runs `steps` steps for `batch` samples from the initial state; input [batch][steps][input_size] row-major.
  // Keeps what backward() needs (spikes and reset flags as bits, membranes and currents). Returns the output
  // [batch][steps][output_size]: spikes of a spiking last layer, v of an li last layer.
  const std::vector<double>& forward(const float* input, std::size_t steps, std::size_t batch);
  const std::vector<double>& output() const;

  // Mean spikes per neuron and step of each spiking layer in the last forward(), in layer order.
  std::vector<double> spike_rates() const;
  // The firing-rate penalty of the last forward() (0 without a regularizer).
  double rate_penalty(const RateRegularizer& regularizer) const;

  // Accumulates into every Parameter::grad the gradient of a loss whose derivative with respect to output() is
  // d_output ([batch][steps][output_size]), plus that of `regularizer`'s penalty when given.
  void backward(const double* d_output, const RateRegularizer* regularizer = nullptr);

  // The NIR-vocabulary graph the step engine runs with StepOptions{profile = snntorch, dt_s = spec().dt_s}:
  // Input -> Affine|Conv|SumPool2d|AvgPool2d|Flatten|CubaLIF|LIF|IF|LI ... -> Output, node names = layer names, a
  // recurrent layer as an Affine "<layer>.recurrent" from the neuron node back into it. Throws ValidationError when a
  // learned decay of 1 has no finite tau.
  core::Graph to_graph() const;
  // The inverse for graphs of that shape (one Input, a chain of those nodes, one Output; Linear = Affine without
  // bias), e.g. read by io::read_nir. Surrogates are not part of a graph: every spiking layer gets `surrogate`.
  // Throws ValidationError naming the first node that does not fit.
  static Model from_graph(const core::Graph& graph, double dt_s, const Surrogate& surrogate = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace reef::sim::train
