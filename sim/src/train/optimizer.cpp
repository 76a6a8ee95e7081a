// SGD (momentum, Nesterov), Adam and AdamW updates with PyTorch's formulas, learning-rate schedules and global-norm
// gradient clipping. Arithmetic in double per element, stored back as float.
#include "reef/sim/train/optimizer.hpp"

#include <cmath>
#include <numbers>
#include <string>

#include "reef/core/error.hpp"

namespace reef::sim::train {

std::string_view to_string(OptimizerKind kind) {
  switch (kind) {
    case OptimizerKind::sgd: return "sgd";
    case OptimizerKind::adam: return "adam";
    case OptimizerKind::adamw: return "adamw";
  }
  return "?";
}

std::optional<OptimizerKind> parse_optimizer_kind(std::string_view text) {
  for (OptimizerKind kind : {OptimizerKind::sgd, OptimizerKind::adam, OptimizerKind::adamw})
    if (text == to_string(kind)) return kind;
  return std::nullopt;
}

std::string_view to_string(ScheduleKind kind) {
  switch (kind) {
    case ScheduleKind::constant: return "constant";
    case ScheduleKind::step: return "step";
    case ScheduleKind::cosine: return "cosine";
  }
  return "?";
}

std::optional<ScheduleKind> parse_schedule_kind(std::string_view text) {
  for (ScheduleKind kind : {ScheduleKind::constant, ScheduleKind::step, ScheduleKind::cosine})
    if (text == to_string(kind)) return kind;
  return std::nullopt;
}

Optimizer::Optimizer(const OptimizerSpec& spec) : spec_(spec) {
  if (!(spec.momentum >= 0.0) || !(spec.weight_decay >= 0.0) || !(spec.eps > 0.0))
    throw ValidationError("optimizer: momentum and weight_decay must be >= 0 and eps > 0");
  if (!(spec.beta1 >= 0.0 && spec.beta1 < 1.0) || !(spec.beta2 >= 0.0 && spec.beta2 < 1.0))
    throw ValidationError("optimizer: beta1 and beta2 must be in [0, 1)");
  if (spec.nesterov && spec.momentum == 0.0) throw ValidationError("optimizer: nesterov needs a momentum above 0");
}

void Optimizer::load_state(OptimizerState state) { state_ = std::move(state); }

void Optimizer::step(std::vector<Parameter>& parameters, double lr) {
  const bool adam = spec_.kind != OptimizerKind::sgd;
  const std::size_t slots_per = adam ? 2 : (spec_.momentum > 0.0 ? 1 : 0);
  if (state_.slots.empty() && slots_per > 0)
    for (std::size_t s = 0; s < slots_per; ++s)
      for (const Parameter& p : parameters) state_.slots.emplace_back(p.value.size(), 0.0F);
  if (state_.slots.size() != slots_per * parameters.size())
    throw ValidationError("optimizer state has " + std::to_string(state_.slots.size()) + " buffers, the model needs " +
                          std::to_string(slots_per * parameters.size()));
  for (std::size_t s = 0; s < state_.slots.size(); ++s)
    if (state_.slots[s].size() != parameters[s % parameters.size()].value.size())
      throw ValidationError("optimizer state buffer " + std::to_string(s) + " does not match parameter '" +
                            parameters[s % parameters.size()].name + "'");
  ++state_.steps;
  const double wd = spec_.weight_decay;
  const double bias1 = 1.0 - std::pow(spec_.beta1, static_cast<double>(state_.steps));
  const double bias2 = 1.0 - std::pow(spec_.beta2, static_cast<double>(state_.steps));
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    Parameter& p = parameters[k];
    for (std::size_t e = 0; e < p.value.size(); ++e) {
      double value = p.value[e];
      double g = p.grad[e];
      if (spec_.kind == OptimizerKind::adamw) {
        value -= lr * wd * value;
      } else {
        g += wd * value;
      }
      if (!adam) {
        if (slots_per == 1) {
          float& buf = state_.slots[k][e];
          const double b = state_.steps == 1 ? g : spec_.momentum * buf + g;
          buf = static_cast<float>(b);
          g = spec_.nesterov ? g + spec_.momentum * b : b;
        }
        p.value[e] = static_cast<float>(value - lr * g);
        continue;
      }
      float& m = state_.slots[k][e];
      float& v = state_.slots[parameters.size() + k][e];
      const double m_new = spec_.beta1 * m + (1.0 - spec_.beta1) * g;
      const double v_new = spec_.beta2 * v + (1.0 - spec_.beta2) * g * g;
      m = static_cast<float>(m_new);
      v = static_cast<float>(v_new);
      const double denom = std::sqrt(v_new) / std::sqrt(bias2) + spec_.eps;
      p.value[e] = static_cast<float>(value - lr / bias1 * m_new / denom);
    }
  }
}

double learning_rate(const ScheduleSpec& schedule, double base_lr, std::size_t step, std::size_t total_steps) {
  double lr = base_lr;
  switch (schedule.kind) {
    case ScheduleKind::constant: break;
    case ScheduleKind::step:
      lr = base_lr * std::pow(schedule.gamma, static_cast<double>(step / std::max<std::size_t>(1, schedule.step_size)));
      break;
    case ScheduleKind::cosine: {
      const double progress =
          total_steps == 0 ? 0.0 : std::min(1.0, static_cast<double>(step) / static_cast<double>(total_steps));
      lr = schedule.min_lr + (base_lr - schedule.min_lr) * (1.0 + std::cos(std::numbers::pi * progress)) / 2.0;
      break;
    }
  }
  if (step < schedule.warmup_steps)
    lr *= static_cast<double>(step + 1) / static_cast<double>(schedule.warmup_steps);
  return lr;
}

double clip_grad_norm(std::vector<Parameter>& parameters, double max_norm) {
  double sum = 0.0;
  for (const Parameter& p : parameters)
    for (float g : p.grad) sum += static_cast<double>(g) * g;
  const double norm = std::sqrt(sum);
  const double scale = max_norm / (norm + 1e-6);
  if (scale < 1.0)
    for (Parameter& p : parameters)
      for (float& g : p.grad) g = static_cast<float>(g * scale);
  return norm;
}

}  // namespace reef::sim::train
