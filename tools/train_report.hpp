// The text `reef train` and `reef eval` print: the run header (data, model, parameters), the progress bar's detail
// (loss, accuracy, samples/s) and the one-line summary of each epoch.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "reef/sim/train/trainer.hpp"
#include "train_config.hpp"
#include "train_data.hpp"

namespace reef::cli {

void print_run_header(const TrainConfig& config, const sim::train::Model& model, const TrainData& data);
std::string progress_detail(const sim::train::EpochTotals& totals, double samples_per_second);
// "epoch 2/5  loss 0.4123  train 85.12%  test 84.30%  41.2 s  1,456 samples/s  lr 0.0005\n"; the speed is
// samples_timed / seconds, which after a resume covers only the part of the epoch this run trained.
std::string epoch_summary(std::size_t epoch, std::size_t epochs, const sim::train::EpochTotals& totals,
                          const std::optional<sim::train::Evaluation>& test, double seconds,
                          std::uint64_t samples_timed, double learning_rate);
std::string percent(double fraction);  // 0.8734 -> "87.34%"

}  // namespace reef::cli
