// map_to_chip: a quantized graph → ChipImage. Hardware ids follow ChipTopology order; every weight, threshold and
// bias must already be a chip integer and every time constant a whole bitshift decay at dt (else "not quantized: run
// reef quantize first"); the finished image goes through validate_image for the per-neuron resource rules.
#include "reef/hw/mapper.hpp"

#include <cmath>
#include <sstream>

#include "reef/core/error.hpp"
#include "reef/hw/topology.hpp"

namespace reef::hw {

namespace {

// A dash recovered from a tau is accepted as whole when it lies this close to an integer (tau_from_dash round trip
// error is ~1e-12).
constexpr double kDashTolerance = 1e-6;

std::string number(double value) {
  std::ostringstream out;
  out.precision(10);
  out << value;
  return out.str();
}

std::string range_text(const IntRange& range) { return std::to_string(range.min) + ".." + std::to_string(range.max); }

std::uint32_t bits_of(const IntRange& range) {
  std::uint32_t bits = 0;
  while (bits < 63 && (std::int64_t{1} << bits) < range.max - range.min + 1) ++bits;
  return bits;
}

// Reads the integers of one node: `what` names the quantity in messages ("weight [3, 5]", "threshold of neuron 2").
class IntegerReader {
 public:
  IntegerReader(const ChipSpec& chip, double dt_s) : chip_(chip), dt_s_(dt_s) {}

  std::int64_t value(const core::Node& node, const std::string& what, double v, const IntRange& range,
                     std::string_view rule) const {
    if (!std::isfinite(v) || v != std::nearbyint(v)) {
      throw MappingError("not quantized: node '" + node.name + "' " + what + " is " + number(v) +
                         ", not an integer; run reef quantize first");
    }
    if (!range.contains(static_cast<std::int64_t>(v))) {
      throw MappingError("rule " + std::string(rule) + ": node '" + node.name + "' " + what + " needs " + number(v) +
                         ", " + chip_.name + " offers " + range_text(range));
    }
    return static_cast<std::int64_t>(v);
  }

  // dash = −log2(1 − exp(−dt/tau)), the inverse of tau_from_dash.
  std::uint8_t dash(const core::Node& node, const std::string& what, double tau_s) const {
    const double dash = -std::log2(-std::expm1(-dt_s_ / tau_s));
    const double whole = std::nearbyint(dash);
    if (!std::isfinite(dash) || std::abs(dash - whole) > kDashTolerance) {
      throw MappingError("not quantized: node '" + node.name + "' " + what + " = " + number(tau_s) +
                         " s is bitshift decay " + number(dash) + " at dt " + number(dt_s_) +
                         " s, not a whole one; run reef quantize first");
    }
    if (!chip_.dash.contains(static_cast<std::int64_t>(whole))) {
      throw MappingError("rule dash_range: node '" + node.name + "' " + what + " = " + number(tau_s) +
                         " s needs dash " + number(whole) + " at dt " + number(dt_s_) + " s, " + chip_.name +
                         " offers " + range_text(chip_.dash));
    }
    return static_cast<std::uint8_t>(whole);
  }

  // The chip's neurons have no leak potential, resistance, input gain, refractory period or initial state, and reset
  // by subtracting the threshold: the quantizer's output has exactly these.
  void check_chip_neuron(const core::Node& node) const {
    const core::NeuronParams& p = node.neurons();
    const auto require = [&](const core::PerNeuron& values, double chip_value, const std::string& name) {
      for (double v : values.values()) {
        if (v != chip_value) {
          throw MappingError("not quantized: node '" + node.name + "' has " + name + " " + number(v) +
                             " where the chip's is " + number(chip_value) + "; run reef quantize first");
        }
      }
    };
    if (p.reset != core::ResetMode::subtract) {
      throw MappingError("not quantized: node '" + node.name +
                         "' resets to a value; the chip subtracts the threshold; run reef quantize first");
    }
    require(p.v_reset, 0.0, "v_reset");
    require(p.v_leak, 0.0, "v_leak");
    require(p.r, 1.0, "r");
    require(p.refractory_s, 0.0, "a refractory period of");
    require(p.v_initial, 0.0, "v_initial");
    for (const core::SynapseParams& s : p.synapses) {
      require(s.w_in, 1.0, "synapse '" + s.name + "' w_in");
      require(s.initial, 0.0, "synapse '" + s.name + "' initial current");
    }
  }

 private:
  const ChipSpec& chip_;
  double dt_s_;
};

}  // namespace

ChipImage empty_chip_image(const ChipSpec& chip, std::size_t inputs, std::size_t hidden, std::size_t outputs,
                           std::size_t synapses) {
  ChipImage image;
  image.chip = chip.id;
  image.part = chip.part;
  image.chip_revision = chip.revision;
  image.n_inputs = inputs;
  image.n_hidden = hidden;
  image.n_outputs = outputs;
  image.synapses = synapses;
  image.synapse2_enable = synapses == 2;
  image.weights_in.assign(inputs * hidden * synapses, 0);
  image.weights_rec.assign(hidden * hidden * synapses, 0);
  image.weights_out.assign(hidden * outputs, 0);
  image.hidden.resize(hidden);
  image.outputs.resize(outputs);
  return image;
}

ChipImage map_to_chip(const core::Graph& quantized, const ChipSpec& chip, const MapOptions& options) {
  if (!(options.dt_s > 0.0) || !std::isfinite(options.dt_s)) {
    throw UsageError("mapping needs the model's time step: dt must be > 0 s (got " + number(options.dt_s) + ")");
  }
  const ChipTopology topology = analyze_topology(quantized, chip);
  const IntegerReader read(chip, options.dt_s);

  std::size_t synapses = 1;
  for (const NeuronLayer& layer : topology.hidden) synapses = std::max(synapses, layer.synapses);
  ChipImage image =
      empty_chip_image(chip, topology.n_inputs, topology.hidden_neurons(), topology.readout.size, synapses);
  image.dt_s = options.dt_s;
  image.provenance = options.provenance;
  image.provenance.weight_bits = bits_of(chip.weight);
  image.provenance.threshold_bits = bits_of(chip.threshold);

  // Hidden ids: consecutive per layer, in topology order.
  std::vector<std::size_t> first(topology.hidden.size());
  image.groups.push_back(
      {quantized.node(topology.input).name, NeuronGroup::Kind::input, 0, static_cast<std::uint32_t>(image.n_inputs)});
  for (std::size_t h = 0, next = 0; h < topology.hidden.size(); ++h) {
    first[h] = next;
    next += topology.hidden[h].size;
    image.groups.push_back({quantized.node(topology.hidden[h].node).name, NeuronGroup::Kind::hidden,
                            static_cast<std::uint32_t>(first[h]), static_cast<std::uint32_t>(topology.hidden[h].size)});
  }
  image.groups.push_back({quantized.node(topology.readout.node).name, NeuronGroup::Kind::output, 0,
                          static_cast<std::uint32_t>(image.n_outputs)});

  for (const WeightLink& link : topology.weights) {
    const core::Node& node = quantized.node(link.node);
    const core::Tensor& w = std::get<core::AffineParams>(node.params).weight;
    const std::size_t rows = w.shape.at(0), cols = w.shape.at(1);
    for (std::size_t o = 0; o < rows; ++o) {
      for (std::size_t i = 0; i < cols; ++i) {
        const double v = w.values[o * cols + i];
        if (v == 0.0) continue;
        const auto q = static_cast<std::int8_t>(read.value(
            node, "weight [" + std::to_string(o) + ", " + std::to_string(i) + "]", v, chip.weight, "weight_range"));
        if (link.from_input) {
          image.weights_in[(i * image.n_hidden + first[link.to_hidden] + o) * image.synapses + link.synapse] = q;
        } else if (link.to_output) {
          image.weights_out[(first[link.from_hidden] + i) * image.n_outputs + o] = q;
        } else {
          const std::size_t source = first[link.from_hidden] + i, target = first[link.to_hidden] + o;
          image.weights_rec[(source * image.n_hidden + target) * image.synapses + link.synapse] = q;
        }
      }
    }
  }

  const auto neuron_registers = [&](const core::Node& node, std::size_t n, auto& config) {
    const core::NeuronParams& p = node.neurons();
    const std::string which = " of neuron " + std::to_string(n);
    config.dash_mem = read.dash(node, "tau_mem" + which, p.tau_mem_s[n]);
    config.dash_syn = read.dash(node, "tau_syn" + which, p.synapses.at(0).tau_s[n]);
    config.threshold =
        static_cast<std::int32_t>(read.value(node, "threshold" + which, p.v_th[n], chip.threshold, "threshold_range"));
    config.bias = static_cast<std::int32_t>(read.value(node, "bias" + which, p.bias[n], chip.bias, "bias_range"));
    if (config.bias != 0 && !chip.has_bias) {
      throw MappingError("rule bias: node '" + node.name + "' bias" + which + " needs " + std::to_string(config.bias) +
                         ", " + chip.name + " neurons have no bias");
    }
    image.bias_enable = image.bias_enable || config.bias != 0;
  };
  for (std::size_t h = 0; h < topology.hidden.size(); ++h) {
    const core::Node& node = quantized.node(topology.hidden[h].node);
    read.check_chip_neuron(node);
    for (std::size_t n = 0; n < node.size; ++n) {
      HiddenNeuronConfig& config = image.hidden[first[h] + n];
      neuron_registers(node, n, config);
      if (node.neurons().synapses.size() > 1) {
        config.dash_syn2 =
            read.dash(node, "tau_syn2 of neuron " + std::to_string(n), node.neurons().synapses[1].tau_s[n]);
      }
    }
  }
  const core::Node& readout = quantized.node(topology.readout.node);
  read.check_chip_neuron(readout);
  for (std::size_t n = 0; n < readout.size; ++n) neuron_registers(readout, n, image.outputs[n]);

  for (const AliasLink& alias : topology.aliases) {
    for (std::size_t n = 0; n < topology.hidden[alias.source].size; ++n) {
      image.hidden[first[alias.source] + n].alias_target = static_cast<std::int32_t>(first[alias.target] + n);
    }
  }

  validate_image(image, chip);
  return image;
}

}  // namespace reef::hw
