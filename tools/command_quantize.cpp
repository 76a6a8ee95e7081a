// `reef quantize MODEL --chip CHIP [--per-channel] [--dt DT] [-o OUT.nir]`: quantizes a float model for a chip and
// prints the QuantReport; OUT.nir is the quantized model, marked with its chip, mode, dt and the rockpool profile so
// that `reef sim` runs it as the chip would (without saturation) and `reef map` maps it without quantizing again.
#include <filesystem>
#include <iostream>

#include "chip_model.hpp"
#include "command_line.hpp"
#include "commands.hpp"
#include "reef/core/error.hpp"
#include "reef/io/nir.hpp"
#include "text_format.hpp"

namespace reef::cli {
namespace {

const CommandHelp kHelp{
    .usage = "reef quantize MODEL --chip CHIP [--per-channel] [--dt DT] [-o OUT.nir]",
    .description =
        "Quantizes a float model (NIR, or a YAML network) for a Xylo-family chip (docs/chip-workflow.md): integer\n"
        "weights, thresholds and biases with Rockpool's global or per-channel arithmetic (round half to even), time\n"
        "constants as bitshift decays. Prints the scales, the values clipped to their registers, the error per\n"
        "layer and notes. OUT.nir is again a model: `reef sim OUT.nir` runs it with the rockpool profile, and\n"
        "`reef map OUT.nir` maps it without quantizing again.",
    .details = "dt: the model's time step; NIR files exported by snnTorch or Rockpool state it (reef inspect shows\n"
               "the guess), otherwise give --dt.\n",
    .examples = "  reef quantize braille.nir --chip xylo-audio2 -o braille_q.nir\n"
                "  reef quantize net.nir --chip xylo-imu --per-channel --dt 1ms -o net_q.nir\n"
                "  reef sim braille_q.nir --input sample.npy     # the quantized model, rockpool profile\n",
};

}  // namespace

int command_quantize(const CliContext& /*context*/, const Args& args) {
  po::options_description options = option_list("options");
  add_chip_options(options);
  options.add_options()("output,o", po::value<std::string>()->value_name("OUT.nir"),
                        "write the quantized model (NIR) here (default: only the report)");
  const auto values = parse_command_line(args, options, "model", kHelp);
  if (!values) return 0;
  const std::string path = required_argument(*values, "model", "the model file MODEL.nir or NETWORK.yaml");
  std::optional<std::filesystem::path> output;
  if (values->count("output") != 0) output = (*values)["output"].as<std::string>();
  const hw::ChipSpec chip = chip_option(*values);

  const ChipModel model = load_chip_model(path);
  if (model.quantized_for)
    throw UsageError("'" + path + "' is already quantized for " + *model.quantized_for +
                     "; quantize the float model it came from");
  const ChipReadyModel ready = prepare_for_chip(model, chip, quant_request(*values));
  std::cout << report_line("model", path + ", hash " + model.graph.content_hash())
            << report_line("chip", chip.name + " (" + chip.id + ", " + chip.part + ")")
            << quant_report_text(*ready.report);
  if (!output) {
    std::cout << report_line("output", "not saved (add -o OUT.nir)");
    return 0;
  }
  io::NirWriteOptions write;
  write.metadata.dt_s = ready.dt_s;
  write.metadata.reset = "subtract";
  write.metadata.profile = "rockpool";
  write.metadata.quantized_for = chip.id;
  write.metadata.quant_mode = ready.provenance.quantization;
  io::write_nir(*output, ready.quantized, write);
  std::cout << report_line("output", output->string() + " (quantized model, hash " + ready.quantized.content_hash() +
                                         "; reef sim runs it with the rockpool profile)");
  return 0;
}

}  // namespace reef::cli
