// Losses on a Model's output [batch][steps][classes] (spikes or readout membrane) against integer labels, each
// returning the mean loss over the batch, its derivative with respect to every output element, and the number of
// correct predictions; and the firing-rate regularizer on hidden spiking layers (applied inside Model::backward).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace reef::sim::train {

enum class LossKind {
  ce_count,          // cross-entropy of the spike counts over time (snnTorch ce_count_loss); predicts argmax count
  ce_max_membrane,   // cross-entropy of the maximum over time of the output (snnTorch ce_max_membrane_loss)
  mse_count,         // MSE of spike counts against correct_rate·T / incorrect_rate·T (snnTorch mse_count_loss)
  ce_sum_membrane,   // cross-entropy of the output summed over time (an li readout's membrane)
  ce_last_membrane,  // cross-entropy of the output at the last step
};

std::string_view to_string(LossKind kind);
std::optional<LossKind> parse_loss_kind(std::string_view text);

struct LossSpec {
  LossKind kind = LossKind::ce_count;
  double correct_rate = 1.0;    // mse_count: target spikes per step of the labelled class
  double incorrect_rate = 0.0;  // mse_count: of the others
};

struct LossResult {
  double loss = 0.0;              // mean over the batch (mse_count: mean over batch × classes, as torch MSELoss)
  std::vector<double> d_output;   // d loss / d output, same layout as the output
  std::size_t correct = 0;        // samples whose prediction (argmax of the score; ties: lowest class) is the label
};

// Throws ValidationError when a label is outside [0, classes).
LossResult compute_loss(const LossSpec& spec, const double* output, std::size_t batch, std::size_t steps,
                        std::size_t classes, const std::int32_t* labels);

// weight · mean over the spiking hidden layers' (sample, neuron) of (spikes per step − target_rate)², summed over
// those layers; the last layer is not regularized.
struct RateRegularizer {
  double weight = 0.0;
  double target_rate = 0.0;
};

}  // namespace reef::sim::train
