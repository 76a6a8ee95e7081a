// `reef convert` for network models: YAML -> NIR, NIR -> YAML, and NIR -> NIR (to apply --repair or change gzip).
// What the target format cannot carry is listed on stderr; what it cannot express at all is an error (exit 3).
#include <iostream>

#include "command_line.hpp"
#include "commands.hpp"
#include "nir_options.hpp"
#include "reef/core/error.hpp"
#include "reef/io/network_config.hpp"
#include "reef/io/nir.hpp"

namespace reef::cli {
namespace {

const CommandHelp kHelp{
    .usage = "reef convert IN OUT [--repair] [--reset zero|subtract] [--gzip|--no-gzip]",
    .description =
        "Converts network models: NETWORK.yaml -> MODEL.nir, MODEL.nir -> NETWORK.yaml (projection weights go to\n"
        "NPY files beside it), or MODEL.nir -> MODEL.nir (e.g. to store repairs). The conversion rules and the\n"
        "dynamics convention are in docs/nir.md; anything the target cannot carry is listed, anything it cannot\n"
        "express is an error naming the population, projection or node.",
    .details = "",
    .examples = "  reef convert configs/examples/demo.yaml demo.nir\n"
                "  reef convert braille.nir braille.yaml          # Input nodes are listed as left out\n"
                "  reef convert lif_rockpool.nir fixed.nir --repair\n",
};

bool is_yaml(const std::string& path) {
  const std::string extension = std::filesystem::path(path).extension().string();
  return extension == ".yaml" || extension == ".yml";
}

}  // namespace

int convert_nir(const CliContext& context, const Args& args) {
  po::options_description options = option_list("options");
  options.add_options()("repair", "apply the unambiguous repairs of a broken NIR input (listed)")(
      "reset", po::value<std::string>()->default_value("zero"), "what a missing v_reset means: zero or subtract")(
      "gzip", "gzip-compress NIR arrays (the default)")("no-gzip", "write NIR arrays uncompressed");
  const auto values = parse_command_line(args, options, std::vector<std::string>{"in", "out"}, kHelp);
  if (!values) return 0;
  const std::string in = required_argument(*values, "in", "the input model IN");
  const std::string out = required_argument(*values, "out", "the output file OUT");
  if (values->count("gzip") != 0 && values->count("no-gzip") != 0)
    throw UsageError("--gzip and --no-gzip contradict each other");
  io::NirWriteOptions write_options;
  write_options.gzip = values->count("no-gzip") == 0;
  std::vector<std::string> notes;
  if (is_yaml(in)) {
    if (is_yaml(out)) throw UsageError("convert: YAML -> YAML is not a conversion; give OUT as MODEL.nir");
    io::NirConversion conversion = io::nir_graph_from_network(io::load_network_config(in).graph);
    io::write_nir(out, conversion.graph, write_options);
    notes = std::move(conversion.notes);
  } else {
    const io::NirModel model =
        io::read_nir(in, nir_read_options(values->count("repair") != 0, (*values)["reset"].as<std::string>()));
    for (const auto& repair : model.repairs) std::cerr << "repair: " << repair << '\n';
    if (is_yaml(out)) {
      notes = io::write_nir_as_yaml(out, model.graph);
    } else {
      write_options.metadata = model.metadata;
      io::write_nir(out, model.graph, write_options);
    }
  }
  for (const auto& note : notes) std::cerr << "note: " << note << '\n';
  if (!context.quiet) std::cout << "wrote " << out << '\n';
  return 0;
}

}  // namespace reef::cli
