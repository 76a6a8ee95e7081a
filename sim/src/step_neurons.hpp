// One neuron node as the step engine holds it: per-neuron constants of the chosen profile's discretisation, state
// laid out [batch][neurons] (synaptic currents [synapse][batch][neurons]), the refractory counters and a ring of
// impulse accumulators for spikes arriving through projections. Equations: docs/step-engine.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "reef/core/graph.hpp"
#include "reef/sim/step_engine.hpp"

namespace reef::sim {

// One spike event of a step: sample, neuron and how many spikes it fired.
struct StepSpike {
  std::uint32_t sample;
  std::uint32_t neuron;
  std::uint32_t count;
};

class NeuronGroup {
 public:
  // `options` has every default resolved and `node` the reset rule applied (apply_reset_rule); `extra_bias` (may be
  // empty) adds constant currents from current sources.
  NeuronGroup(const core::Node& node, const StepOptions& options, const std::vector<double>& extra_bias);

  const std::string& name() const { return name_; }
  std::size_t size() const { return size_; }
  std::size_t synapse_count() const { return synapse_count_; }
  const std::vector<std::string>& synapse_names() const { return synapse_names_; }
  bool spikes() const { return spikes_; }

  // The continuous input x of step() holds one [batch][neurons] block for each of the first `count` synapses
  // (default 1: x enters synapse 0). Only the rockpool profile is lowered with count > 1.
  void set_input_synapses(std::size_t count) { input_synapses_ = count; }
  // Projections arriving with up to `steps` steps of delay need that many ring slots.
  void reserve_delay(std::size_t steps);
  // Sets the initial state for `batch` samples and clears pending impulses.
  void start(std::size_t batch);

  // One step: propagates the state over dt with the continuous input x ([batch][neurons], or nullptr for none),
  // then applies the spike rule and the reset. `out` receives spike counts (spiking models) or v; spikes are
  // appended to `fired`.
  void step(const double* x, double* out, std::vector<StepSpike>& fired);

  // An impulse of weight w for sample b, neuron j, on synapse k (or v for models without synapses), `delay` steps
  // from the current one (0: applied at once; called only after step() of this step).
  void add_impulse(std::size_t delay, std::size_t k, std::size_t b, std::size_t j, double w) {
    if (delay == 0) {  // projections deliver after every node's update: the state can take it now
      (synapse_count_ == 0 ? v_[b * size_ + j] : i_[(k * batch_ + b) * size_ + j]) += w;
      return;
    }
    const std::size_t slot = (cursor_ + delay) % slots_;
    impulses_[((slot * impulse_targets_ + k) * batch_ + b) * size_ + j] += w;
  }
  // Applies the impulses due now and moves the ring on.
  void end_step();

  const double* v(std::size_t b) const { return v_.data() + b * size_; }
  const double* current(std::size_t k, std::size_t b) const { return i_.data() + (k * batch_ + b) * size_; }

 private:
  void propagate(const double* x);
  void propagate_snntorch(const double* x);
  void fire(double* out, std::vector<StepSpike>& fired);
  void fire_sparse(std::size_t b, double* v, double* o, std::vector<StepSpike>& fired);
  void fire_snntorch(std::size_t b, double* v, double* o, std::vector<StepSpike>& fired);
  std::uint32_t spike_count(double v, double v_th) const;

  std::string name_;
  std::size_t size_ = 0;
  std::size_t synapse_count_ = 0;
  std::size_t input_synapses_ = 1;
  std::vector<std::string> synapse_names_;
  StepProfile profile_;
  bool spikes_ = true;
  bool leaky_ = true;
  bool subtract_ = false;
  bool multi_ = false;
  std::uint32_t cap_ = 1;
  bool clip_ = false;
  bool has_refractory_ = false;  // some neuron has a refractory period of at least one step

  // Per-neuron constants (size_) and per-synapse ones (synapse_count_ × size_).
  std::vector<double> v_th_, v_reset_, v_init_, min_v_;
  std::vector<double> a_m_;   // membrane factor: 1 − dt/τ (euler, snntorch), e^{−dt/τ} (exact, rockpool, sinabs)
  std::vector<double> c0_;    // constant drive per step (meaning per profile, see the .cpp)
  std::vector<double> g_x_;   // gain of the continuous input into v (models without synapses) or synapse 0
  std::vector<double> r_, w_in_;
  std::vector<double> a_s_;   // synaptic factors
  std::vector<double> p_s_;   // exact: response of v to I_k over one step
  std::vector<double> q_x_;   // exact: response of v to the held input over one step
  std::vector<double> i_init_;
  std::vector<std::uint32_t> refractory_steps_;

  // State.
  std::size_t batch_ = 0;
  std::vector<double> v_, i_, held_, was_above_;
  std::vector<std::uint32_t> refractory_left_;
  std::size_t slots_ = 1;
  std::size_t cursor_ = 0;
  std::size_t impulse_targets_ = 1;  // synapse_count_, or 1 (v) for models without synapses
  std::vector<double> impulses_;     // [slot][target][batch][neuron]
};

}  // namespace reef::sim
