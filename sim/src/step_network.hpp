// The YAML part of a graph on the step engine's grid: spike-train and Poisson sources sampled per step, and
// projections (CSR, one weight and a delay in whole steps per synapse) that turn a step's spikes into impulses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "reef/core/graph.hpp"
#include "reef/core/random.hpp"
#include "step_neurons.hpp"

namespace reef::sim {

// A spike or Poisson source. Spike times are rounded to the nearest step; a Poisson channel with rate λ draws a
// Poisson(λ·dt) count every step in [start, stop) from its own stream Rng(seed, channel), so runs are deterministic.
class StepSource {
 public:
  StepSource(const core::Node& node, double dt_s);

  const std::string& name() const { return name_; }
  std::size_t size() const { return size_; }
  void start();
  // Appends this step's spikes, the same for every one of `batch` samples.
  void step(std::size_t t, std::size_t batch, std::vector<StepSpike>& fired);

 private:
  std::uint32_t poisson_count(std::size_t channel);

  std::string name_;
  std::size_t size_ = 0;
  bool poisson_ = false;
  std::vector<std::vector<std::size_t>> steps_;  // spike trains: sorted step of every spike
  std::vector<std::size_t> cursor_;
  std::vector<double> mean_;       // Poisson: λ·dt per channel
  std::vector<double> exp_mean_;   // e^{−λ·dt}
  std::uint64_t seed_ = 0;
  std::size_t first_ = 0;
  std::size_t stop_ = SIZE_MAX;
  std::vector<core::Rng> rng_;
};

class StepProjection {
 public:
  // `synapse`: the target's synapse index, or 0 for models whose v jumps.
  StepProjection(const core::Edge& edge, std::size_t target_group, double dt_s);

  std::size_t target_group() const { return target_group_; }
  std::size_t max_delay_steps() const { return max_delay_; }
  // Adds the impulses of `fired` (spikes of the source node) to the target; returns the number of deliveries.
  std::uint64_t deliver(const std::vector<StepSpike>& fired, NeuronGroup& target) const;

 private:
  std::size_t target_group_;
  std::size_t synapse_;
  core::CsrTopology topology_;
  std::vector<double> weights_;       // 1 shared or one per synapse
  std::vector<std::uint32_t> delays_; // 1 shared or one per synapse, in steps
  std::size_t max_delay_ = 0;
};

}  // namespace reef::sim
