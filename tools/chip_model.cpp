// Model loading, chip options and quantization for the chip commands (chip_model.hpp).
#include "chip_model.hpp"

#include <filesystem>

#include "reef/core/error.hpp"
#include "reef/io/network_config.hpp"
#include "reef/io/nir.hpp"
#include "text_format.hpp"

namespace reef::cli {

ChipModel load_chip_model(const std::string& path) {
  ChipModel model;
  model.path = path;
  const std::string extension = std::filesystem::path(path).extension().string();
  if (extension == ".yaml" || extension == ".yml") {
    model.graph = io::nir_graph_from_network(io::load_network_config(path).graph).graph;
    model.dt_origin = "a YAML network does not state a time step";
    return model;
  }
  if (!std::filesystem::is_regular_file(path)) throw UsageError("model '" + path + "' does not exist");
  if (!io::is_nir_file(path))
    throw UsageError("model '" + path + "' is neither a NIR model (HDF5) nor a YAML network (.yaml)");
  io::NirModel nir = io::read_nir(path);
  const io::NirConvention guess = io::guess_nir_convention(nir);
  model.graph = std::move(nir.graph);
  model.dt_s = guess.dt_s;
  model.dt_origin = guess.profile + ": " + guess.reason;
  model.quantized_for = nir.metadata.quantized_for;
  model.quant_mode = nir.metadata.quant_mode;
  return model;
}

void add_chip_options(po::options_description& options) {
  options.add_options()
      ("chip,c", po::value<std::string>()->value_name("CHIP"),
       "target chip: xylo-audio2, xylo-audio3, xylo-imu (or an alias, or a spec file .yaml)")
      ("per-channel", po::bool_switch(), "quantize each neuron's weights with its own scale (default: global)")
      ("dt", po::value<std::string>()->value_name("DT"), "the model's time step, e.g. 0.1ms (default: the file's)");
}

hw::ChipSpec chip_option(const po::variables_map& values) {
  if (values.count("chip") == 0) throw UsageError("--chip is required, e.g. --chip xylo-audio2");
  return hw::find_chip(values["chip"].as<std::string>());
}

QuantRequest quant_request(const po::variables_map& values) {
  QuantRequest request;
  if (values.count("per-channel") != 0 && values["per-channel"].as<bool>()) request.mode = hw::QuantMode::per_channel;
  if (values.count("dt") != 0)
    request.dt_s = parse_duration_option(values["dt"].as<std::string>(), "--dt").seconds();
  return request;
}

std::string quant_mode_name(hw::QuantMode mode) {
  return mode == hw::QuantMode::per_channel ? "per-channel" : "global";
}

ChipReadyModel prepare_for_chip(const ChipModel& model, const hw::ChipSpec& chip, const QuantRequest& request) {
  ChipReadyModel ready;
  ready.provenance.source_model = std::filesystem::path(model.path).filename().string();
  ready.provenance.source_hash = model.graph.content_hash();
  ready.provenance.reef_version = REEF_VERSION;
  if (model.quantized_for) {
    if (*model.quantized_for != chip.id)
      throw UsageError("'" + model.path + "' is quantized for " + *model.quantized_for + ", not " + chip.id +
                       ": use --chip " + *model.quantized_for + ", or quantize the float model for " + chip.id);
    if (request.dt_s || request.mode == hw::QuantMode::per_channel)
      throw UsageError("'" + model.path + "' is already quantized (" + model.quant_mode.value_or("global") +
                       "); --dt and --per-channel apply to float models");
    if (!model.dt_s)
      throw ValidationError("'" + model.path + "' is marked as quantized for " + chip.id +
                            " but has no dt in its metadata: quantize the float model again with reef quantize");
    ready.quantized = model.graph;
    ready.dt_s = *model.dt_s;
    ready.provenance.quantization = model.quant_mode.value_or("pre-quantized");
    return ready;
  }
  const std::optional<double> dt_s = request.dt_s ? request.dt_s : model.dt_s;
  if (!dt_s)
    throw UsageError("the time step of '" + model.path + "' is unknown (" + model.dt_origin +
                     "); give it with --dt, e.g. --dt 1ms");
  const hw::QuantOptions options{.mode = request.mode, .dt_s = *dt_s};
  hw::QuantizedModel quantized = hw::quantize(model.graph, chip, options);
  ready.quantized = std::move(quantized.graph);
  ready.report = std::move(quantized.report);
  ready.dt_s = options.dt_s;
  ready.provenance.quantization = quant_mode_name(options.mode);
  return ready;
}

std::string quant_report_text(const hw::QuantReport& report) {
  std::string scales = quant_mode_name(report.mode) + ", dt " + compact(report.dt_s) + " s";
  if (report.mode == hw::QuantMode::global)
    scales += "; hidden scale " + compact(report.hidden_scale) + ", output scale " + compact(report.output_scale);
  TextTable table({"node", "quantity", "scale", "values", "clipped", "max error", "rms error"},
                  {false, false, true, true, true, true, true});
  std::size_t values = 0;
  for (const hw::QuantLayerReport& layer : report.layers) {
    const std::string scale = layer.scale_min == layer.scale_max
                                  ? compact(layer.scale_min)
                                  : compact(layer.scale_min) + ".." + compact(layer.scale_max);
    table.add_row({layer.node, layer.quantity, scale, group_digits(layer.values), group_digits(layer.clipped),
                   compact(layer.max_abs_error), compact(layer.rms_error)});
    values += layer.values;
  }
  std::string text = report_line("quantized", scales) + table.render("  ") +
                     report_line("clipped", group_digits(report.clipped()) + " of " + group_digits(values) +
                                                " values did not fit their register");
  if (report.notes.empty()) return text + report_line("notes", "none");
  text += report_line("notes", std::to_string(report.notes.size()));
  for (const std::string& note : report.notes) text += "  - " + note + '\n';
  return text;
}

}  // namespace reef::cli
