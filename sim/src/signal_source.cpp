// Piecewise-constant signals of NIR Input nodes: binding a run's values and walking their change points.
#include "signal_source.hpp"

#include "reef/core/error.hpp"

namespace reef::sim {

SignalSource::SignalSource(const core::Node& node, std::uint32_t timer)
    : name_(node.name), timer_(timer), channels_(node.size), change_(node.size, 0.0) {}

void SignalSource::bind(const SignalInput* input) {
  values_.clear();
  steps_ = 0;
  dt_ = 0;
  if (input) {
    const std::string where = "signal for Input node '" + name_ + "'";
    if (input->dt.ns() <= 0) throw ValidationError(where + ": dt must be positive");
    if (channels_ == 0 || input->values.size() % channels_ != 0)
      throw ValidationError(where + ": " + std::to_string(input->values.size()) + " values are not whole rows of " +
                            std::to_string(channels_) + " channels; give [steps, " + std::to_string(channels_) +
                            "] values");
    values_ = input->values;
    steps_ = values_.size() / channels_;
    dt_ = to_ticks(input->dt);
    if (steps_ > 0 && static_cast<double>(steps_) * static_cast<double>(dt_) >= static_cast<double>(kNoTick) / 2)
      throw ValidationError(where + ": " + std::to_string(steps_) + " steps of dt run past the 106 days the event "
                            "engine can simulate");
  }
  seek(0);
}

bool SignalSource::changes_at(std::size_t step) const {
  for (std::size_t c = 0; c < channels_; ++c)
    if (value(step, c) != (step > 0 ? value(step - 1, c) : 0.0)) return true;
  return false;
}

void SignalSource::seek(std::size_t step) {
  while (step <= steps_ && !changes_at(step)) ++step;
  step_ = step;
  next_tick_ = step <= steps_ ? static_cast<Tick>(step) * dt_ : kNoTick;
}

const std::vector<double>& SignalSource::take_change() {
  for (std::size_t c = 0; c < channels_; ++c)
    change_[c] = value(step_, c) - (step_ > 0 ? value(step_ - 1, c) : 0.0);
  seek(step_ + 1);
  return change_;
}

}  // namespace reef::sim
