// What the chip commands (quantize, map, compare) share about the model they start from: reading a float or an
// already quantized model (NIR, or a YAML network turned into NIR's vocabulary), its time step, the --chip,
// --per-channel and --dt options, and quantizing it for a chip with the provenance a chip image records.
#pragma once

#include <optional>
#include <string>

#include "command_line.hpp"
#include "reef/core/graph.hpp"
#include "reef/hw/chip_image.hpp"
#include "reef/hw/chip_spec.hpp"
#include "reef/hw/quantizer.hpp"

namespace reef::cli {

struct ChipModel {
  std::string path;
  core::Graph graph;
  std::optional<double> dt_s;                // from the file's metadata or the convention guess
  std::string dt_origin;                     // one line on where dt_s came from, or why it is unknown
  std::optional<std::string> quantized_for;  // chip id when `reef quantize` wrote the file
  std::optional<std::string> quant_mode;     // "global" / "per-channel" of such a file
};

// Reads MODEL.nir, or a YAML network converted with io::nir_graph_from_network.
ChipModel load_chip_model(const std::string& path);

// Adds --chip, --per-channel and --dt to `options`.
void add_chip_options(po::options_description& options);
// The chip named by --chip (UsageError when it is missing).
hw::ChipSpec chip_option(const po::variables_map& values);

// How to quantize, as the command line asked: the mode, and a dt that overrides the model's own.
struct QuantRequest {
  hw::QuantMode mode = hw::QuantMode::global;
  std::optional<double> dt_s;
};
QuantRequest quant_request(const po::variables_map& values);  // --per-channel, --dt

// A model ready for hw::map_to_chip.
struct ChipReadyModel {
  core::Graph quantized;
  std::optional<hw::QuantReport> report;  // nullopt when the model was already quantized
  double dt_s = 0.0;
  hw::Provenance provenance;
};

// Quantizes a float model for `chip` (dt: the request's, else the model's, else a UsageError saying how to give
// it). A model `reef quantize` already quantized for `chip` passes unchanged with its own dt; a request for
// per-channel mode or a dt, or another chip, is then a UsageError.
ChipReadyModel prepare_for_chip(const ChipModel& model, const hw::ChipSpec& chip, const QuantRequest& request);

std::string quant_mode_name(hw::QuantMode mode);  // "global" or "per-channel"
// The QuantReport as printed by `reef quantize` and `reef map`: mode, scales, a table per quantity, notes.
std::string quant_report_text(const hw::QuantReport& report);

}  // namespace reef::cli
