// `reef train CONFIG.yaml`: loads the data, builds the model, runs the epochs with a progress bar (loss, accuracy,
// samples/s), prints a summary per epoch, saves a checkpoint after every epoch and on Ctrl-C, and exports the
// trained model to NIR (and YAML where the model fits that format).
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include "cli_errors.hpp"
#include "command_line.hpp"
#include "commands.hpp"
#include "progress_bar.hpp"
#include "reef/core/error.hpp"
#include "reef/io/nir.hpp"
#include "text_format.hpp"
#include "train_checkpoint.hpp"
#include "train_config.hpp"
#include "train_data.hpp"
#include "train_report.hpp"

namespace reef::cli {
namespace {

namespace train = sim::train;

const CommandHelp kHelp{
    .usage = "reef train CONFIG.yaml [--epochs N] [--resume CKPT] [-o DIR] [--threads N]",
    .description =
        "Trains a spiking network with surrogate-gradient BPTT as CONFIG.yaml describes (docs/train.md): data,\n"
        "encoder, model, loss, optimizer, schedule, epochs, batch and seed. After every epoch it prints the\n"
        "training loss and accuracy, the test accuracy and the speed, and saves DIR/last.ckpt; at the end it\n"
        "writes DIR/model.nir (runs on `reef sim --profile snntorch`) and DIR/model.yaml when the model is a\n"
        "chain of dense layers. Ctrl-C stops after the current batch and saves DIR/last.ckpt, from which\n"
        "--resume continues bit for bit as if the run had never stopped (exit code 130).",
    .details = "",
    .examples =
        "  reef train configs/train/fmnist_fc.yaml                       # Fashion-MNIST, 784-1000-10 CubaLIF\n"
        "  reef train configs/train/fmnist_fc.yaml --epochs 1 -o quick/  # a shorter run elsewhere\n"
        "  reef train configs/train/fmnist_fc.yaml --resume runs/fmnist_fc/last.ckpt\n",
};

std::atomic<bool> stop_requested{false};

extern "C" void request_stop(int) { stop_requested.store(true); }

// Catches SIGINT/SIGTERM for its lifetime, so a Ctrl-C ends the run between batches instead of mid-write.
class StopOnSignal {
 public:
  StopOnSignal() {
    stop_requested.store(false);
    struct sigaction action {};
    action.sa_handler = request_stop;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previous_int_);
    sigaction(SIGTERM, &action, &previous_term_);
  }
  ~StopOnSignal() {
    sigaction(SIGINT, &previous_int_, nullptr);
    sigaction(SIGTERM, &previous_term_, nullptr);
  }
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;

 private:
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
};

void export_model(const train::Model& model, const std::filesystem::path& output) {
  const core::Graph graph = model.to_graph();
  io::NirWriteOptions options;
  options.metadata.dt_s = model.spec().dt_s;
  options.metadata.profile = "snntorch";
  io::write_nir(output / "model.nir", graph, options);
  std::cout << report_line("model", (output / "model.nir").string() + " (NIR; reef sim --profile snntorch --dt " +
                                        compact(model.spec().dt_s) + ")");
  try {
    io::write_nir_as_yaml(output / "model.yaml", graph);
    std::cout << report_line("model", (output / "model.yaml").string() + " (YAML network, weights in NPY files)");
  } catch (const ValidationError& error) {
    std::cout << report_line("model", std::string("no YAML export: ") + error.what());
  }
}

}  // namespace

int command_train(const CliContext& context, const Args& args) {
  auto options = option_list("options");
  options.add_options()
      ("epochs", po::value<std::size_t>()->value_name("N"), "train N epochs in all (default: the config's)")
      ("resume", po::value<std::string>()->value_name("CKPT"), "continue from a checkpoint (DIR/last.ckpt)")
      ("output,o", po::value<std::string>()->value_name("DIR"), "output folder (default: the config's output)")
      ("threads", po::value<std::size_t>()->value_name("N"), "worker threads (default: the config's)");
  const auto values = parse_command_line(args, options, "config", kHelp);
  if (!values) return 0;
  TrainConfig config = load_train_config(required_argument(*values, "config", "the training config CONFIG.yaml"));
  if (values->count("epochs") != 0) {
    config.settings.epochs = (*values)["epochs"].as<std::size_t>();
    if (config.settings.epochs == 0) throw UsageError("--epochs must be at least 1");
  }
  if (values->count("threads") != 0)
    config.execution.threads = std::max<std::size_t>(1, (*values)["threads"].as<std::size_t>());
  const std::filesystem::path output =
      values->count("output") != 0 ? std::filesystem::path((*values)["output"].as<std::string>()) : config.output;

  const TrainData data = load_train_data(config, true);
  train::Model model(model_spec_for(config, data.train), config.settings.seed);
  model.set_execution(config.execution);
  train::Trainer trainer(model, data.train, config.settings);
  if (values->count("resume") != 0) {
    const std::string checkpoint = (*values)["resume"].as<std::string>();
    trainer.restore(load_checkpoint(checkpoint));
    std::cout << report_line("resume", checkpoint + " at epoch " + std::to_string(trainer.epoch() + 1) + ", batch " +
                                           std::to_string(trainer.batch_index()));
  }
  std::filesystem::create_directories(output);
  print_run_header(config, model, data);

  const StopOnSignal signals;
  const std::size_t total_batches = config.settings.epochs * trainer.batches_per_epoch();
  const auto batches_done = [&] {
    return trainer.finished() ? total_batches : trainer.epoch() * trainer.batches_per_epoch() + trainer.batch_index();
  };
  ProgressBar bar(context.quiet, std::to_string(config.settings.epochs) + " epochs",
                  static_cast<double>(batches_done()) / static_cast<double>(total_batches));
  const auto start = std::chrono::steady_clock::now();
  auto epoch_start = start;
  std::uint64_t run_samples = 0;
  std::uint64_t epoch_samples = 0;  // trained by this run in the current epoch: a resumed epoch counts only these
  while (!trainer.finished()) {
    if (stop_requested.load()) {
      bar.finish();
      save_checkpoint(output / "last.ckpt", trainer.state());
      std::cout << "interrupted at epoch " << trainer.epoch() + 1 << ", batch " << trainer.batch_index()
                << "; continue with: reef train " << config.file.string() << " --resume "
                << (output / "last.ckpt").string() << std::endl;
      return 130;
    }
    const train::BatchResult batch = trainer.train_batch();
    run_samples += batch.samples;
    epoch_samples += batch.samples;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const train::EpochTotals& totals = batch.epoch_finished ? trainer.finished_epoch() : trainer.totals();
    bar.update(static_cast<double>(batches_done()) / static_cast<double>(total_batches),
               progress_detail(totals, static_cast<double>(run_samples) / std::max(elapsed, 1e-9)));
    if (batch.epoch_finished) {
      bar.finish();
      const auto now = std::chrono::steady_clock::now();
      const double seconds = std::chrono::duration<double>(now - epoch_start).count();
      std::optional<train::Evaluation> test;
      if (data.test.size() > 0) {
        test = train::evaluate(model, trainer.encoder(), data.test, config.settings.loss, config.settings.batch,
                               config.settings.seed);
      }
      save_checkpoint(output / "last.ckpt", trainer.state());
      std::cout << epoch_summary(trainer.epoch(), config.settings.epochs, trainer.finished_epoch(), test, seconds,
                                 epoch_samples, batch.learning_rate)
                << std::flush;
      epoch_start = std::chrono::steady_clock::now();
      epoch_samples = 0;
    }
  }
  bar.finish();
  const double total_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << report_line("trained", std::to_string(run_samples) + " samples in " + seconds_text(total_seconds));
  std::cout << report_line("checkpoint", (output / "last.ckpt").string());
  export_model(model, output);
  return 0;
}

}  // namespace reef::cli
