// `reef inspect chip.pb` (or chip.txtpb): describes a chip configuration written by `reef map`: target chip and
// revision, schema, provenance, sizes and hardware usage, where each graph node landed, register ranges and the hash.
#include <filesystem>
#include <iostream>

#include "chip_usage.hpp"
#include "command_line.hpp"
#include "commands.hpp"
#include "reef/hw/chip_image_codec.hpp"
#include "text_format.hpp"

namespace reef::cli {
namespace {

const CommandHelp kHelp{
    .usage = "reef inspect chip.pb | chip.txtpb",
    .description =
        "Reads a chip configuration (docs/chip-workflow.md), checks it against its chip's rules and describes it:\n"
        "chip, revision and schema, where it came from (model file and hash, reef version, quantization), the\n"
        "hardware it uses of what the chip offers, the hardware ids of every graph node, the ranges of the neuron\n"
        "registers (bitshift decays, thresholds, biases), the weight memories and the SHA-256 hash that\n"
        "`reef map` printed and boards report.",
    .details = "",
    .examples = "  reef inspect braille.pb\n"
                "  reef inspect braille.txtpb\n",
};

}  // namespace

bool names_chip_config(const Args& args) {
  for (const auto& arg : args) {
    if (arg.starts_with("-")) continue;
    const std::string extension = std::filesystem::path(arg).extension().string();
    return extension == ".pb" || extension == ".txtpb" || extension == ".textproto";
  }
  return false;
}

int inspect_chip(const CliContext& /*context*/, const Args& args) {
  po::options_description options = option_list("options");
  const auto values = parse_command_line(args, options, "config", kHelp);
  if (!values) return 0;
  const std::string path = required_argument(*values, "config", "the chip configuration chip.pb");
  const hw::ChipImage image = hw::read_chip_image(path);
  const hw::ChipSpec chip = hw::find_chip(image.chip);
  const hw::Provenance& source = image.provenance;
  std::cout << report_line("config", path)
            << report_line("chip", chip.name + " (" + image.chip + ", " + image.part + "), revision " +
                                       std::to_string(image.chip_revision))
            << report_line("schema", "reef chip configuration version " + std::to_string(hw::kChipConfigSchemaVersion))
            << report_line("source", source.source_model + ", hash " + source.source_hash)
            << report_line("written", "reef " + source.reef_version + ", " + source.quantization + " quantization, " +
                                          std::to_string(source.weight_bits) + "-bit weights, " +
                                          std::to_string(source.threshold_bits) + "-bit thresholds")
            << report_line("sizes", std::to_string(image.n_inputs) + " inputs, " + std::to_string(image.n_hidden) +
                                        " hidden, " + std::to_string(image.n_outputs) + " outputs")
            << "\nhardware\n"
            << chip_usage_lines(image, chip) << "\ngroups\n"
            << chip_groups_table(image) << "\nregisters\n"
            << chip_registers_lines(image) << '\n'
            << report_line("hash", hw::chip_image_hash(image));
  return 0;
}

}  // namespace reef::cli
