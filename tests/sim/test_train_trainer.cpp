// Trainer: a small spiking network learns a separable two-class problem; a run stopped after any batch and resumed
// from its saved state ends with exactly the parameters of an uninterrupted run; batch encoding does not depend on
// the thread count; evaluation scores in index order; mismatched data and state are refused.
#include <doctest/doctest.h>

#include <vector>

#include "reef/core/error.hpp"
#include "reef/sim/train/trainer.hpp"

namespace reef::sim::train {
namespace {

// 4 features: class 0 lights the first two, class 1 the last two (with a little of the others).
Dataset separable(std::size_t n) {
  std::vector<float> values;
  std::vector<std::int32_t> labels;
  for (std::size_t i = 0; i < n; ++i) {
    const bool one = i % 2 == 1;
    const float jitter = 0.1f * static_cast<float>(i % 5) / 5.0f;
    values.insert(values.end(), {one ? jitter : 0.9f, one ? 0.1f : 0.8f + jitter, one ? 0.9f : jitter,
                                 one ? 0.8f + jitter : 0.1f});
    labels.push_back(one ? 1 : 0);
  }
  return Dataset({4}, false, values, labels);
}

ModelSpec small_spec() {
  ModelSpec spec;
  spec.input_shape = {4};
  spec.dt_s = 1e-3;
  LayerSpec hidden;
  hidden.kind = LayerKind::linear;
  hidden.out_features = 8;
  LayerSpec neurons;
  neurons.kind = LayerKind::lif;
  LayerSpec readout;
  readout.kind = LayerKind::linear;
  readout.out_features = 2;
  spec.layers = {hidden, neurons, readout, neurons};
  return spec;
}

TrainSettings small_settings(std::size_t epochs) {
  TrainSettings settings;
  settings.encoder.steps = 10;
  settings.optimizer.kind = OptimizerKind::adam;
  settings.learning_rate = 0.02;
  settings.epochs = epochs;
  settings.batch = 6;
  settings.seed = 11;
  return settings;
}

std::vector<std::vector<float>> values_of(const Model& model) {
  std::vector<std::vector<float>> values;
  for (const Parameter& parameter : model.parameters()) values.push_back(parameter.value);
  return values;
}

TEST_CASE("trainer: a small spiking network learns two separable classes") {
  const Dataset data = separable(40);
  Model model(small_spec(), 3);
  Trainer trainer(model, data, small_settings(30));
  CHECK(trainer.batches_per_epoch() == 7);
  while (!trainer.finished()) trainer.train_batch();
  const Evaluation evaluation = evaluate(model, trainer.encoder(), data, {}, 16, 11);
  CHECK(evaluation.samples == 40);
  CHECK(evaluation.accuracy() >= 0.95);
  CHECK(trainer.finished_epoch().samples == 40);
}

TEST_CASE("trainer: two epochs straight equal one epoch, a saved state, and one more epoch, bit for bit") {
  const Dataset data = separable(20);
  Model straight(small_spec(), 3);
  Trainer full(straight, data, small_settings(2));
  while (!full.finished()) full.train_batch();

  for (const std::size_t stop_after : {std::size_t{4}, std::size_t{5}}) {  // at the epoch's end, and inside epoch 2
    Model first(small_spec(), 3);
    Trainer part(first, data, small_settings(2));
    for (std::size_t b = 0; b < stop_after; ++b) part.train_batch();
    const TrainerState saved = part.state();

    Model resumed(small_spec(), 99);  // different initial weights: the state must overwrite them
    Trainer rest(resumed, data, small_settings(2));
    rest.restore(saved);
    CHECK(rest.epoch() == stop_after / 4);
    while (!rest.finished()) rest.train_batch();
    CHECK(values_of(resumed) == values_of(straight));
    CHECK(rest.finished_epoch().loss_sum == full.finished_epoch().loss_sum);
  }
}

TEST_CASE("trainer: batch encoding gives the same input on one thread or three") {
  const Dataset data = separable(9);
  EncoderSpec spec;
  spec.steps = 5;
  const Encoder encoder(spec, data.sample_shape(), false);
  const auto order = epoch_order(9, 1, 0, true);
  std::vector<float> one;
  std::vector<float> three;
  std::vector<std::int32_t> labels_one;
  std::vector<std::int32_t> labels_three;
  encode_batch(encoder, data, order, 1, 8, 1, 0, 1, one, labels_one);
  encode_batch(encoder, data, order, 1, 8, 1, 0, 3, three, labels_three);
  CHECK(one.size() == 7 * 5 * 4);
  CHECK(one == three);
  CHECK(labels_one == labels_three);
}

TEST_CASE("trainer: data that does not fit the model, and a state from another model, are refused") {
  const Dataset data = separable(10);
  const Dataset wide({5}, false, std::vector<float>(10, 0.5f), {0, 1});
  Model model(small_spec(), 3);
  CHECK_THROWS_WITH_AS(Trainer(model, wide, small_settings(1)), doctest::Contains("input shape"), ValidationError);
  const Dataset many_classes({4}, false, std::vector<float>(8, 0.5f), {0, 2});
  CHECK_THROWS_WITH_AS(Trainer(model, many_classes, small_settings(1)), doctest::Contains("3 classes"),
                       ValidationError);
  Trainer trainer(model, data, small_settings(1));
  TrainerState state = trainer.state();
  state.parameters.pop_back();
  CHECK_THROWS_AS(trainer.restore(state), ValidationError);
  state = trainer.state();
  state.epoch = 5;
  CHECK_THROWS_WITH_AS(trainer.restore(state), doctest::Contains("outside this run"), ValidationError);
}

}  // namespace
}  // namespace reef::sim::train
