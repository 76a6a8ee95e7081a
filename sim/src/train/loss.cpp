// Classification losses over time: each reduces the output [batch][steps][classes] to one score per class (spike
// count, maximum, sum or last value), applies cross-entropy or MSE, and spreads the derivative back over the steps.
#include "reef/sim/train/loss.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "reef/core/error.hpp"

namespace reef::sim::train {

std::string_view to_string(LossKind kind) {
  switch (kind) {
    case LossKind::ce_count: return "ce_count";
    case LossKind::ce_max_membrane: return "ce_max_membrane";
    case LossKind::mse_count: return "mse_count";
    case LossKind::ce_sum_membrane: return "ce_sum_membrane";
    case LossKind::ce_last_membrane: return "ce_last_membrane";
  }
  return "?";
}

std::optional<LossKind> parse_loss_kind(std::string_view text) {
  for (LossKind kind : {LossKind::ce_count, LossKind::ce_max_membrane, LossKind::mse_count, LossKind::ce_sum_membrane,
                        LossKind::ce_last_membrane})
    if (text == to_string(kind)) return kind;
  return std::nullopt;
}

namespace {

// Cross-entropy of one sample's scores; writes d loss / d score (unscaled by the batch) into `d`.
double cross_entropy(const std::vector<double>& score, std::size_t label, std::vector<double>& d) {
  const double top = *std::max_element(score.begin(), score.end());
  double sum = 0.0;
  for (double s : score) sum += std::exp(s - top);
  const double log_sum = top + std::log(sum);
  for (std::size_t c = 0; c < score.size(); ++c) d[c] = std::exp(score[c] - log_sum) - (c == label ? 1.0 : 0.0);
  return log_sum - score[label];
}

}  // namespace

LossResult compute_loss(const LossSpec& spec, const double* output, std::size_t batch, std::size_t steps,
                        std::size_t classes, const std::int32_t* labels) {
  LossResult result;
  result.d_output.assign(batch * steps * classes, 0.0);
  if (batch == 0 || steps == 0 || classes == 0) return result;
  std::vector<double> score(classes), d(classes);
  std::vector<std::size_t> at_max(classes);
  const double inv_batch = 1.0 / static_cast<double>(batch);
  for (std::size_t b = 0; b < batch; ++b) {
    if (labels[b] < 0 || static_cast<std::size_t>(labels[b]) >= classes)
      throw ValidationError("sample " + std::to_string(b) + " of the batch has label " + std::to_string(labels[b]) +
                            ", outside the model's " + std::to_string(classes) + " classes");
    const auto label = static_cast<std::size_t>(labels[b]);
    const double* out = output + b * steps * classes;
    double* d_out = result.d_output.data() + b * steps * classes;
    for (std::size_t c = 0; c < classes; ++c) {
      switch (spec.kind) {
        case LossKind::ce_count:
        case LossKind::mse_count:
        case LossKind::ce_sum_membrane:
          score[c] = 0.0;
          for (std::size_t t = 0; t < steps; ++t) score[c] += out[t * classes + c];
          break;
        case LossKind::ce_max_membrane:
          at_max[c] = 0;
          for (std::size_t t = 1; t < steps; ++t)
            if (out[t * classes + c] > out[at_max[c] * classes + c]) at_max[c] = t;
          score[c] = out[at_max[c] * classes + c];
          break;
        case LossKind::ce_last_membrane: score[c] = out[(steps - 1) * classes + c]; break;
      }
    }
    if (static_cast<std::size_t>(std::max_element(score.begin(), score.end()) - score.begin()) == label)
      ++result.correct;
    if (spec.kind == LossKind::mse_count) {
      const double scale = 1.0 / static_cast<double>(batch * classes);
      for (std::size_t c = 0; c < classes; ++c) {
        const double target = (c == label ? spec.correct_rate : spec.incorrect_rate) * static_cast<double>(steps);
        const double diff = score[c] - target;
        result.loss += diff * diff * scale;
        d[c] = 2.0 * diff * scale;
      }
    } else {
      result.loss += cross_entropy(score, label, d) * inv_batch;
      for (double& value : d) value *= inv_batch;
    }
    for (std::size_t c = 0; c < classes; ++c) {
      switch (spec.kind) {
        case LossKind::ce_count:
        case LossKind::mse_count:
        case LossKind::ce_sum_membrane:
          for (std::size_t t = 0; t < steps; ++t) d_out[t * classes + c] = d[c];
          break;
        case LossKind::ce_max_membrane: d_out[at_max[c] * classes + c] = d[c]; break;
        case LossKind::ce_last_membrane: d_out[(steps - 1) * classes + c] = d[c]; break;
      }
    }
  }
  return result;
}

}  // namespace reef::sim::train
