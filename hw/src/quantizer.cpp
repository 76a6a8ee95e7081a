// hw::quantize: reads a float model through analyze_topology, quantizes its hidden layers and its readout (one
// group each in global mode, one scale per neuron in per-channel mode) and each time constant to a dash, and writes
// the integers back into a copy of the graph that the step engine's rockpool profile runs as the chip would.
#include <algorithm>
#include <cmath>
#include <optional>

#include "quantizer_math.hpp"
#include "reef/core/error.hpp"
#include "reef/hw/quantizer.hpp"
#include "reef/hw/topology.hpp"

namespace reef::hw {
namespace {

using detail::LayerValues;
using detail::WeightValues;
using detail::format_number;

std::vector<double> per_neuron(const core::PerNeuron& p, std::size_t n) {
  std::vector<double> out(n);
  for (std::size_t j = 0; j < n; ++j) out[j] = p[j];
  return out;
}

// One value for the whole population when all agree, else one per neuron.
core::PerNeuron compact(const std::vector<double>& values) {
  if (!values.empty() && std::all_of(values.begin(), values.end(), [&](double v) { return v == values[0]; })) {
    return core::PerNeuron(values[0]);
  }
  return core::PerNeuron(values);
}

const core::AffineParams& affine(const core::Graph& graph, core::NodeId id) {
  return std::get<core::AffineParams>(graph.node(id).params);
}

// The layer's thresholds, biases (bias + v_leak: the rockpool profile adds both every step) and incoming weights.
LayerValues layer_values(const core::Graph& graph, const NeuronLayer& layer, const std::vector<WeightLink>& links) {
  const core::Node& node = graph.node(layer.node);
  const core::NeuronParams& p = node.neurons();
  LayerValues values;
  values.node = node.name;
  values.threshold = per_neuron(p.v_th, layer.size);
  values.bias = per_neuron(p.bias, layer.size);
  for (std::size_t j = 0; j < layer.size; ++j) values.bias[j] += p.v_leak[j];
  for (const WeightLink& link : links) {
    const core::Node& weights = graph.node(link.node);
    const core::AffineParams& a = affine(graph, link.node);
    if (std::any_of(a.bias.begin(), a.bias.end(), [](double b) { return b != 0.0; })) {
      throw MappingError("rule weight_nodes_have_no_biases: node '" + weights.name +
                         "' has a bias, which Xylo weight memories cannot hold: export the model without biases on "
                         "its Linear layers (a neuron bias is supported)");
    }
    values.inputs.push_back({weights.name, a.weight.shape.at(1), a.weight.values});
  }
  return values;
}

// The weight links into hidden layer `h`, or into the readout when `h` is empty.
std::vector<WeightLink> links_into(const ChipTopology& topology, std::optional<std::size_t> h) {
  std::vector<WeightLink> out;
  for (const WeightLink& link : topology.weights) {
    if (h ? (!link.to_output && link.to_hidden == *h) : link.to_output) out.push_back(link);
  }
  return out;
}

// The dashes of one layer's time constants, checked against the chip; taus replaced by tau_from_dash(dash).
class DashQuantizer {
 public:
  DashQuantizer(const ChipSpec& chip, double dt_s) : chip_(chip), dt_s_(dt_s) {}

  std::vector<double> quantize(const std::string& node, const std::string& quantity, const core::PerNeuron& tau,
                               std::size_t size, QuantReport& report) {
    QuantLayerReport row{.node = node, .quantity = quantity, .values = size};
    const std::int64_t lowest = std::max<std::int64_t>(1, chip_.dash.min);
    double squared = 0.0;
    std::vector<double> taus(size);
    for (std::size_t j = 0; j < size; ++j) {
      const int dash = dash_from_tau(tau[j], dt_s_);
      if (dash < lowest || dash > chip_.dash.max) {
        throw MappingError("rule dash_range: node '" + node + "' " + quantity_name(quantity) + " " +
                           format_number(tau[j]) + " s (neuron " + std::to_string(j) + ") needs dash " +
                           std::to_string(dash) + " = round(log2(tau/dt)) at dt " + format_number(dt_s_) + " s; " +
                           chip_.name + " offers dash " + std::to_string(lowest) + ".." +
                           std::to_string(chip_.dash.max) + " (tau " + format_number(tau_from_dash(
                               static_cast<int>(lowest), dt_s_)) + ".." + format_number(tau_from_dash(
                               static_cast<int>(chip_.dash.max), dt_s_)) + " s)");
      }
      const double error = std::abs(dash - std::log2(tau[j] / dt_s_));
      row.max_abs_error = std::max(row.max_abs_error, error);
      squared += error * error;
      taus[j] = tau_from_dash(dash, dt_s_);
    }
    row.rms_error = size == 0 ? 0.0 : std::sqrt(squared / static_cast<double>(size));
    report.layers.push_back(row);
    return taus;
  }

 private:
  static std::string quantity_name(const std::string& quantity) {
    return quantity == "dash_mem" ? "tau_mem" : quantity == "dash_syn" ? "tau_syn" : "tau_syn2";
  }
  const ChipSpec& chip_;
  double dt_s_;
};

// The quantized copy of one neuron node.
core::NeuronParams quantized_neurons(const core::Node& node, const LayerValues& q, DashQuantizer& dashes,
                                     QuantReport& report) {
  core::NeuronParams p = node.neurons();
  if (p.refractory_s.max() > 0.0) {
    throw MappingError("rule no_refractory_period: node '" + node.name + "' has a refractory period of " +
                       format_number(p.refractory_s.max()) + " s; Xylo neurons have none: train without one");
  }
  bool had_state = p.v_initial.min() != 0.0 || p.v_initial.max() != 0.0;
  p.tau_mem_s = compact(dashes.quantize(node.name, "dash_mem", p.tau_mem_s, node.size, report));
  for (std::size_t k = 0; k < p.synapses.size(); ++k) {
    core::SynapseParams& s = p.synapses[k];
    s.tau_s = compact(dashes.quantize(node.name, k == 0 ? "dash_syn" : "dash_syn2", s.tau_s, node.size, report));
    had_state = had_state || s.initial.min() != 0.0 || s.initial.max() != 0.0;
    s.initial = 0.0;
    s.w_in = 1.0;
  }
  if (had_state) report.notes.push_back("node '" + node.name + "': initial states set to 0, as the chip starts");
  p.r = 1.0;
  p.v_leak = 0.0;
  p.v_reset = 0.0;
  p.v_initial = 0.0;
  p.reset = core::ResetMode::subtract;
  p.v_th = compact(q.threshold);
  p.bias = compact(q.bias);
  return p;
}

void append(QuantReport& report, detail::GroupQuantization& group) {
  report.layers.insert(report.layers.end(), group.reports.begin(), group.reports.end());
  report.notes.insert(report.notes.end(), group.notes.begin(), group.notes.end());
}

}  // namespace

std::size_t QuantReport::clipped() const {
  std::size_t total = 0;
  for (const QuantLayerReport& layer : layers) total += layer.clipped;
  return total;
}

QuantizedModel quantize(const core::Graph& model, const ChipSpec& chip, const QuantOptions& options) {
  if (!(options.dt_s > 0.0) || !std::isfinite(options.dt_s)) {
    throw UsageError("quantizing needs the model's time step: dt must be > 0 s (got " + format_number(options.dt_s) +
                     ")");
  }
  const ChipTopology topology = analyze_topology(model, chip);
  std::vector<LayerValues> hidden;
  for (std::size_t h = 0; h < topology.hidden.size(); ++h) {
    hidden.push_back(layer_values(model, topology.hidden[h], links_into(topology, h)));
  }
  const std::vector<LayerValues> readout = {layer_values(model, topology.readout, links_into(topology, {}))};

  QuantReport report;
  report.mode = options.mode;
  report.dt_s = options.dt_s;
  // A model whose parameters are already chip integers (quantize's own output) is kept as it is.
  const bool integer = detail::is_chip_integer(hidden, chip) && detail::is_chip_integer(readout, chip);
  const detail::ScaleRule rule = integer ? detail::ScaleRule::unit
                                 : options.mode == QuantMode::global ? detail::ScaleRule::global
                                                                     : detail::ScaleRule::per_channel;
  if (integer) report.notes.push_back("weights, thresholds and biases are already chip integers: kept unscaled");
  detail::GroupQuantization hidden_q = detail::quantize_group(hidden, chip, rule, "hidden layers");
  detail::GroupQuantization readout_q = detail::quantize_group(readout, chip, rule, "readout");
  if (rule != detail::ScaleRule::per_channel) {
    report.hidden_scale = hidden_q.scales.empty() || hidden_q.scales[0].empty() ? 1.0 : hidden_q.scales[0][0];
    report.output_scale = readout_q.scales[0].empty() ? 1.0 : readout_q.scales[0][0];
  }
  append(report, hidden_q);
  append(report, readout_q);

  // Every node in its place; neuron layers and weight nodes carry the integers.
  std::vector<core::Node> nodes = model.nodes();
  DashQuantizer dashes(chip, options.dt_s);
  const auto rewrite = [&](const NeuronLayer& layer, const LayerValues& q, const std::vector<WeightLink>& links) {
    core::Node& node = nodes[layer.node];
    node.params = quantized_neurons(node, q, dashes, report);
    for (std::size_t w = 0; w < links.size(); ++w) {
      std::get<core::AffineParams>(nodes[links[w].node].params).weight.values = q.inputs[w].values;
    }
  };
  for (std::size_t h = 0; h < topology.hidden.size(); ++h) {
    rewrite(topology.hidden[h], hidden_q.layers[h], links_into(topology, h));
  }
  rewrite(topology.readout, readout_q.layers[0], links_into(topology, {}));

  core::GraphBuilder builder;
  for (core::Node& node : nodes) builder.add_node(std::move(node));
  for (const core::Edge& edge : model.edges()) builder.add_edge(edge);
  for (const core::Connection& connection : model.connections()) builder.add_connection(connection);
  return {std::move(builder).build(), std::move(report)};
}

}  // namespace reef::hw
