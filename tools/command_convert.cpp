// `reef convert IN OUT`: converts a file to another format; the kind of IN chooses the converter
// (network models: convert_nir.cpp; event files: convert_events.cpp).
#include "commands.hpp"
#include "event_options.hpp"
#include "nir_options.hpp"
#include "reef/core/error.hpp"

namespace reef::cli {

int command_convert(const CliContext& context, const Args& args) {
  if (names_nir_model(args) || names_network_config(args)) return convert_nir(context, args);
  const bool help = args.empty() || args.front() == "-h" || args.front() == "--help";
  if (help || names_event_file(args)) return convert_events(context, help ? Args{"--help"} : args);
  throw UsageError("convert: the first argument must be an existing event file (AEDAT, EVT .raw, DAT, N-MNIST .bin, "
                   "SHD .h5, NPY or CSV) whose format reef can detect, or give --input-format");
}

}  // namespace reef::cli
