// Neuron models and their parameters (NEST style: parameters here, state and derived constants in each engine).
//
// Dynamics, with I = Σ_k I_k the synaptic currents (units chosen by the user, consistently):
//   CubaLIF  tau_mem dv/dt = (v_leak − v) + r (I + bias),   tau_syn_k dI_k/dt = −I_k,  a spike of weight w: I_k += w
//   LIF      tau_mem dv/dt = (v_leak − v) + r bias,          a spike of weight w: v += w
//   IF       dv/dt = r bias,                                 a spike of weight w: v += w
//   LI       like LIF (or like CubaLIF when it has synapses) but never spikes: a leaky readout.
//   I        dv/dt = r (I + bias): NIR's integrator, which never spikes.
// NIR inputs arrive through Connections as a continuous signal x: CubaLIF/LI-with-synapse tau_syn dI/dt = −I + w_in x,
// LIF/LI tau_mem dv/dt = (v_leak − v) + r x, IF/I dv/dt = r x; how a step engine discretizes this is its profile's.
// Spiking models fire when v reaches v_th from below; then v ← v_reset (reset to value) or v ← v − (v_th − v_reset)
// (reset by subtraction, which keeps any overshoot of a jump), and v is held there for `refractory_s` (absolute
// refractory period) while synaptic currents keep evolving.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "reef/core/per_neuron.hpp"

namespace reef::core {

enum class NeuronModel { cuba_lif, lif, integrate_and_fire, leaky_integrator, integrator };
enum class ResetMode { to_value, subtract };

std::string_view to_string(NeuronModel model);
std::string_view to_string(ResetMode mode);

struct SynapseParams {
  std::string name;     // e.g. "exc"; unique within a population
  PerNeuron tau_s;      // time constant in seconds, > 0
  PerNeuron initial;    // I_k at t = 0
  PerNeuron w_in = 1.0; // gain of a NIR input signal into this current (projections' weights are not scaled)
};

struct NeuronParams {
  NeuronModel model = NeuronModel::cuba_lif;
  PerNeuron tau_mem_s = 0.02;   // seconds, > 0 (unused by IF)
  PerNeuron r = 1.0;            // input resistance: scales currents into the membrane
  PerNeuron v_leak = 0.0;       // resting potential
  PerNeuron v_th = 1.0;         // threshold (unused by LI)
  PerNeuron v_reset = 0.0;      // reset value (reset to value) or the value subtracted is v_th − v_reset
  PerNeuron bias = 0.0;         // constant input current
  PerNeuron refractory_s = 0.0; // absolute refractory period, seconds, >= 0
  ResetMode reset = ResetMode::to_value;
  PerNeuron v_initial = 0.0;    // membrane potential at t = 0
  std::vector<SynapseParams> synapses;  // CubaLIF: at least one; LIF and IF: none; LI: any number

  bool spikes() const { return model != NeuronModel::leaky_integrator && model != NeuronModel::integrator; }
  bool has_leak() const { return model != NeuronModel::integrate_and_fire && model != NeuronModel::integrator; }
};

}  // namespace reef::core
