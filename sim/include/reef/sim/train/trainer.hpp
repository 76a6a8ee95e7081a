// sim::train::Trainer: the epoch loop over batches — encode each sample (seeded per sample and epoch), Model
// forward, loss, backward, gradient clipping, optimizer step with the scheduled learning rate — and evaluation.
// Its whole state (parameters, optimizer moments, epoch and batch position, running totals) can be taken out and
// put back, so a run resumed from a checkpoint continues bit for bit as if it had never stopped. Not thread-safe;
// the Model it drives splits its own work over threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "reef/sim/train/augment.hpp"
#include "reef/sim/train/dataset.hpp"
#include "reef/sim/train/encoder.hpp"
#include "reef/sim/train/loss.hpp"
#include "reef/sim/train/model.hpp"
#include "reef/sim/train/optimizer.hpp"

namespace reef::sim::train {

struct TrainSettings {
  EncoderSpec encoder;
  AugmentSpec augment;  // training passes only
  LossSpec loss;
  RateRegularizer regularizer;
  OptimizerSpec optimizer;
  double learning_rate = 1e-3;
  ScheduleSpec schedule;
  double clip_grad_norm = 0.0;  // 0: no clipping
  std::size_t epochs = 1;
  std::size_t batch = 128;
  std::uint64_t seed = 0;
  bool shuffle = true;
};

// Running sums over the batches of one epoch so far.
struct EpochTotals {
  double loss_sum = 0.0;  // sum over batches of (mean batch loss × batch size)
  std::uint64_t correct = 0;
  std::uint64_t samples = 0;
  double mean_loss() const { return samples > 0 ? loss_sum / static_cast<double>(samples) : 0.0; }
  double accuracy() const { return samples > 0 ? static_cast<double>(correct) / static_cast<double>(samples) : 0.0; }
};

// Everything a checkpoint must hold to resume bit-identically (the data, settings and seed come from the config).
struct TrainerState {
  std::vector<Parameter> parameters;  // values only (grads empty)
  OptimizerState optimizer;
  std::uint64_t epoch = 0;  // the epoch the next batch belongs to
  std::uint64_t batch = 0;  // the next batch's index in that epoch
  EpochTotals totals;       // of that epoch's batches before `batch`
};

struct BatchResult {
  double loss = 0.0;
  std::size_t correct = 0;
  std::size_t samples = 0;
  double learning_rate = 0.0;
  bool epoch_finished = false;  // this was the epoch's last batch; finished_epoch() has its totals
};

class Trainer {
 public:
  // `model` and `train` must outlive the trainer. Throws ValidationError when the encoder does not fit the data,
  // the encoded step shape is not the model's input, or the data has more classes than the model has outputs.
  Trainer(Model& model, const Dataset& train, const TrainSettings& settings);

  bool finished() const { return epoch_ >= settings_.epochs; }
  std::size_t epoch() const { return epoch_; }
  std::size_t batch_index() const { return batch_; }
  std::size_t batches_per_epoch() const { return batches_; }
  const EpochTotals& totals() const { return totals_; }            // the current epoch so far
  const EpochTotals& finished_epoch() const { return finished_; }  // the last completed epoch
  const Encoder& encoder() const { return encoder_; }

  // Trains on the next batch and advances the position (to the next epoch after its last batch).
  BatchResult train_batch();

  TrainerState state() const;
  // Throws ValidationError naming the parameter whose name or size differs from the model's, or a position outside
  // the run.
  void restore(const TrainerState& state);

 private:
  Model& model_;
  const Dataset& train_;
  TrainSettings settings_;
  Encoder encoder_;
  Optimizer optimizer_;
  std::size_t batches_ = 0;
  std::size_t epoch_ = 0;
  std::size_t batch_ = 0;
  std::vector<std::size_t> order_;  // the current epoch's sample order
  EpochTotals totals_;
  EpochTotals finished_;
  std::vector<float> input_;
  std::vector<std::int32_t> labels_;
};

// Copies saved parameter values into `model`. Throws ValidationError naming the parameter whose name or size
// differs (a state saved from a different model).
void set_parameters(Model& model, const std::vector<Parameter>& saved);

// Encodes samples [begin, end) of `order` into `input` ([batch][steps][step_size]) and their labels, over up to
// `threads` threads; sample i of the dataset draws from Rng(seed, i, pass). Training passes (not kEvaluationPass)
// augment each image first as `augment` says.
void encode_batch(const Encoder& encoder, const Dataset& data, const std::vector<std::size_t>& order, std::size_t begin,
                  std::size_t end, std::uint64_t seed, std::uint64_t pass, std::size_t threads,
                  std::vector<float>& input, std::vector<std::int32_t>& labels, const AugmentSpec& augment = {});

// The encoding pass of evaluations (training epochs use their epoch number): test inputs never depend on training.
inline constexpr std::uint64_t kEvaluationPass = ~std::uint64_t{0};

struct Evaluation {
  double loss = 0.0;  // mean over samples
  std::size_t correct = 0;
  std::size_t samples = 0;
  double accuracy() const { return samples > 0 ? static_cast<double>(correct) / static_cast<double>(samples) : 0.0; }
};

// Runs every sample of `data` through `model` in batches of `batch` (in index order, encoded with
// kEvaluationPass) and scores them with `loss`. When `outputs` is given, it receives the model output of every
// sample, [samples][steps][outputs], and `inputs` (when given) the encoded inputs [samples][steps][inputs].
Evaluation evaluate(Model& model, const Encoder& encoder, const Dataset& data, const LossSpec& loss, std::size_t batch,
                    std::uint64_t seed, std::vector<double>* outputs = nullptr, std::vector<float>* inputs = nullptr);

}  // namespace reef::sim::train
