// `reef chipsim chip.pb --input IN.npy [--record states] [-o OUT]`: runs a chip configuration on the bit-accurate
// chip simulator (hw::XyloSim), sample by sample from reset; prints the output spike counts and the predicted class,
// the accuracy when --labels gives the classes, and saves the recording in the formats `reef sim` writes.
#include <iostream>

#include "chip_compare.hpp"
#include "chip_run.hpp"
#include "command_line.hpp"
#include "commands.hpp"
#include "reef/core/error.hpp"
#include "reef/hw/chip_image_codec.hpp"
#include "reef/io/recording_writer.hpp"
#include "run_report.hpp"
#include "step_input.hpp"
#include "text_format.hpp"
#include "train_report.hpp"

namespace reef::cli {
namespace {

const CommandHelp kHelp{
    .usage = "reef chipsim chip.pb --input IN.npy [--labels LABELS.npy] [--record states] [-o OUT]",
    .description =
        "Runs the chip configuration written by `reef map` on the bit-accurate simulator of its chip\n"
        "(docs/chip-workflow.md): integer state, bitshift decay, saturation, spike caps, input clipping and the\n"
        "chip's one-step hidden->hidden and hidden->output latency. IN.npy holds input events per step and channel,\n"
        "[T, channels] or [batch, T, channels] (counts or 0/1; more than the chip's per-step cap are clipped and\n"
        "counted). Each sample starts from reset. Prints the spike count of every output neuron and the predicted\n"
        "class: the output neuron with the most spikes (a tie goes to the lowest id), for the first 20 samples;\n"
        "with --labels (NPY [batch], e.g. from `reef eval --labels`) also the accuracy over all samples.",
    .details =
        "-o OUT records, as `reef sim` does, [T, N] (or [batch, T, N]) arrays named by the graph node each neuron\n"
        "group came from: <readout>.spikes and <hidden>.spikes; with --record states also vmem, isyn (and isyn2)\n"
        "of every group: run.h5, DIR/ (NPY) or run.csv\n",
    .examples = "  reef chipsim braille.pb --input sample0.npy\n"
                "  reef chipsim braille.pb --input test_batch.npy --record states -o run/\n"
                "  reef chipsim fmnist.pb --input test_inputs.npy --labels test_labels.npy   # accuracy\n",
};

constexpr std::size_t kTableRows = 20;  // samples listed one by one; the rest are counted

}  // namespace

int command_chipsim(const CliContext& /*context*/, const Args& args) {
  po::options_description options = option_list("options");
  options.add_options()
      ("input,i", po::value<std::string>()->value_name("IN.npy"), "input events [T, channels] or [batch, T, channels]")
      ("record,r", po::value<std::string>()->value_name("WHAT"), "states: also record vmem and isyn")
      ("output,o", po::value<std::string>()->value_name("OUT"), "save the recording to run.h5, DIR/ or run.csv")
      ("labels,l", po::value<std::string>()->value_name("LABELS.npy"), "the class of each sample: print the accuracy");
  const auto values = parse_command_line(args, options, "config", kHelp);
  if (!values) return 0;
  const std::string path = required_argument(*values, "config", "the chip configuration chip.pb");
  if (values->count("input") == 0) throw UsageError("--input IN.npy is required: the input events to run");
  hw::ChipSimRecordRequest record;
  if (values->count("record") != 0) {
    if ((*values)["record"].as<std::string>() != "states")
      throw UsageError("--record '" + (*values)["record"].as<std::string>() + "': expected states");
    record.states = true;
  }
  std::optional<std::filesystem::path> output;
  if (values->count("output") != 0) {
    output = (*values)["output"].as<std::string>();
    io::recording_format_for(*output);
  }

  const hw::ChipImage image = hw::read_chip_image(path);
  const hw::ChipSpec chip = hw::find_chip(image.chip);
  const std::string input_path = (*values)["input"].as<std::string>();
  const ChipInput input = chip_input_from(load_input(input_path, chip_input_node(image), {image.n_inputs}), input_path);
  std::cout << report_line("config", path + ", hash " + hw::chip_image_hash(image))
            << report_line("chip", chip.name + " (" + image.chip + "), " + std::to_string(image.n_inputs) +
                                       " inputs, " +
                                       std::to_string(image.n_hidden) + " hidden, " +
                                       std::to_string(image.n_outputs) + " outputs")
            << std::flush;
  const std::vector<std::size_t> labels =
      values->count("labels") != 0 ? load_labels((*values)["labels"].as<std::string>(), input.batch)
                                   : std::vector<std::size_t>{};
  const ChipBatchRun run = run_chip(image, chip, input, record);
  std::cout << report_line("run", group_digits(run.steps) + " steps x batch " + std::to_string(run.batch) + " in " +
                                      seconds_text(run.wall_seconds));
  if (run.clipped_input_events > 0)
    std::cout << report_line("clipped", group_digits(run.clipped_input_events) + " input events above the chip's " +
                                            std::to_string(chip.max_input_events_per_step) +
                                            " per channel and step were dropped, as the chip does");

  core::Recording recording = chip_recording(image, run);
  const std::string readout = chip_output_node(image);
  for (const core::GridTrace& trace : recording.grid) {
    if (trace.variable != "spikes") continue;
    const std::vector<double> counts = spike_counts(trace);
    if (trace.node != readout) {
      double total = 0.0;
      for (double count : counts) total += count;
      std::cout << report_line(trace.node, group_digits(static_cast<std::uint64_t>(total)) + " spikes over " +
                                               std::to_string(trace.elements) + " hidden neurons");
      continue;
    }
    TextTable table({"sample", "output spikes per neuron", "class"}, {true, false, false});
    std::size_t correct = 0;
    for (std::size_t s = 0; s < trace.batch; ++s) {
      const std::span<const double> row = std::span(counts).subspan(s * trace.elements, trace.elements);
      const ClassChoice choice = predicted_class(row);
      if (!labels.empty() && choice.label == labels[s]) ++correct;
      if (s >= kTableRows) continue;
      std::string cells;
      for (double count : row) cells += (cells.empty() ? "" : " ") + std::to_string(static_cast<long>(count));
      table.add_row({std::to_string(s), cells,
                     std::to_string(choice.label) + (choice.tied ? " (tie: the lowest id wins)" : "") +
                         (labels.empty() ? "" : " (label " + std::to_string(labels[s]) + ")")});
    }
    std::cout << "readout " << readout
              << " (class = the output neuron with the most spikes; ties go to the lowest id)\n"
              << table.render("  ");
    if (trace.batch > kTableRows)
      std::cout << "  ... " << group_digits(trace.batch - kTableRows) << " more samples (-o records them all)\n";
    if (!labels.empty())
      std::cout << report_line("accuracy", percent(static_cast<double>(correct) / static_cast<double>(trace.batch)) +
                                               " (" + group_digits(correct) + " of " + group_digits(trace.batch) +
                                               " samples)");
  }
  std::cout << save_recording(recording, output,
                              {{"chip_config", path},
                               {"chip", image.chip},
                               {"chip_config_hash", hw::chip_image_hash(image)},
                               {"engine", "chipsim"},
                               {"dt_s", compact(image.dt_s)}});
  return 0;
}

}  // namespace reef::cli
