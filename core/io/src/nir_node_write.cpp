// core::Node -> one NIR node group (the inverse of nir_node_read.cpp): explicit v_reset and w_in, Conv input_shape,
// Flatten input_type; what NIR cannot say (refractory period, bias, initial state, several synapses, sources) is a
// ValidationError naming the node.
#include <algorithm>

#include "nir_flat.hpp"
#include "reef/core/error.hpp"

namespace reef::io::nir {
namespace {

using core::Shape;

[[noreturn]] void cannot(const core::Node& node, const std::string& why) {
  throw ValidationError("node '" + node.name + "' (" + std::string(node.kind_name()) + "): NIR cannot express " + why);
}

std::vector<double> expand(const core::PerNeuron& p, std::size_t n) {
  std::vector<double> values(n);
  for (std::size_t i = 0; i < n; ++i) values[i] = p[i];
  return values;
}

std::vector<double> counts(const std::vector<std::size_t>& values) { return {values.begin(), values.end()}; }

bool all_zero(const core::PerNeuron& p) { return p.min() == 0.0 && p.max() == 0.0; }

class NodeWriter {
 public:
  NodeWriter(const core::Node& node, const std::string& path) : node_(node) { group_.path = path; }

  Group write() {
    const std::string type = nir_type(node_);
    group_.datasets["type"] = Dataset::text(type);
    std::visit([&](const auto& p) { write_params(p); }, node_.params);
    return std::move(group_);
  }

 private:
  void set(const std::string& key, Dataset d) { group_.datasets[key] = std::move(d); }
  void per_element(const std::string& key, const std::vector<double>& values) {
    set(key, Dataset::reals(node_.output_shape(), values));
  }
  void per_neuron(const std::string& key, const core::PerNeuron& p) { per_element(key, expand(p, node_.size)); }
  void integer(const std::string& key, double value) { set(key, Dataset::integers({}, {value})); }
  void integers(const std::string& key, const std::vector<std::size_t>& values) {
    set(key, Dataset::integers({values.size()}, counts(values)));
  }

  void write_params(const core::InputParams&) { integers("shape", node_.output_shape()); }
  void write_params(const core::OutputParams&) { integers("shape", node_.output_shape()); }
  void write_params(const core::AffineParams& p) {
    set("weight", Dataset::reals(p.weight.shape, p.weight.values));
    if (p.has_bias()) set("bias", Dataset::reals({p.bias.size()}, p.bias));
  }
  void write_params(const core::ScaleParams& p) { per_element("scale", p.scale); }
  void write_params(const core::ThresholdParams& p) { per_element("threshold", p.threshold); }
  void write_params(const core::DelayParams& p) { per_element("delay", p.delay_s); }
  void write_params(const core::FlattenParams& p) {
    integer("start_dim", static_cast<double>(p.start_dim));
    integer("end_dim", static_cast<double>(p.end_dim));
    integers("input_type", p.input_shape);
  }
  void write_params(const core::ConvParams& p) {
    set("weight", Dataset::reals(p.weight.shape, p.weight.values));
    const std::size_t channels = p.weight.shape[0];
    set("bias", Dataset::reals({channels}, p.bias.empty() ? std::vector<double>(channels, 0.0) : p.bias));
    integer("groups", static_cast<double>(p.groups));
    const Shape spatial(p.input_shape.begin() + 1, p.input_shape.end());
    if (p.spatial_dims() == 1) {
      integer("stride", static_cast<double>(p.stride[0]));
      integer("padding", static_cast<double>(p.padding[0]));
      integer("dilation", static_cast<double>(p.dilation[0]));
      integer("input_shape", static_cast<double>(spatial[0]));
    } else {
      integers("stride", p.stride);
      integers("padding", p.padding);
      integers("dilation", p.dilation);
      integers("input_shape", spatial);
    }
  }
  void write_params(const core::PoolParams& p) {
    integers("kernel_size", p.kernel);
    integers("stride", p.stride);
    integers("padding", p.padding);
  }
  void write_params(const core::NeuronParams& n) {
    if (n.refractory_s.max() != 0.0 || n.refractory_s.min() != 0.0) cannot(node_, "a refractory period");
    if (!all_zero(n.bias)) cannot(node_, "a constant bias current");
    if (!all_zero(n.v_initial)) cannot(node_, "a non-zero initial membrane potential");
    if (n.synapses.size() > 1) cannot(node_, "several synapse types on one population");
    per_neuron("r", n.r);
    if (!n.synapses.empty()) {
      const core::SynapseParams& s = n.synapses[0];
      if (!all_zero(s.initial)) cannot(node_, "a non-zero initial synaptic current");
      per_neuron("tau_syn", s.tau_s);
      per_neuron("tau_mem", n.tau_mem_s);
      per_neuron("w_in", s.w_in);
    } else if (n.has_leak()) {
      per_neuron("tau", n.tau_mem_s);
    }
    if (n.has_leak()) per_neuron("v_leak", n.v_leak);
    if (!n.spikes()) return;
    per_neuron("v_threshold", n.v_th);
    per_neuron("v_reset", n.v_reset);
    if (n.reset == core::ResetMode::subtract) {
      Group metadata;
      metadata.path = group_.path + "/metadata";
      metadata.datasets["reset"] = Dataset::text("subtract");
      group_.groups["metadata"] = std::move(metadata);
    }
  }
  void write_params(const auto&) {}  // sources: nir_type() already refused them

  const core::Node& node_;
  Group group_;
};

}  // namespace

std::string nir_type(const core::Node& node) {
  if (const auto* n = std::get_if<core::NeuronParams>(&node.params)) {
    switch (n->model) {
      case core::NeuronModel::lif: return "LIF";
      case core::NeuronModel::cuba_lif: return "CubaLIF";
      case core::NeuronModel::integrate_and_fire: return "IF";
      case core::NeuronModel::integrator: return "I";
      case core::NeuronModel::leaky_integrator: return n->synapses.empty() ? "LI" : "CubaLI";
    }
  }
  if (std::holds_alternative<core::InputParams>(node.params)) return "Input";
  if (std::holds_alternative<core::OutputParams>(node.params)) return "Output";
  if (const auto* a = std::get_if<core::AffineParams>(&node.params)) return a->has_bias() ? "Affine" : "Linear";
  if (std::holds_alternative<core::ScaleParams>(node.params)) return "Scale";
  if (std::holds_alternative<core::ThresholdParams>(node.params)) return "Threshold";
  if (std::holds_alternative<core::DelayParams>(node.params)) return "Delay";
  if (std::holds_alternative<core::FlattenParams>(node.params)) return "Flatten";
  if (const auto* c = std::get_if<core::ConvParams>(&node.params)) return c->spatial_dims() == 1 ? "Conv1d" : "Conv2d";
  if (const auto* p = std::get_if<core::PoolParams>(&node.params))
    return p->kind == core::PoolKind::sum ? "SumPool2d" : "AvgPool2d";
  cannot(node, "an input source with its data; convert YAML networks with nir_graph_from_network");
}

Group write_node(const core::Node& node, const std::string& path) { return NodeWriter(node, path).write(); }

}  // namespace reef::io::nir
