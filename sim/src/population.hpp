// One neuron population as the event engine holds it: parameters expanded per neuron, and state in an exponential
// basis anchored at a shared time origin T0, so a synaptic input costs two multiply-adds and no exponentials:
//   I_k(t) = G_k e^{-s/τk},  v(t) = v_inf + A e^{-s/τm} + r Σ_k G_k h_k(s),  s = t − T0,
// with h_k(s) = β_k e^{-s/τk}, β_k = τk/(τk − τm) (or (s/τm) e^{-s/τm} when τk = τm). IF neurons: v = A + slope·s.
// The engine moves the origin forward now and then to keep e^{s/τ} small; each neuron's state catches up with
// it the next time the neuron is touched, so neurons that receive no event cost nothing.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine_clock.hpp"
#include "membrane_trajectory.hpp"
#include "reef/core/graph.hpp"

namespace reef::sim {

// What a neuron's timer stands for.
enum class Pending : std::uint8_t {
  none,            // not in the timer heap
  check,           // a lower bound on its next crossing: look again then
  fire,            // its exact next crossing, computed after its latest input
  refractory_end,  // the end of its refractory period
};

// e^{±s/τ} and the derived coefficients at one tick, for one neuron's time constants.
struct Factors {
  Tick tick = kNoTick;
  double s = 0.0;
  double em = 1.0, em_inv = 1.0;
  std::array<double, kMaxSynapses> ek{}, ek_inv{}, a_coef{}, h{};
};

// What the delivery path reads and writes for one neuron, kept in one cache line.
struct alignas(64) NeuronRecord {
  double a = 0.0;      // membrane coefficient
  double v_inf = 0.0;  // resting value with the bias
  double r = 1.0;
  double v_th = 0.0;
  Tick origin = 0;            // the origin a and the synaptic coefficients refer to
  Tick scheduled = kNoTick;   // tick of the pending timer
  Pending pending = Pending::none;
  std::uint8_t checks_since_input = 0;
};

struct Prediction {
  Pending pending = Pending::none;
  Tick offset = 0;  // ticks from now
};

class Population {
 public:
  // `extra_bias` (per neuron, may be empty) adds the constant currents projected onto this population.
  Population(const core::Node& node, std::uint32_t first_timer, const std::vector<double>& extra_bias);

  const std::string& name() const { return name_; }
  std::uint32_t size() const { return size_; }
  std::uint32_t first_timer() const { return first_timer_; }
  std::size_t synapse_count() const { return synapse_count_; }
  const std::vector<std::string>& synapse_names() const { return synapse_names_; }
  bool spikes() const { return spikes_; }
  double min_tau() const { return min_tau_; }

  // The factors at tick t for neuron j, after moving its state onto `origin` if it still refers to an older one.
  // Every state access below takes these factors, so always fetch them first.
  const Factors& factors(std::uint32_t j, Tick t, Tick origin) {
    if (shared_taus_ && cache_.tick == t && cache_origin_ == origin && records_[j].origin == origin) return cache_;
    return refresh_factors(j, t, origin);
  }

  double voltage(std::uint32_t j, const Factors& f) const {
    if (!leaky_) return records_[j].a + slope_[j] * f.s;
    double synaptic = 0.0;
    const double* g = g_.data() + std::size_t{j} * synapse_count_;
    for (std::size_t k = 0; k < synapse_count_; ++k) synaptic += g[k] * f.h[k];
    return records_[j].v_inf + records_[j].a * f.em_inv + records_[j].r * synaptic;
  }
  double current(std::uint32_t j, std::size_t k, const Factors& f) const {
    return g_[j * synapse_count_ + k] * f.ek_inv[k];
  }
  // Sets A so that v(now) = v.
  void set_voltage(std::uint32_t j, double v, const Factors& f);

  // A spike of weight w arrives on synapse k (or on v for models without synapses).
  void add_input(std::uint32_t j, std::size_t k, double w, const Factors& f);
  // NIR's continuous input into neuron j steps by d from now on (a piecewise-constant signal or a bias): it drives
  // synapse 0 through w_in (tau_syn dI/dt = −I + w_in·x), or v directly when there is no synapse; v and I stay
  // continuous. Returns the signed size of the step as the membrane sees it (> 0 can only bring a crossing earlier).
  double add_drive(std::uint32_t j, double d, const Factors& f);

  // When the neuron will next reach threshold, from its state now: exact for models without synaptic currents;
  // with currents a cheap lower bound, a tighter one with `refine`, the exact crossing with `exact`.
  // `enough`: a lower bound of this many seconds is as good as any to the caller, so the search may stop there.
  Prediction predict(std::uint32_t j, const Factors& f, bool refine = false, bool exact = false,
                     double enough = kNever) const;

  // After a spike at voltage v_fire: the voltage to continue from (reset to value or by subtraction).
  double reset_voltage(std::uint32_t j, double v_fire) const;
  double threshold(std::uint32_t j) const { return records_[j].v_th; }
  Tick refractory(std::uint32_t j) const { return refractory_[j]; }

  // Sets every neuron's state to its initial values (at the origin, which must be tick 0).
  void initialise(Tick origin);

  // Per-neuron engine bookkeeping kept beside the state.
  NeuronRecord& record(std::uint32_t j) { return records_[j]; }
  const NeuronRecord& record(std::uint32_t j) const { return records_[j]; }
  double& held_voltage(std::uint32_t j) { return held_voltage_[j]; }  // v during the refractory period

 private:
  double tau_m(std::uint32_t j) const { return tau_m_[shared_taus_ ? 0 : j]; }
  std::size_t tau_row(std::uint32_t j) const { return (shared_taus_ ? 0 : j) * synapse_count_; }
  void compute_factors(std::uint32_t j, Tick t, Tick origin, Factors& out) const;
  const Factors& refresh_factors(std::uint32_t j, Tick t, Tick origin);
  void move_origin(std::uint32_t j, Tick origin);
  MembraneTrajectory trajectory(std::uint32_t j, const Factors& f) const;

  std::string name_;
  std::uint32_t size_ = 0;
  std::uint32_t first_timer_ = 0;
  core::NeuronModel model_;
  core::ResetMode reset_;
  bool spikes_ = true;
  bool leaky_ = true;
  bool shared_taus_ = true;
  std::size_t synapse_count_ = 0;
  std::vector<std::string> synapse_names_;
  double min_tau_ = kNever;

  std::vector<NeuronRecord> records_;
  std::vector<double> held_voltage_;
  std::vector<double> v_reset_, v_initial_, slope_;
  std::vector<Tick> refractory_;
  std::vector<double> tau_m_;                                // 1 or size values
  std::vector<double> tau_syn_, beta_, peak_;                // (1 or size) × synapse_count
  std::vector<std::uint8_t> degenerate_;                     // τk == τm
  std::vector<std::uint8_t> power_;                          // n when τm = n τk (see integer_tau_ratio)
  std::vector<double> synapse_initial_;                      // size × synapse_count
  std::vector<double> w_in_;                                 // synapse 0's input gain per neuron (with synapses)

  std::vector<double> g_;  // synaptic coefficients, size × synapse_count
  Factors cache_;                 // shared time constants: factors at the latest tick asked for
  Tick cache_origin_ = kNoTick;
  Factors scratch_;               // per-neuron time constants
  Tick decay_from_ = kNoTick, decay_to_ = kNoTick;  // the origin move decay_m_ and decay_ describe
  double decay_m_ = 1.0;
  std::array<double, kMaxSynapses> decay_{};
};

}  // namespace reef::sim
