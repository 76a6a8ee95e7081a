// Sources and projections of the step engine.
#include "step_network.hpp"

#include <algorithm>
#include <cmath>

#include "reef/core/error.hpp"

namespace reef::sim {

namespace {

std::size_t to_steps(core::Time t, double dt_s) {
  return static_cast<std::size_t>(std::llround(t.seconds() / dt_s));
}

}  // namespace

StepSource::StepSource(const core::Node& node, double dt_s) : name_(node.name), size_(node.size) {
  if (const auto* trains = std::get_if<core::SpikeSourceParams>(&node.params)) {
    for (const auto& channel : trains->times) {
      std::vector<std::size_t> steps;
      for (core::Time t : channel) steps.push_back(to_steps(t, dt_s));
      steps_.push_back(std::move(steps));
    }
    return;
  }
  const auto& poisson = std::get<core::PoissonSourceParams>(node.params);
  poisson_ = true;
  seed_ = poisson.seed;
  first_ = to_steps(poisson.start, dt_s);
  if (poisson.stop != core::Time::max()) stop_ = to_steps(poisson.stop, dt_s);
  for (std::size_t c = 0; c < size_; ++c) {
    mean_.push_back(poisson.rate_hz[c] * dt_s);
    exp_mean_.push_back(std::exp(-mean_.back()));
  }
}

void StepSource::start() {
  cursor_.assign(steps_.size(), 0);
  rng_.clear();
  for (std::size_t c = 0; poisson_ && c < size_; ++c) rng_.emplace_back(seed_, c);
}

std::uint32_t StepSource::poisson_count(std::size_t c) {
  const double mean = mean_[c];
  if (mean <= 0.0) return 0;
  if (mean > 30.0) {
    // Normal approximation for large means (λ·dt > 30: far beyond any per-step rate in practice).
    return static_cast<std::uint32_t>(std::max(0.0, std::round(rng_[c].normal(mean, std::sqrt(mean)))));
  }
  // Knuth: count uniforms until their product drops below e^{−mean}.
  std::uint32_t count = 0;
  double product = rng_[c].uniform();
  while (product > exp_mean_[c]) {
    ++count;
    product *= rng_[c].uniform();
  }
  return count;
}

void StepSource::step(std::size_t t, std::size_t batch, std::vector<StepSpike>& fired) {
  const std::size_t begin = fired.size();
  if (poisson_) {
    if (t < first_ || t >= stop_) return;
    for (std::size_t c = 0; c < size_; ++c) {
      const std::uint32_t count = poisson_count(c);
      if (count > 0) fired.push_back({0, static_cast<std::uint32_t>(c), count});
    }
  } else {
    for (std::size_t c = 0; c < steps_.size(); ++c) {
      std::uint32_t count = 0;
      std::size_t& at = cursor_[c];
      for (; at < steps_[c].size() && steps_[c][at] == t; ++at) ++count;  // sorted, visited step by step
      if (count > 0) fired.push_back({0, static_cast<std::uint32_t>(c), count});
    }
  }
  const std::size_t end = fired.size();
  for (std::size_t b = 1; b < batch; ++b)
    for (std::size_t e = begin; e < end; ++e) fired.push_back({static_cast<std::uint32_t>(b), fired[e].neuron,
                                                               fired[e].count});
}

StepProjection::StepProjection(const core::Edge& edge, std::size_t target_group, double dt_s)
    : target_group_(target_group), synapse_(edge.synapse) {
  const core::Synapses sparse = edge.synapses.to_sparse();
  topology_ = sparse.topology();
  weights_.assign(sparse.weights().begin(), sparse.weights().end());
  for (core::Time delay : sparse.delays()) {
    const double steps = std::round(delay.seconds() / dt_s);
    if (steps > 1e6)
      throw ValidationError("projection '" + edge.name + "': a delay of " + core::format_duration(delay) +
                            " is more than a million steps of dt; use a larger --dt");
    delays_.push_back(static_cast<std::uint32_t>(steps));
    max_delay_ = std::max<std::size_t>(max_delay_, delays_.back());
  }
}

std::uint64_t StepProjection::deliver(const std::vector<StepSpike>& fired, NeuronGroup& target) const {
  std::uint64_t deliveries = 0;
  const bool shared_weight = weights_.size() == 1;
  const bool shared_delay = delays_.size() == 1;
  for (const StepSpike& spike : fired) {
    const std::uint64_t begin = topology_.row_offsets[spike.neuron];
    const std::uint64_t end = topology_.row_offsets[spike.neuron + 1];
    const double count = static_cast<double>(spike.count);
    for (std::uint64_t s = begin; s < end; ++s) {
      target.add_impulse(delays_[shared_delay ? 0 : s], synapse_, spike.sample, topology_.targets[s],
                         count * weights_[shared_weight ? 0 : s]);
    }
    deliveries += (end - begin) * spike.count;
  }
  return deliveries;
}

}  // namespace reef::sim
