// Spike-train and Poisson input channels.
#include "input_source.hpp"

#include <algorithm>

namespace reef::sim {

InputSource::InputSource(const core::Node& node, std::uint32_t node_id, std::uint32_t first_timer)
    : name_(node.name), node_id_(node_id), size_(static_cast<std::uint32_t>(node.size)), first_timer_(first_timer) {
  if (const auto* trains = std::get_if<core::SpikeSourceParams>(&node.params)) {
    for (const auto& channel : trains->times) {
      std::vector<Tick> ticks(channel.size());
      std::transform(channel.begin(), channel.end(), ticks.begin(), [](core::Time t) { return to_ticks(t); });
      times_.push_back(std::move(ticks));
    }
  } else {
    const auto& poisson = std::get<core::PoissonSourceParams>(node.params);
    poisson_ = true;
    seed_ = poisson.seed;
    start_ = to_ticks(poisson.start);
    stop_ = poisson.stop == core::Time::max() ? kNoTick : to_ticks(poisson.stop);
    equal_rates_ = poisson.rate_hz.is_shared();
    double total = 0.0;
    for (std::uint32_t c = 0; c < size_; ++c) cumulative_rate_hz_.push_back(total += poisson.rate_hz[c]);
  }
  reset();
}

void InputSource::reset() {
  cursor_.assign(times_.size(), 0);
  rng_ = core::Rng(seed_);
}

Tick InputSource::next_spike(std::uint32_t timer, Tick now) {
  if (!poisson_) {
    const std::vector<Tick>& train = times_[timer];
    std::size_t& at = cursor_[timer];
    return at < train.size() ? train[at++] : kNoTick;
  }
  const double total = cumulative_rate_hz_.back();
  if (total <= 0.0) return kNoTick;
  const Tick from = std::max(now, start_);
  const Tick next = from + std::max<Tick>(1, ticks_nearest(rng_.exponential(total)));
  if (next >= stop_) return kNoTick;
  if (equal_rates_) {
    poisson_channel_ = static_cast<std::uint32_t>(rng_.uniform_index(size_));
    return next;
  }
  const double pick = rng_.uniform() * total;
  const auto found = std::upper_bound(cumulative_rate_hz_.begin(), cumulative_rate_hz_.end(), pick);
  poisson_channel_ = static_cast<std::uint32_t>(
      std::min<std::ptrdiff_t>(found - cumulative_rate_hz_.begin(), static_cast<std::ptrdiff_t>(size_) - 1));
  return next;
}

}  // namespace reef::sim
