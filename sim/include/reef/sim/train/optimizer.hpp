// Optimizers (SGD with momentum, Adam, AdamW as in PyTorch), learning-rate schedules and global-norm gradient
// clipping over a Model's parameters. State (moments, step count) can be saved and restored for bit-identical resumes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "reef/sim/train/model.hpp"

namespace reef::sim::train {

enum class OptimizerKind { sgd, adam, adamw };
std::string_view to_string(OptimizerKind kind);
std::optional<OptimizerKind> parse_optimizer_kind(std::string_view text);

struct OptimizerSpec {
  OptimizerKind kind = OptimizerKind::adam;
  double momentum = 0.0;      // sgd (PyTorch form: buf = m·buf + g; p −= lr·buf)
  bool nesterov = false;      // sgd
  double beta1 = 0.9;         // adam, adamw
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0.0;  // sgd, adam: added to the gradient (L2); adamw: decoupled p −= lr·wd·p
};

// Everything an optimizer remembers between steps.
struct OptimizerState {
  std::uint64_t steps = 0;
  std::vector<std::vector<float>> slots;  // sgd: momentum buffers; adam: m then v of every parameter
};

class Optimizer {
 public:
  // Throws ValidationError for a negative momentum/decay or betas outside [0, 1).
  explicit Optimizer(const OptimizerSpec& spec);
  const OptimizerSpec& spec() const { return spec_; }
  // One update of every parameter from its grad with learning rate `lr` (the grads are left as they are).
  void step(std::vector<Parameter>& parameters, double lr);
  const OptimizerState& state() const { return state_; }
  // Throws ValidationError when the slots do not match the parameters' sizes at the next step().
  void load_state(OptimizerState state);

 private:
  OptimizerSpec spec_;
  OptimizerState state_;
};

enum class ScheduleKind {
  constant,  // base_lr
  step,      // base_lr · gamma^floor(step / step_size)
  cosine,    // min_lr + (base_lr − min_lr) · (1 + cos(π · step / total_steps)) / 2
};
std::string_view to_string(ScheduleKind kind);
std::optional<ScheduleKind> parse_schedule_kind(std::string_view text);

struct ScheduleSpec {
  ScheduleKind kind = ScheduleKind::constant;
  std::size_t step_size = 1;   // step: optimizer steps per decay
  double gamma = 0.1;          // step
  double min_lr = 0.0;         // cosine
  std::size_t warmup_steps = 0;  // linear ramp from 0 over the first steps (any kind)
};

// The learning rate of optimizer step `step` (0-based) of `total_steps`.
double learning_rate(const ScheduleSpec& schedule, double base_lr, std::size_t step, std::size_t total_steps);

// Scales every grad by max_norm / (norm + 1e-6) when the global L2 norm exceeds max_norm (PyTorch
// clip_grad_norm_); returns the norm before clipping.
double clip_grad_norm(std::vector<Parameter>& parameters, double max_norm);

}  // namespace reef::sim::train
