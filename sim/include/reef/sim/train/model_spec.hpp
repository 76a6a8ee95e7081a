// ModelSpec: what a trainable layered network is (input shape, dt, discretisation, layers in order); plain data that
// configs and Model::from_graph produce and Model is built from. Layer kinds mirror core::Graph's NIR vocabulary.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reef/core/tensor.hpp"
#include "reef/sim/step_engine.hpp"
#include "reef/sim/train/surrogate.hpp"

namespace reef::sim::train {

enum class LayerKind {
  linear,      // y = W x (+ b): core Affine (Linear without bias)
  conv2d,      // PyTorch Conv2d (cross-correlation, zero padding), input (C, H, W)
  sum_pool2d,  // per-channel window sum
  avg_pool2d,  // per-channel window mean (zero padding counts)
  flatten,     // (C, H, W) -> (C·H·W): the memory layout does not change
  cuba_lif,    // current-based LIF: synaptic current then membrane (snnTorch Synaptic)
  lif,         // leaky integrate-and-fire, input straight into v (snnTorch Leaky)
  if_neuron,   // integrate-and-fire (no leak)
  li,          // leaky integrator without spikes: outputs its membrane (a readout layer)
};

enum class NeuronReset { subtract, zero };

std::string_view to_string(LayerKind kind);
// "linear" (or "affine"), "conv2d", "sum_pool2d", "avg_pool2d", "flatten", "cuba_lif", "lif", "if", "li".
std::optional<LayerKind> parse_layer_kind(std::string_view text);
bool is_neuron(LayerKind kind);
bool is_spiking(LayerKind kind);  // every neuron kind but li

struct LayerSpec {
  LayerKind kind = LayerKind::linear;
  std::string name;  // unique; empty: "<kind><index>" (e.g. "linear0", "cuba_lif1")

  // linear: out_features; conv2d: out_channels.
  std::size_t out_features = 0;
  bool bias = true;                  // linear and conv2d
  // conv2d and pools: square windows (kernel × kernel), stride (0 = kernel size for pools, 1 for conv2d), padding.
  std::size_t kernel = 0;
  std::size_t stride = 0;
  std::size_t padding = 0;

  // Neurons (in the snntorch profile: alpha = 1 − dt/tau_syn_s, beta = 1 − dt/tau_mem_s, both clamped to [0, 1]).
  double tau_mem_s = 0.02;           // cuba_lif, lif, li
  double tau_syn_s = 0.005;          // cuba_lif
  double v_th = 1.0;                 // spiking kinds
  NeuronReset reset = NeuronReset::subtract;
  bool recurrent = false;            // spiking kinds: a learnable all-to-all weight matrix fed by the previous step
  bool recurrent_bias = false;       // with recurrent: a bias on the recurrent projection
  bool learn_tau = false;            // learn the decays (alpha, beta) per neuron; exported as tau = dt / (1 − decay)
  bool learn_threshold = false;      // learn v_th per neuron
  Surrogate surrogate;               // spiking kinds
};

struct ModelSpec {
  core::Shape input_shape;                       // (N) or (C, H, W)
  double dt_s = 1e-3;                            // > 0
  StepProfile profile = StepProfile::snntorch;   // the step-engine discretisation training uses (snntorch only)
  std::vector<LayerSpec> layers;                 // in order; the last one's output is the model's output
};

// Output shape of every layer, in order. Throws ValidationError naming the layer whose kind, sizes or parameters do
// not fit (unknown profile, window larger than the input, zero features, non-positive tau, duplicate name, ...).
std::vector<core::Shape> layer_shapes(const ModelSpec& spec);

// The spec with every empty layer name filled in and default strides resolved; validates like layer_shapes.
ModelSpec resolved(ModelSpec spec);

}  // namespace reef::sim::train
