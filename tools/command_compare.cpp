// `reef compare MODEL (--chip CHIP | --config chip.pb) --input IN.npy [--labels L.npy]`: runs the float model, the
// quantized model and the chip simulation on the same input(s) and reports how they agree (chip_compare.hpp).
#include <filesystem>
#include <iostream>

#include "chip_compare.hpp"
#include "chip_model.hpp"
#include "chip_run.hpp"
#include "command_line.hpp"
#include "commands.hpp"
#include "reef/core/error.hpp"
#include "reef/hw/chip_image_codec.hpp"
#include "reef/hw/mapper.hpp"
#include "reef/sim/step_engine.hpp"
#include "step_input.hpp"
#include "text_format.hpp"

namespace reef::cli {
namespace {

const CommandHelp kHelp{
    .usage = "reef compare MODEL --chip CHIP --input IN.npy [--labels LABELS.npy] [--per-channel] [--dt DT]\n"
             "       reef compare MODEL --config chip.pb --input IN.npy [--labels LABELS.npy]",
    .description =
        "Runs three versions of a model on the same input (docs/chip-workflow.md): the float model on the step\n"
        "engine (rockpool profile unless --profile), the quantized model (rockpool profile) and the chip\n"
        "configuration on the bit-accurate chip simulator; with --chip the model is quantized and mapped here,\n"
        "with --config the given chip.pb is used (quantized with its recorded mode and dt). IN.npy holds input\n"
        "events [T, channels] or a batch [batch, T, channels]. Reports per readout neuron the spike counts and\n"
        "their correlation across samples, for each pair the count correlation, the exact-match rate of the\n"
        "readout and hidden spike rasters (per step and neuron; the chip's one-step latencies taken out), the\n"
        "agreement of predicted classes (most spikes, ties to the lowest id), and accuracy when labels are given.",
    .details = "",
    .examples = "  reef compare braille.nir --chip xylo-audio2 --input sample0.npy\n"
                "  reef compare braille.nir --config braille.pb --input test.npy --labels test_labels.npy\n",
};

core::Recording run_model(const core::Graph& graph, sim::StepProfile profile, double dt_s,
                          const sim::StepInput& input) {
  sim::StepOptions options;
  options.profile = profile;
  options.dt_s = dt_s;
  return sim::StepEngine(graph, options).run({input}).recording;
}

}  // namespace

int command_compare(const CliContext& /*context*/, const Args& args) {
  po::options_description options = option_list("options");
  add_chip_options(options);
  options.add_options()
      ("config", po::value<std::string>()->value_name("chip.pb"), "use this chip configuration instead of mapping")
      ("input,i", po::value<std::string>()->value_name("IN.npy"), "input events [T, channels] or [batch, T, channels]")
      ("labels", po::value<std::string>()->value_name("LABELS.npy"), "class id per sample: report accuracy")
      ("profile,p", po::value<std::string>()->value_name("P")->default_value("rockpool"),
       "step-engine profile of the float model: exact, euler, snntorch, rockpool, sinabs");
  const auto values = parse_command_line(args, options, "model", kHelp);
  if (!values) return 0;
  const std::string path = required_argument(*values, "model", "the float model MODEL.nir or NETWORK.yaml");
  if (values->count("input") == 0) throw UsageError("--input IN.npy is required: the input to run all three on");
  const bool from_config = values->count("config") != 0;
  if (from_config == (values->count("chip") != 0))
    throw UsageError("give either --chip CHIP (quantize and map here) or --config chip.pb (use that configuration)");
  if (from_config && (values->count("dt") != 0 || (*values)["per-channel"].as<bool>()))
    throw UsageError("--dt and --per-channel come from chip.pb with --config");
  const std::string profile_text = (*values)["profile"].as<std::string>();
  const auto profile = sim::parse_step_profile(profile_text);
  if (!profile)
    throw UsageError("--profile '" + profile_text + "': expected exact, euler, norse, snntorch, rockpool or sinabs");

  const ChipModel model = load_chip_model(path);
  hw::ChipImage image;
  hw::ChipSpec chip;
  ChipReadyModel ready;
  if (from_config) {
    image = hw::read_chip_image((*values)["config"].as<std::string>());
    chip = hw::find_chip(image.chip);
    QuantRequest request;  // as recorded in chip.pb; a model quantized by `reef quantize` carries its own
    if (!model.quantized_for) {
      request.dt_s = image.dt_s;
      if (image.provenance.quantization == "per-channel") request.mode = hw::QuantMode::per_channel;
    }
    ready = prepare_for_chip(model, chip, request);
  } else {
    chip = chip_option(*values);
    ready = prepare_for_chip(model, chip, quant_request(*values));
    image = hw::map_to_chip(ready.quantized, chip, {.dt_s = ready.dt_s, .provenance = ready.provenance});
  }

  const std::string input_path = (*values)["input"].as<std::string>();
  const std::string input_node = single_input_node(model.graph, path);
  const sim::StepInput input =
      load_input(input_path, input_node, model.graph.node(*model.graph.find(input_node)).output_shape());
  const std::vector<std::size_t> labels =
      values->count("labels") != 0 ? load_labels((*values)["labels"].as<std::string>(), input.batch)
                                   : std::vector<std::size_t>{};
  const ChipInput chip_input = chip_input_from(input, input_path);

  std::cout << report_line("model",
                           path + ", hash " + model.graph.content_hash() + ", dt " + compact(ready.dt_s) + " s")
            << report_line("chip", chip.name + " (" + chip.id + "), " + ready.provenance.quantization +
                                       " quantization, configuration hash " + hw::chip_image_hash(image));
  if (from_config && image.provenance.source_hash != model.graph.content_hash())
    std::cout << report_line("note", "chip.pb was mapped from a model with hash " + image.provenance.source_hash +
                                         " (" + image.provenance.source_model + "), not from " + path);
  std::cout << report_line("runs", "float (" + std::string(sim::to_string(*profile)) +
                                       " profile), quantized (rockpool profile), chip (bit-accurate simulator); " +
                                       group_digits(input.steps) + " steps x batch " + std::to_string(input.batch))
            << std::flush;

  const core::Recording float_run = run_model(model.graph, *profile, ready.dt_s, input);
  const core::Recording quantized_run = run_model(ready.quantized, sim::StepProfile::rockpool, ready.dt_s, input);
  const core::Recording chip_run = chip_recording(image, run_chip(image, chip, chip_input, {}));
  const std::map<std::string, std::size_t> lags = chip_lag_steps(model.graph, chip);
  const std::string readout = chip_output_node(image);
  std::vector<std::string> hidden;
  for (const hw::NeuronGroup& group : image.groups)
    if (group.kind == hw::NeuronGroup::Kind::hidden) hidden.push_back(group.node);
  const std::size_t lag = lags.count(readout) != 0 ? lags.at(readout) : 0;
  std::cout << report_line("latency", "the chip's spikes of " + readout + " come " + std::to_string(lag) + " step" +
                                          (lag == 1 ? "" : "s") +
                                          " later (hidden->output latency); rasters are aligned for it")
            << '\n'
            << comparison_report(
                   {{"float", &float_run, {}}, {"quantized", &quantized_run, {}}, {"chip", &chip_run, lags}}, readout,
                   hidden, labels);
  return 0;
}

}  // namespace reef::cli
