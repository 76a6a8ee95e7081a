// Formats the training reports: header, progress detail and epoch summaries.
#include "train_report.hpp"

#include <iostream>

#include "text_format.hpp"

namespace reef::cli {

std::string percent(double fraction) { return fixed(100.0 * fraction, 2) + "%"; }

namespace {

// "mirror left-right, shift up to 2 pixels (training images only)"
std::string augment_text(const sim::train::AugmentSpec& augment) {
  std::string text = augment.flip ? "mirror left-right" : "";
  if (augment.shift > 0)
    text += (text.empty() ? "" : ", ") + std::string("shift up to ") + std::to_string(augment.shift) +
            (augment.shift == 1 ? " pixel" : " pixels");
  return text + " (training images only)";
}

}  // namespace

void print_run_header(const TrainConfig& config, const sim::train::Model& model, const TrainData& data) {
  std::size_t parameters = 0;
  for (const auto& parameter : model.parameters()) parameters += parameter.value.size();
  std::string layers;
  for (const auto& layer : model.spec().layers) layers += (layers.empty() ? "" : " -> ") + layer.name;
  const auto& settings = config.settings;
  std::cout
      << report_line("config",
                     config.file.string() + " (" + config.name + ", seed " + std::to_string(settings.seed) + ")")
      << report_line("data", group_digits(data.train.size()) + " training, " + group_digits(data.test.size()) +
                                 " test samples, " + std::to_string(data.train.class_count()) + " classes")
      << report_line(
             "encoder",
             std::string(sim::train::to_string(settings.encoder.kind)) + ", " +
                 std::to_string(
                     sim::train::Encoder(settings.encoder, data.train.sample_shape(), data.train.sequence()).steps()) +
                 " steps")
      << report_line("model", layers + " (" + group_digits(parameters) + " parameters)");
  if (settings.augment.enabled()) std::cout << report_line("augment", augment_text(settings.augment));
  std::cout << report_line("training",
                           std::to_string(settings.epochs) + " epochs, batch " + std::to_string(settings.batch) + ", " +
                               std::string(sim::train::to_string(settings.optimizer.kind)) + " lr " +
                               compact(settings.learning_rate) + ", " + std::to_string(model.execution().threads) +
                               (model.execution().threads == 1 ? " thread" : " threads"))
            << std::flush;
}

std::string progress_detail(const sim::train::EpochTotals& totals, double samples_per_second) {
  return "loss " + fixed(totals.mean_loss(), 4) + "  acc " + percent(totals.accuracy()) + "  " +
         group_digits(static_cast<std::uint64_t>(samples_per_second)) + " samples/s";
}

std::string epoch_summary(std::size_t epoch, std::size_t epochs, const sim::train::EpochTotals& totals,
                          const std::optional<sim::train::Evaluation>& test, double seconds,
                          std::uint64_t samples_timed, double learning_rate) {
  return "epoch " + std::to_string(epoch) + "/" + std::to_string(epochs) + "  loss " + fixed(totals.mean_loss(), 4) +
         "  train " + percent(totals.accuracy()) + (test ? "  test " + percent(test->accuracy()) : "") + "  " +
         seconds_text(seconds) + "  " +
         group_digits(static_cast<std::uint64_t>(static_cast<double>(samples_timed) / std::max(seconds, 1e-9))) +
         " samples/s  lr " + compact(learning_rate) + "\n";
}

}  // namespace reef::cli
