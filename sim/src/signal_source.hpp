// A NIR Input node as the event engine plays it: a piecewise-constant signal (bound at the start of a run) and the
// routes by which it reaches neuron populations. It owns one timer, due at each step boundary where x changes, so a
// signal that holds still costs nothing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine_clock.hpp"
#include "reef/core/graph.hpp"
#include "reef/sim/event_engine.hpp"

namespace reef::sim {

// x reaches the population's neurons as the input W x: rows over the Input's channels, non-zero entries only.
struct SignalRouteToPopulation {
  std::uint32_t population = 0;
  core::CsrTopology topology;
  std::vector<double> gains;
};

class SignalSource {
 public:
  SignalSource(const core::Node& node, std::uint32_t timer);

  const std::string& name() const { return name_; }
  std::uint32_t timer() const { return timer_; }
  std::size_t channels() const { return channels_; }
  void add_route(SignalRouteToPopulation route) { routes_.push_back(std::move(route)); }
  const std::vector<SignalRouteToPopulation>& routes() const { return routes_; }

  // Takes the run's signal (nullptr: x = 0 throughout) and rewinds to t = 0. Throws ValidationError when dt is not
  // positive, the values are not whole rows of channels(), or the signal runs past the clock's range.
  void bind(const SignalInput* input);
  // The tick of the next step boundary at which x changes; kNoTick when x holds still from here on.
  Tick next_change() const { return next_tick_; }
  // x at that boundary minus x just before it, per channel; then moves on to the following change.
  const std::vector<double>& take_change();

 private:
  double value(std::size_t step, std::size_t c) const { return step < steps_ ? values_[step * channels_ + c] : 0.0; }
  bool changes_at(std::size_t step) const;
  void seek(std::size_t step);  // the first boundary at or after `step` where x changes

  std::string name_;
  std::uint32_t timer_;
  std::size_t channels_;
  std::vector<SignalRouteToPopulation> routes_;
  std::vector<double> values_;
  std::size_t steps_ = 0;
  Tick dt_ = 0;
  std::size_t step_ = 0;
  Tick next_tick_ = kNoTick;
  std::vector<double> change_;
};

}  // namespace reef::sim
