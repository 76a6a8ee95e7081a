// `reef map MODEL --chip CHIP [--per-channel] [--dt DT] -o chip.pb [--text chip.txtpb]`: quantizes a float model
// (or takes one `reef quantize` wrote), maps it onto the chip and writes the chip configuration; prints the hardware
// it uses and the configuration's hash. A design-rule violation is exit 3 with the rule's MappingError message.
#include <filesystem>
#include <iostream>

#include "chip_model.hpp"
#include "chip_usage.hpp"
#include "command_line.hpp"
#include "commands.hpp"
#include "reef/core/error.hpp"
#include "reef/hw/chip_image_codec.hpp"
#include "reef/hw/mapper.hpp"
#include "text_format.hpp"

namespace reef::cli {
namespace {

const CommandHelp kHelp{
    .usage = "reef map MODEL --chip CHIP [--per-channel] [--dt DT] -o chip.pb [--text chip.txtpb]",
    .description =
        "Maps a model onto a Xylo-family chip (docs/chip-workflow.md): a float model is quantized first (as\n"
        "`reef quantize` would), a model `reef quantize` wrote is mapped as it is. Hidden layers get hardware neuron\n"
        "ids, inputs channels, the readout output neurons; every design rule of the chip is checked. Writes the\n"
        "chip configuration (protobuf, deterministic bytes) and prints the hardware used and its SHA-256 hash,\n"
        "the identity `reef inspect chip.pb` and boards show. A rule the model breaks is an error naming the rule,\n"
        "the node, what it needs and what the chip offers (exit code 3).",
    .details = "-o: chip.pb (binary) or chip.txtpb (protobuf text); --text also writes the text form for review.\n",
    .examples = "  reef map braille.nir --chip xylo-audio2 -o braille.pb\n"
                "  reef map braille_q.nir --chip xylo-audio2 -o braille.pb --text braille.txtpb\n"
                "  reef inspect braille.pb\n",
};

}  // namespace

int command_map(const CliContext& /*context*/, const Args& args) {
  po::options_description options = option_list("options");
  add_chip_options(options);
  options.add_options()
      ("output,o", po::value<std::string>()->value_name("chip.pb"), "write the chip configuration here (required)")
      ("text", po::value<std::string>()->value_name("chip.txtpb"), "also write it in protobuf text format");
  const auto values = parse_command_line(args, options, "model", kHelp);
  if (!values) return 0;
  const std::string path = required_argument(*values, "model", "the model file MODEL.nir or NETWORK.yaml");
  if (values->count("output") == 0) throw UsageError("-o chip.pb is required: where to write the chip configuration");
  const std::filesystem::path output = (*values)["output"].as<std::string>();
  if (values->count("text") != 0) {
    const std::string extension = std::filesystem::path((*values)["text"].as<std::string>()).extension().string();
    if (extension != ".txtpb" && extension != ".textproto")
      throw UsageError("--text '" + (*values)["text"].as<std::string>() + "': name it *.txtpb or *.textproto");
  }
  const hw::ChipSpec chip = chip_option(*values);

  const ChipModel model = load_chip_model(path);
  const ChipReadyModel ready = prepare_for_chip(model, chip, quant_request(*values));
  std::cout << report_line("model", path + ", hash " + model.graph.content_hash())
            << report_line("chip", chip.name + " (" + chip.id + ", " + chip.part + ", revision " +
                                       std::to_string(chip.revision) + ")");
  if (ready.report) {
    std::cout << quant_report_text(*ready.report);
  } else {
    std::cout << report_line("quantized", "already (" + ready.provenance.quantization + ", dt " +
                                              compact(ready.dt_s) + " s)");
  }
  const hw::ChipImage image =
      hw::map_to_chip(ready.quantized, chip, {.dt_s = ready.dt_s, .provenance = ready.provenance});
  hw::write_chip_image(output, image);
  std::string written = output.string();
  if (values->count("text") != 0) {
    const std::string text = (*values)["text"].as<std::string>();
    hw::write_chip_image(text, image);
    written += " and " + text;
  }
  std::cout << "\nhardware\n"
            << chip_usage_lines(image, chip) << report_line("hash", hw::chip_image_hash(image))
            << report_line("output", written);
  return 0;
}

}  // namespace reef::cli
