// Optimizer steps, schedules and clipping against hand-worked numbers, and the losses on small hand-worked outputs.
#include <doctest/doctest.h>

#include <cmath>

#include "reef/core/error.hpp"
#include "reef/sim/train/loss.hpp"
#include "reef/sim/train/optimizer.hpp"

namespace reef::sim::train {
namespace {

std::vector<Parameter> one_parameter(float value, float grad) { return {Parameter{"p", {1}, {value}, {grad}}}; }

TEST_CASE("adam_first_steps_move_each_weight_by_the_learning_rate_in_the_gradient_direction") {
  // Step 1: m = 0.1 g, v = 0.001 g², bias-corrected m̂ = g, v̂ = g²: update = lr · g / (|g| + eps).
  std::vector<Parameter> p = one_parameter(1.0F, 0.5F);
  Optimizer adam(OptimizerSpec{OptimizerKind::adam});
  adam.step(p, 0.1);
  CHECK(p[0].value[0] == doctest::Approx(1.0 - 0.1 * 0.5 / (0.5 + 1e-8)));
  // Step 2 with gradient -0.5: m = 0.09·0.5 − 0.1·0.5 = −0.005, m̂ = −0.005/0.19; v = 0.5², v̂ = 0.25.
  p[0].grad[0] = -0.5F;
  adam.step(p, 0.1);
  const double m_hat = -0.005 / (1 - 0.81), v_hat = (0.999 * 0.001 * 0.25 + 0.001 * 0.25) / (1 - 0.999 * 0.999);
  CHECK(p[0].value[0] == doctest::Approx(0.9 - 0.1 * m_hat / (std::sqrt(v_hat) + 1e-8)).epsilon(1e-6));
  CHECK(adam.state().steps == 2);
}

TEST_CASE("sgd_momentum_accumulates_the_gradient_like_pytorch") {
  std::vector<Parameter> p = one_parameter(1.0F, 1.0F);
  OptimizerSpec spec{OptimizerKind::sgd};
  spec.momentum = 0.9;
  Optimizer sgd(spec);
  sgd.step(p, 0.1);  // buf = 1
  CHECK(p[0].value[0] == doctest::Approx(0.9));
  sgd.step(p, 0.1);  // buf = 0.9 + 1 = 1.9
  CHECK(p[0].value[0] == doctest::Approx(0.71));
}

TEST_CASE("adamw_decays_the_weight_before_the_adam_update") {
  std::vector<Parameter> p = one_parameter(2.0F, 0.0F);
  OptimizerSpec spec{OptimizerKind::adamw};
  spec.weight_decay = 0.1;
  Optimizer adamw(spec);
  adamw.step(p, 0.5);  // zero gradient: only p -= lr·wd·p
  CHECK(p[0].value[0] == doctest::Approx(2.0 - 0.5 * 0.1 * 2.0));
}

TEST_CASE("optimizer_state_restores_to_identical_updates") {
  std::vector<Parameter> a = one_parameter(1.0F, 0.3F), b = a;
  Optimizer first(OptimizerSpec{OptimizerKind::adam});
  first.step(a, 0.01);
  Optimizer resumed(OptimizerSpec{OptimizerKind::adam});
  resumed.load_state(first.state());
  b[0].value = a[0].value;
  first.step(a, 0.01);
  resumed.step(b, 0.01);
  CHECK(a[0].value == b[0].value);
}

TEST_CASE("schedules_and_clipping_follow_their_formulas") {
  ScheduleSpec step{ScheduleKind::step, 10, 0.5};
  CHECK(learning_rate(step, 1.0, 9, 100) == 1.0);
  CHECK(learning_rate(step, 1.0, 25, 100) == 0.25);
  ScheduleSpec cosine{ScheduleKind::cosine};
  cosine.min_lr = 0.1;
  CHECK(learning_rate(cosine, 1.1, 50, 100) == doctest::Approx(0.6));
  CHECK(learning_rate(cosine, 1.1, 100, 100) == doctest::Approx(0.1));
  std::vector<Parameter> p = {Parameter{"a", {2}, {0, 0}, {3.0F, 4.0F}}};
  CHECK(clip_grad_norm(p, 1.0) == doctest::Approx(5.0));
  CHECK(p[0].grad[0] == doctest::Approx(0.6).epsilon(1e-5));
  CHECK(p[0].grad[1] == doctest::Approx(0.8).epsilon(1e-5));
}

TEST_CASE("cross_entropy_on_spike_counts_matches_a_hand_worked_case") {
  // One sample, two steps, two classes: counts (2, 0), label 0: loss = log(1 + e^-2).
  const std::vector<double> out = {1, 0, 1, 0};
  const std::int32_t label = 0;
  const LossResult r = compute_loss({LossKind::ce_count}, out.data(), 1, 2, 2, &label);
  CHECK(r.loss == doctest::Approx(std::log(1.0 + std::exp(-2.0))));
  const double p0 = 1.0 / (1.0 + std::exp(-2.0));
  CHECK(r.d_output[0] == doctest::Approx(p0 - 1.0));
  CHECK(r.d_output[3] == doctest::Approx(1.0 - p0));
  CHECK(r.correct == 1);
}

TEST_CASE("mse_count_and_membrane_losses_match_hand_worked_cases") {
  const std::vector<double> out = {1, 0, 0.5, 1};  // steps 2, classes 2
  const std::int32_t label = 1;
  LossSpec mse{LossKind::mse_count, 0.8, 0.2};
  // counts (1.5, 1), targets (0.4, 1.6): mean of 1.1² and 0.6².
  const LossResult r = compute_loss(mse, out.data(), 1, 2, 2, &label);
  CHECK(r.loss == doctest::Approx((1.21 + 0.36) / 2));
  CHECK(r.d_output[0] == doctest::Approx(1.1));
  CHECK(r.correct == 0);
  // Max membrane per class (1, 1) at steps (0, 1): loss log 2, gradient only at the maxima.
  const LossResult m = compute_loss({LossKind::ce_max_membrane}, out.data(), 1, 2, 2, &label);
  CHECK(m.loss == doctest::Approx(std::log(2.0)));
  CHECK(m.d_output[0] == doctest::Approx(0.5));
  CHECK(m.d_output[2] == 0.0);
  CHECK(m.d_output[3] == doctest::Approx(-0.5));
  const LossResult last = compute_loss({LossKind::ce_last_membrane}, out.data(), 1, 2, 2, &label);
  CHECK(last.loss == doctest::Approx(std::log(1.0 + std::exp(-0.5))));
  const std::int32_t bad = 2;
  CHECK_THROWS_AS(compute_loss(mse, out.data(), 1, 2, 2, &bad), ValidationError);
}

}  // namespace
}  // namespace reef::sim::train
