// `reef run --device D --config CHIP.pb --input IN.npy -o REC`: streams the input's events through the configuration
// active on a board, block by block, and records the board's output events the way `reef chipsim` records them.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <optional>

#include "board_stream.hpp"
#include "chip_run.hpp"
#include "commands.hpp"
#include "device_options.hpp"
#include "reef/core/error.hpp"
#include "reef/hw/chip_image_codec.hpp"
#include "reef/io/recording_writer.hpp"
#include "run_report.hpp"
#include "step_input.hpp"
#include "text_format.hpp"

namespace reef::cli {
namespace {

const CommandHelp kHelp{
    .usage = "reef run --config CHIP.pb --input IN.npy [--device SERIAL|BUS:ADDR|emu] [-o OUT]",
    .description =
        "Runs input events on a board: the board must have CHIP.pb active (`reef flash CHIP.pb` first; the hash is\n"
        "checked), each sample of IN.npy ([steps, inputs] or [batch, steps, inputs] event counts, as for `reef\n"
        "chipsim`) is streamed to it from a reset state in blocks of 256 steps, and the output events it returns\n"
        "are recorded like `reef chipsim` records the readout (-o: HDF5 .h5, a folder of NPY files, or .csv).\n"
        "CHIP.pb names the recorded populations and the input shape; the board computes the output.",
    .details = "",
    .examples = "  reef flash braille.pb --device emu && \\\n"
                "  reef run --device emu --config braille.pb --input sample0.npy -o board_run/\n",
};

// The events of steps [first, first + steps) of one sample of `input`.
hw::board::StepEvents block_events(const ChipInput& input, std::size_t n_inputs, std::size_t sample,
                                   std::size_t first, std::uint32_t steps) {
  hw::board::StepEvents block{steps, {}};
  for (std::uint32_t t = 0; t < steps; ++t) {
    const std::size_t row = (sample * input.steps + first + t) * n_inputs;
    for (std::size_t c = 0; c < n_inputs; ++c) {
      if (input.counts[row + c] != 0) block.events.push_back({t, static_cast<std::uint32_t>(c), input.counts[row + c]});
    }
  }
  return block;
}

}  // namespace

int command_run(const CliContext&, const Args& args) {
  po::options_description options = option_list("options");
  add_device_options(options);
  options.add_options()
      ("config,c", po::value<std::string>()->value_name("CHIP.pb"), "the configuration active on the board (required)")
      ("input,i", po::value<std::string>()->value_name("IN.npy"), "input event counts (required)")
      ("output,o", po::value<std::string>()->value_name("OUT"), "where to save the recording");
  const auto values = parse_command_line(args, options, std::vector<std::string>{}, kHelp);
  if (!values) return 0;
  for (const char* required : {"config", "input"}) {
    if (values->count(required) == 0) throw UsageError(std::string("--") + required + " is required");
  }
  if (values->count("output") != 0) io::recording_format_for((*values)["output"].as<std::string>());
  const std::string config = (*values)["config"].as<std::string>();
  const hw::ChipImage image = hw::read_chip_image(config);
  const std::string hash = hw::chip_image_hash(image);
  const std::string input_path = (*values)["input"].as<std::string>();
  const ChipInput input = chip_input_from(load_input(input_path, chip_input_node(image), {image.n_inputs}), input_path);

  auto board = hw::open_board(board_selection(*values));
  const std::string where = require_active_config(*board, config, hash);
  std::cout << report_line("board", where) << report_line("config", config + ", hash " + hash) << std::flush;

  const auto start = std::chrono::steady_clock::now();
  ChipBatchRun run;
  run.batch = input.batch;
  run.steps = input.steps;
  for (std::size_t sample = 0; sample < input.batch; ++sample) {
    const BlockSource blocks = [&](std::size_t first) -> std::optional<hw::board::StepEvents> {
      if (first >= input.steps) return std::nullopt;
      const auto steps =
          static_cast<std::uint32_t>(std::min<std::size_t>(hw::Board::kMaxStepsPerRun, input.steps - first));
      return block_events(input, image.n_inputs, sample, first, steps);
    };
    run.samples.push_back(run_sample_on_board(*board, image, blocks, where));
  }
  run.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << report_line("run", group_digits(run.steps) + " steps x batch " + std::to_string(run.batch) + " in " +
                                      seconds_text(run.wall_seconds));

  const core::Recording recording = chip_recording(image, run);
  std::cout << sample_class_lines(recording);
  if (values->count("output") != 0) {
    const std::string output = (*values)["output"].as<std::string>();
    io::write_recording(recording, output);
    std::cout << report_line("saved", output);
  }
  return 0;
}

}  // namespace reef::cli
