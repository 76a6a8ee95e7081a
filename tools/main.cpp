// Entry point of the `reef` executable: global options (--help, --version, -v, -q), logger set-up and dispatch to
// the subcommand named by the first argument. Failures become exit codes in cli_errors.cpp.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <iostream>
#include <string>
#include <string_view>

#include "cli_errors.hpp"
#include "commands.hpp"
#include "reef/core/error.hpp"

namespace {

using reef::cli::Args;
using reef::cli::CliContext;

struct Command {
  std::string_view name;
  std::string_view summary;
  int (*run)(const CliContext&, const Args&);
};

constexpr std::array kCommands{
    Command{"sim", "simulate a YAML network or a NIR model (event or fixed-step engine); save what it records",
            reef::cli::command_sim},
    Command{"inspect", "describe a YAML network, a NIR model, an event file or a chip configuration without running it",
            reef::cli::command_inspect},
    Command{"bench", "time a workload (W1, W2, Braille, decoding, chipsim, train, flash) and compare with other tools",
            reef::cli::command_bench},
    Command{"convert", "convert YAML <-> NIR models, or event files between AEDAT, EVT, NPY, HDF5 and CSV",
            reef::cli::command_convert},
    Command{"replay",
            "feed an event file into a network or onto a board and record the outputs, paced or at full speed",
            reef::cli::command_replay},
    Command{"plot", "draw a PNG or SVG: spike raster, event rate over time, accumulated event frame",
            reef::cli::command_plot},
    Command{"train", "train a spiking network with surrogate gradients (BPTT); checkpoints, export to NIR",
            reef::cli::command_train},
    Command{"eval", "test accuracy of a trained model (checkpoint or NIR) on a training config's test set",
            reef::cli::command_eval},
    Command{"quantize", "quantize a float model for a Xylo-family chip; print scales, clipping and errors",
            reef::cli::command_quantize},
    Command{"map", "map a model onto a chip: write the chip configuration (chip.pb), print usage and hash",
            reef::cli::command_map},
    Command{"chipsim", "run a chip configuration on the bit-accurate chip simulator; record like reef sim",
            reef::cli::command_chipsim},
    Command{"compare", "compare float model, quantized model and chip simulation on the same input",
            reef::cli::command_compare},
    Command{"devices", "list the boards attached over USB (or --device emu) with chip and active configuration",
            reef::cli::command_devices},
    Command{"flash", "upload a chip configuration to a board's inactive slot, verify it, then activate it",
            reef::cli::command_flash},
    Command{"run", "stream input events through the configuration active on a board and record its output",
            reef::cli::command_run},
};

void print_help() {
  std::cout << "reef " << REEF_VERSION << " - a toolchain for spiking neural networks\n\n"
            << "usage: reef [-v | -q] <command> [options] [arguments]\n\n"
            << "commands:\n";
  for (const auto& command : kCommands) {
    std::cout << "  " << command.name << std::string(10 - command.name.size(), ' ') << command.summary << '\n';
  }
  std::cout << "\noptions (-v and -q are also accepted after the command):\n"
            << "  -h, --help      show this help; 'reef <command> --help' shows a command's\n"
            << "  --version       print the version and exit\n"
            << "  -v, --verbose   log more on stderr (default: warnings; -v info, -vv debug, -vvv trace)\n"
            << "  -q, --quiet     log only errors on stderr and draw no progress bar\n\n"
            << "exit codes: 0 ok, 1 runtime failure, 2 usage error, 3 invalid input, 4 device error\n\n"
            << "examples:\n"
            << "  reef sim configs/examples/demo.yaml -o run.h5\n"
            << "  reef inspect configs/examples/cuba.yaml\n"
            << "  reef sim model.nir --input input.npy -o run/       # profile and dt guessed from the file\n"
            << "  reef bench cuba\n"
            << "  reef replay events.bin --net net.yaml --input retina --speed realtime -o run.h5\n"
            << "  reef train configs/train/fmnist_fc.yaml\n\n"
            << "Run 'reef <command> --help' for a command's options and examples.\n";
}

std::string command_names() {
  std::string names;
  for (const auto& command : kCommands) names += (names.empty() ? "" : ", ") + std::string(command.name);
  return names;
}

// Takes -v/-vv/--verbose and -q/--quiet out of `args` (anywhere before "--") and returns the verbosity:
// -1 quiet, 0 default, 1.. more.
int take_verbosity(Args& args) {
  int verbose = 0;
  bool quiet = false;
  Args rest;
  bool options_end = false;
  for (auto& arg : args) {
    if (arg == "--") options_end = true;
    if (!options_end && (arg == "--verbose" || (arg.size() >= 2 && arg.starts_with("-v") &&
                                                arg.find_first_not_of('v', 1) == std::string::npos))) {
      verbose += arg == "--verbose" ? 1 : static_cast<int>(arg.size()) - 1;
    } else if (!options_end && (arg == "-q" || arg == "--quiet")) {
      quiet = true;
    } else {
      rest.push_back(std::move(arg));
    }
  }
  args = std::move(rest);
  if (quiet && verbose > 0) throw reef::UsageError("--quiet and --verbose contradict each other; choose one");
  return quiet ? -1 : verbose;
}

// The `reef` logger every library writes through: stderr, level from the verbosity (default: warnings).
void configure_logging(int verbosity) {
  auto logger = spdlog::get("reef");
  if (!logger) logger = spdlog::stderr_color_mt("reef");
  logger->set_pattern("reef: %l: %v");
  constexpr std::array kLevels{spdlog::level::err, spdlog::level::warn, spdlog::level::info, spdlog::level::debug,
                               spdlog::level::trace};
  const int index = std::min(verbosity + 1, static_cast<int>(kLevels.size()) - 1);
  logger->set_level(kLevels[static_cast<std::size_t>(index)]);
}

int dispatch(Args args) {
  const int verbosity = take_verbosity(args);
  configure_logging(verbosity);
  const CliContext context{.quiet = verbosity < 0};

  if (args.empty()) throw reef::UsageError("no command given; the commands are " + command_names());
  if (args.front() == "-h" || args.front() == "--help") {
    print_help();
    return 0;
  }
  if (args.front() == "--version") {
    std::cout << "reef " << REEF_VERSION << '\n';
    return 0;
  }
  const std::string name = args.front();
  if (name.starts_with("-")) throw reef::UsageError("unknown option '" + name + "' before the command");
  for (const auto& command : kCommands) {
    if (command.name == name) {
      const Args command_args(args.begin() + 1, args.end());
      return reef::cli::run_reporting_errors([&] { return command.run(context, command_args); },
                                             "reef " + name + " --help");
    }
  }
  throw reef::UsageError("unknown command '" + name + "'; the commands are " + command_names());
}

}  // namespace

int main(int argc, char** argv) {
  Args args(argv + 1, argv + argc);
  return reef::cli::run_reporting_errors([&] { return dispatch(std::move(args)); }, "reef --help");
}
