// Shared by the training tests: seeded inputs and the spec of a small network that exercises every neuron option.
#pragma once

#include <cstdint>
#include <vector>

#include "reef/core/random.hpp"
#include "reef/sim/train/model.hpp"

namespace reef::test {

// Values in [0, scale) where a draw is below `density`, else 0: sparse non-negative input currents.
inline std::vector<float> sparse_input(std::size_t count, double density, double scale, std::uint64_t seed) {
  core::Rng rng(seed);
  std::vector<float> values(count);
  for (float& v : values) v = rng.uniform() < density ? static_cast<float>(scale * rng.uniform()) : 0.0F;
  return values;
}

// 6 inputs -> linear 8 -> recurrent cuba_lif (subtract, learned decays and thresholds) -> linear 5 -> lif (zero
// reset, learned) -> linear 3 -> li readout.
inline sim::train::ModelSpec neuron_chain_spec(const sim::train::Surrogate& surrogate) {
  using sim::train::LayerKind;
  sim::train::ModelSpec spec;
  spec.input_shape = {6};
  spec.dt_s = 1e-3;
  sim::train::LayerSpec fc1{LayerKind::linear, "fc1", 8};
  sim::train::LayerSpec lif1{LayerKind::cuba_lif, "lif1"};
  lif1.tau_mem_s = 5e-3;
  lif1.tau_syn_s = 3e-3;
  lif1.v_th = 0.6;
  lif1.recurrent = true;
  lif1.recurrent_bias = true;
  lif1.learn_tau = true;
  lif1.learn_threshold = true;
  lif1.surrogate = surrogate;
  sim::train::LayerSpec fc2{LayerKind::linear, "fc2", 5};
  sim::train::LayerSpec lif2{LayerKind::lif, "lif2"};
  lif2.tau_mem_s = 4e-3;
  lif2.v_th = 0.3;
  lif2.reset = sim::train::NeuronReset::zero;
  lif2.learn_tau = true;
  lif2.learn_threshold = true;
  lif2.surrogate = surrogate;
  sim::train::LayerSpec fc3{LayerKind::linear, "fc3", 3};
  sim::train::LayerSpec readout{LayerKind::li, "readout"};
  readout.tau_mem_s = 1e-2;
  readout.learn_tau = true;
  spec.layers = {fc1, lif1, fc2, lif2, fc3, readout};
  return spec;
}

}  // namespace reef::test
