// The training loop (encode, forward, loss, backward, clip, optimizer step), its resumable state, batch encoding
// over threads, and evaluation.
#include "reef/sim/train/trainer.hpp"

#include <algorithm>
#include <string>
#include <thread>

#include "reef/core/error.hpp"

namespace reef::sim::train {
namespace {

std::string shape_text(const std::vector<std::size_t>& shape) {
  std::string text = "(";
  for (std::size_t k = 0; k < shape.size(); ++k) text += (k > 0 ? ", " : "") + std::to_string(shape[k]);
  return text + ")";
}

void check_fits(const Model& model, const Encoder& encoder, const Dataset& data) {
  if (model.spec().input_shape != encoder.step_shape()) {
    throw ValidationError("the model's input shape " + shape_text(model.spec().input_shape) +
                          " is not the shape of one encoded step of the data " + shape_text(encoder.step_shape()));
  }
  if (data.class_count() > model.output_size()) {
    throw ValidationError("the data has " + std::to_string(data.class_count()) + " classes but the model only " +
                          std::to_string(model.output_size()) + " outputs; give the last layer one per class");
  }
}

void check_augmentable(const AugmentSpec& augment, const Dataset& data) {
  if (!augment.enabled()) return;
  if (data.sequence())
    throw ValidationError("augment: the samples are sequences " + shape_text(data.sample_shape()) +
                          "; only still images can be augmented");
  const std::size_t rank = data.sample_shape().size();
  if (rank != 2 && rank != 3)
    throw ValidationError("augment: the samples have shape " + shape_text(data.sample_shape()) +
                          ", not an image (C, H, W) or (H, W); give data.shape, e.g. [1, 28, 28]");
}

}  // namespace

void encode_batch(const Encoder& encoder, const Dataset& data, const std::vector<std::size_t>& order, std::size_t begin,
                  std::size_t end, std::uint64_t seed, std::uint64_t pass, std::size_t threads,
                  std::vector<float>& input, std::vector<std::int32_t>& labels, const AugmentSpec& augment) {
  const std::size_t count = end - begin;
  const std::size_t sample_floats = encoder.steps() * encoder.step_size();
  input.resize(count * sample_floats);
  labels.resize(count);
  const bool augmenting = augment.enabled() && pass != kEvaluationPass;
  const auto encode_range = [&](std::size_t first, std::size_t last) {
    std::vector<float> augmented;
    for (std::size_t b = first; b < last; ++b) {
      const std::size_t index = order[begin + b];
      std::span<const float> sample = data.sample(index);
      if (augmenting) {
        augmented.resize(sample.size());
        augment_image(sample, data.sample_shape(), augment, seed, index, pass, augmented);
        sample = augmented;
      }
      encoder.encode(sample, seed, index, pass, input.data() + b * sample_floats, encoder.step_size());
      labels[b] = data.label(index);
    }
  };
  const std::size_t workers = std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(count, 1));
  std::vector<std::thread> pool;
  for (std::size_t w = 1; w < workers; ++w) {
    pool.emplace_back(encode_range, count * w / workers, count * (w + 1) / workers);
  }
  encode_range(0, count / workers);
  for (auto& thread : pool) thread.join();
}

Trainer::Trainer(Model& model, const Dataset& train, const TrainSettings& settings)
    : model_(model),
      train_(train),
      settings_(settings),
      encoder_(settings.encoder, train.sample_shape(), train.sequence()),
      optimizer_(settings.optimizer) {
  check_fits(model_, encoder_, train_);
  check_augmentable(settings_.augment, train_);
  if (train_.size() == 0) throw ValidationError("the training set is empty");
  batches_ = batch_count(train_.size(), settings_.batch);
  order_ = epoch_order(train_.size(), settings_.seed, epoch_, settings_.shuffle);
}

BatchResult Trainer::train_batch() {
  REEF_ASSERT(!finished(), "train_batch() after the last epoch");
  const BatchRange range = batch_range(train_.size(), settings_.batch, batch_);
  const std::size_t count = range.end - range.begin;
  encode_batch(encoder_, train_, order_, range.begin, range.end, settings_.seed, epoch_, model_.execution().threads,
               input_, labels_, settings_.augment);
  model_.zero_grad();
  const std::vector<double>& output = model_.forward(input_.data(), encoder_.steps(), count);
  const LossResult loss =
      compute_loss(settings_.loss, output.data(), count, encoder_.steps(), model_.output_size(), labels_.data());
  const bool regularize = settings_.regularizer.weight > 0;
  model_.backward(loss.d_output.data(), regularize ? &settings_.regularizer : nullptr);
  if (settings_.clip_grad_norm > 0) clip_grad_norm(model_.parameters(), settings_.clip_grad_norm);
  BatchResult result;
  result.learning_rate = learning_rate(settings_.schedule, settings_.learning_rate, epoch_ * batches_ + batch_,
                                       settings_.epochs * batches_);
  optimizer_.step(model_.parameters(), result.learning_rate);

  result.loss = loss.loss + (regularize ? model_.rate_penalty(settings_.regularizer) : 0.0);
  result.correct = loss.correct;
  result.samples = count;
  totals_.loss_sum += result.loss * static_cast<double>(count);
  totals_.correct += loss.correct;
  totals_.samples += count;
  if (++batch_ == batches_) {
    result.epoch_finished = true;
    finished_ = totals_;
    totals_ = {};
    batch_ = 0;
    ++epoch_;
    if (!finished()) order_ = epoch_order(train_.size(), settings_.seed, epoch_, settings_.shuffle);
  }
  return result;
}

TrainerState Trainer::state() const {
  TrainerState state;
  for (const Parameter& parameter : model_.parameters()) {
    state.parameters.push_back({parameter.name, parameter.shape, parameter.value, {}});
  }
  state.optimizer = optimizer_.state();
  state.epoch = epoch_;
  state.batch = batch_;
  state.totals = totals_;
  return state;
}

void set_parameters(Model& model, const std::vector<Parameter>& saved) {
  std::vector<Parameter>& parameters = model.parameters();
  if (saved.size() != parameters.size()) {
    throw ValidationError("the saved state has " + std::to_string(saved.size()) + " parameters but the model " +
                          std::to_string(parameters.size()) + "; was it saved from a different model?");
  }
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    if (saved[i].name != parameters[i].name || saved[i].value.size() != parameters[i].value.size()) {
      throw ValidationError("saved parameter '" + saved[i].name + "' (" + std::to_string(saved[i].value.size()) +
                            " values) does not match the model's '" + parameters[i].name + "' (" +
                            std::to_string(parameters[i].value.size()) + " values)");
    }
  }
  for (std::size_t i = 0; i < parameters.size(); ++i) parameters[i].value = saved[i].value;
}

void Trainer::restore(const TrainerState& state) {
  const bool past_end = state.epoch == settings_.epochs && state.batch != 0;
  if (state.epoch > settings_.epochs || state.batch >= batches_ || past_end) {
    throw ValidationError("the saved position (epoch " + std::to_string(state.epoch + 1) + ", batch " +
                          std::to_string(state.batch) + ") lies outside this run of " +
                          std::to_string(settings_.epochs) + " epochs of " + std::to_string(batches_) + " batches");
  }
  set_parameters(model_, state.parameters);
  optimizer_.load_state(state.optimizer);
  epoch_ = state.epoch;
  batch_ = state.batch;
  totals_ = state.totals;
  if (!finished()) order_ = epoch_order(train_.size(), settings_.seed, epoch_, settings_.shuffle);
}

Evaluation evaluate(Model& model, const Encoder& encoder, const Dataset& data, const LossSpec& loss, std::size_t batch,
                    std::uint64_t seed, std::vector<double>* outputs, std::vector<float>* inputs) {
  check_fits(model, encoder, data);
  const std::vector<std::size_t> order = epoch_order(data.size(), seed, 0, false);
  Evaluation evaluation;
  std::vector<float> input;
  std::vector<std::int32_t> labels;
  if (outputs != nullptr) outputs->clear();
  if (inputs != nullptr) inputs->clear();
  double loss_sum = 0.0;
  for (std::size_t b = 0; b < batch_count(data.size(), batch); ++b) {
    const BatchRange range = batch_range(data.size(), batch, b);
    const std::size_t count = range.end - range.begin;
    encode_batch(encoder, data, order, range.begin, range.end, seed, kEvaluationPass, model.execution().threads, input,
                 labels);
    const std::vector<double>& output = model.forward(input.data(), encoder.steps(), count);
    const LossResult result =
        compute_loss(loss, output.data(), count, encoder.steps(), model.output_size(), labels.data());
    loss_sum += result.loss * static_cast<double>(count);
    evaluation.correct += result.correct;
    evaluation.samples += count;
    if (outputs != nullptr) outputs->insert(outputs->end(), output.begin(), output.end());
    if (inputs != nullptr) inputs->insert(inputs->end(), input.begin(), input.end());
  }
  evaluation.loss = evaluation.samples > 0 ? loss_sum / static_cast<double>(evaluation.samples) : 0.0;
  return evaluation;
}

}  // namespace reef::sim::train
