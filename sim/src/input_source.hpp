// Input channels as the event engine plays them. Explicit spike trains use one timer per channel. Independent
// Poisson trains are played as their superposition — one Poisson process with the summed rate whose every spike
// goes to channel c with probability rate_c / Σ rate — which has exactly the same statistics and needs one timer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine_clock.hpp"
#include "reef/core/graph.hpp"
#include "reef/core/random.hpp"

namespace reef::sim {

class InputSource {
 public:
  InputSource(const core::Node& node, std::uint32_t node_id, std::uint32_t first_timer);

  const std::string& name() const { return name_; }
  std::uint32_t node_id() const { return node_id_; }
  std::uint32_t size() const { return size_; }
  std::uint32_t first_timer() const { return first_timer_; }
  std::uint32_t timer_count() const { return poisson_ ? 1 : size_; }

  // Rewinds every channel to the start of the run.
  void reset();
  // The next spike of a timer, given that its previous one (or the start of the run, -1) was at `now`;
  // kNoTick when there is none. Spike trains may hold several spikes at one time.
  Tick next_spike(std::uint32_t timer, Tick now);
  // The channel of the spike a timer has pending.
  std::uint32_t channel(std::uint32_t timer) const { return poisson_ ? poisson_channel_ : timer; }

 private:
  std::string name_;
  std::uint32_t node_id_;
  std::uint32_t size_;
  std::uint32_t first_timer_;
  bool poisson_ = false;
  // Spike trains.
  std::vector<std::vector<Tick>> times_;
  std::vector<std::size_t> cursor_;
  // Poisson trains.
  std::vector<double> cumulative_rate_hz_;  // running sums over channels
  bool equal_rates_ = false;
  std::uint64_t seed_ = 0;
  Tick start_ = 0;
  Tick stop_ = kNoTick;
  core::Rng rng_{0};
  std::uint32_t poisson_channel_ = 0;
};

}  // namespace reef::sim
