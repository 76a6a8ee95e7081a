// One NIR node group -> core::Node: every node type of NIR 0.x-1.0.x, any numeric dtype, scalar parameters
// broadcast to the neuron shape, optional v_reset/w_in, Conv padding strings resolved to numbers.
#include <algorithm>
#include <cmath>
#include <set>

#include "nir_flat.hpp"
#include "reef/core/error.hpp"

namespace reef::io::nir {
namespace {

using core::Shape;

class NodeReader {
 public:
  NodeReader(const Group& group, const std::string& name, const NodeReadContext& context)
      : group_(group), context_(context) {
    flat_.node.name = name;
    flat_.info.name = name;
    flat_.info.type = string_value("type");
  }

  FlatNode read() {
    const std::string& type = flat_.info.type;
    if (type == "Input" || type == "Output") {
      flat_.node.shape = shape_value("shape");
      if (type == "Input") flat_.node.params = core::InputParams{};
      else flat_.node.params = core::OutputParams{};
    } else if (type == "Affine" || type == "Linear") {
      read_affine(type == "Affine");
    } else if (type == "Scale" || type == "Threshold" || type == "Delay") {
      read_elementwise(type);
    } else if (type == "Flatten") {
      read_flatten();
    } else if (type == "Conv1d" || type == "Conv2d") {
      read_conv(type == "Conv1d" ? 1 : 2);
    } else if (type == "SumPool2d" || type == "AvgPool2d") {
      read_pool(type == "SumPool2d" ? core::PoolKind::sum : core::PoolKind::average);
    } else if (type == "LIF" || type == "CubaLIF" || type == "IF" || type == "LI" || type == "CubaLI" || type == "I") {
      read_neurons(type);
    } else {
      fail_format(0, "unknown node type \"" + type +
                         "\"; reef reads Input, Output, Affine, Linear, Scale, Threshold, Delay, Flatten, Conv1d, "
                         "Conv2d, SumPool2d, AvgPool2d, LIF, CubaLIF, IF, LI, CubaLI, I and NIRGraph");
    }
    for (const auto& [key, dataset] : group_.datasets)
      if (!used_.count(key))
        flat_.info.warnings.push_back("dataset '" + key + "' is not part of a " + flat_.info.type + " node; ignored");
    for (const auto& [key, sub] : group_.groups)
      if (!used_.count(key) && key != "metadata")
        flat_.info.warnings.push_back("group '" + key + "' is not part of a " + flat_.info.type + " node; ignored");
    if (flat_.node.shape.empty()) flat_.node.size = 0;
    else flat_.node.size = core::element_count(flat_.node.shape);
    return std::move(flat_);
  }

 private:
  std::string where() const { return "node '" + flat_.node.name + "' (" + flat_.info.type + ")"; }

  [[noreturn]] void fail_format(std::uint64_t offset, const std::string& what) const {
    throw FormatError(context_.file, offset, where() + ": " + what);
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw ValidationError(context_.file + ": " + where() + ": " + what);
  }

  const Dataset* optional(const std::string& key) {
    const auto found = group_.datasets.find(key);
    if (found == group_.datasets.end()) return nullptr;
    used_.insert(key);
    return &found->second;
  }

  const Dataset& required(const std::string& key) {
    if (const Dataset* d = optional(key)) return *d;
    fail_format(0, "dataset '" + key + "' is missing (a " + flat_.info.type + " node needs it)");
  }

  const Dataset& numeric(const std::string& key) {
    const Dataset& d = required(key);
    if (d.is_string) fail_format(d.offset, "'" + key + "' must be numeric, got a string");
    for (double v : d.numbers)
      if (!std::isfinite(v)) fail_format(d.offset, "'" + key + "' holds a value that is not finite");
    return d;
  }

  std::string string_value(const std::string& key) {
    const auto found = group_.datasets.find(key);
    if (found == group_.datasets.end() || !found->second.is_string || found->second.strings.size() != 1)
      throw FormatError(context_.file, 0,
                        "group '" + group_.path + "': dataset '" + key + "' must be one string (the node type)");
    used_.insert(key);
    return found->second.strings[0];
  }

  std::size_t count_value(double v, const std::string& key, std::uint64_t offset) const {
    if (v < 0.0 || v != std::floor(v)) fail_format(offset, "'" + key + "' must hold whole numbers >= 0");
    return static_cast<std::size_t>(v);
  }

  Shape shape_of(const Dataset& d, const std::string& key) const {
    Shape shape;
    for (double v : d.numbers) shape.push_back(count_value(v, key, d.offset));
    return shape;
  }

  Shape shape_value(const std::string& key) {
    const Dataset& d = numeric(key);
    Shape shape = shape_of(d, key);
    if (shape.empty() || std::find(shape.begin(), shape.end(), 0) != shape.end())
      fail_format(d.offset, "'" + key + "' " + core::to_string(shape) + " is not a shape of at least one element");
    return shape;
  }

  // `n` values for a per-spatial-dimension setting stored as a scalar or an array of n.
  std::vector<std::size_t> per_dimension(const Dataset& d, const std::string& key, std::size_t n) const {
    if (d.numbers.size() != 1 && d.numbers.size() != n)
      fail_format(d.offset, "'" + key + "' needs 1 or " + std::to_string(n) + " values, got " +
                                std::to_string(d.numbers.size()));
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < n; ++i)
      out.push_back(count_value(d.numbers[d.numbers.size() == 1 ? 0 : i], key, d.offset));
    return out;
  }

  core::Tensor tensor(const std::string& key) {
    const Dataset& d = numeric(key);
    return core::Tensor{Shape(d.dims.begin(), d.dims.end()), d.numbers};
  }

  void read_affine(bool with_bias) {
    core::AffineParams p;
    p.weight = tensor("weight");
    if (p.weight.shape.size() != 2)
      fail("weight has shape " + core::to_string(p.weight.shape) + "; reef reads (out, in) matrices only");
    if (with_bias) {
      p.bias = numeric("bias").numbers;
      if (p.bias.size() == 1 && p.weight.shape[0] != 1) p.bias.assign(p.weight.shape[0], p.bias[0]);
    }
    flat_.node.shape = {p.weight.shape[0]};
    flat_.node.params = std::move(p);
  }

  // The neuron/element shape N: the dims of the first array parameter (scalars broadcast).
  Shape element_shape(const std::vector<std::string>& keys) {
    for (const std::string& key : keys)
      if (const Dataset* d = optional(key); d != nullptr && !d->dims.empty())
        return Shape(d->dims.begin(), d->dims.end());
    return {1};
  }

  std::vector<double> broadcast(const std::string& key, const Shape& shape) {
    const Dataset& d = numeric(key);
    const std::size_t n = core::element_count(shape);
    if (d.numbers.size() == 1) return std::vector<double>(n, d.numbers[0]);
    if (Shape(d.dims.begin(), d.dims.end()) != shape)
      fail_format(d.offset, "'" + key + "' has shape " + core::to_string(Shape(d.dims.begin(), d.dims.end())) +
                                ", but the node's other parameters have " + core::to_string(shape));
    return d.numbers;
  }

  core::PerNeuron per_neuron(const std::string& key, const Shape& shape) {
    std::vector<double> values = broadcast(key, shape);
    if (std::all_of(values.begin(), values.end(), [&](double v) { return v == values[0]; }))
      return core::PerNeuron(values[0]);
    return core::PerNeuron(std::move(values));
  }

  void read_elementwise(const std::string& type) {
    const std::string key = type == "Scale" ? "scale" : type == "Threshold" ? "threshold" : "delay";
    const Shape shape = element_shape({key});
    std::vector<double> values = broadcast(key, shape);
    flat_.node.shape = shape;
    if (type == "Scale") flat_.node.params = core::ScaleParams{std::move(values)};
    else if (type == "Threshold") flat_.node.params = core::ThresholdParams{std::move(values)};
    else flat_.node.params = core::DelayParams{std::move(values)};
  }

  void read_flatten() {
    core::FlattenParams p;
    const Dataset* start = optional("start_dim");
    const Dataset* end = optional("end_dim");
    if (start != nullptr && start->numbers.size() == 1) p.start_dim = static_cast<std::int64_t>(start->numbers[0]);
    else p.start_dim = 1;  // NIR's default
    if (end != nullptr && end->numbers.size() == 1) p.end_dim = static_cast<std::int64_t>(end->numbers[0]);
    const Dataset* type = optional("input_type");
    if (type == nullptr) {
      if (const auto g = group_.groups.find("input_type"); g != group_.groups.end()) {
        used_.insert("input_type");
        if (const auto in = g->second.datasets.find("input"); in != g->second.datasets.end()) type = &in->second;
      }
    }
    if (type != nullptr && !type->is_string) p.input_shape = shape_of(*type, "input_type");
    flat_.input_shape_stored = !p.input_shape.empty() &&
                               std::find(p.input_shape.begin(), p.input_shape.end(), 0) == p.input_shape.end();
    if (!flat_.input_shape_stored) p.input_shape.clear();
    flat_.node.params = std::move(p);
    flat_.node.shape = layer_output_shape(flat_.node);
  }

  std::vector<std::size_t> conv_padding(const Dataset& d, const Shape& kernel, const std::vector<std::size_t>& stride,
                                        const std::vector<std::size_t>& dilation) const {
    if (!d.is_string) return per_dimension(d, "padding", kernel.size());
    const std::string mode = d.strings.empty() ? "" : d.strings[0];
    if (mode == "valid") return std::vector<std::size_t>(kernel.size(), 0);
    if (mode != "same") fail_format(d.offset, "padding \"" + mode + "\" is neither a number, \"same\" nor \"valid\"");
    std::vector<std::size_t> padding;
    for (std::size_t i = 0; i < kernel.size(); ++i) {
      const std::size_t total = dilation[i] * (kernel[i] - 1);
      if (stride[i] != 1 || total % 2 != 0)
        fail("padding \"same\" with stride " + std::to_string(stride[i]) + " and kernel " +
             std::to_string(kernel[i]) + " needs asymmetric padding, which reef does not support");
      padding.push_back(total / 2);
    }
    return padding;
  }

  void read_conv(std::size_t dims) {
    core::ConvParams p;
    p.weight = tensor("weight");
    if (p.weight.shape.size() != dims + 2)
      fail("weight has shape " + core::to_string(p.weight.shape) + "; expected " + std::to_string(dims + 2) +
           " dimensions (C_out, C_in/groups, kernel...)");
    if (const Dataset* bias = optional("bias")) {
      p.bias = bias->numbers;
      if (p.bias.size() == 1 && p.weight.shape[0] != 1) p.bias.assign(p.weight.shape[0], p.bias[0]);
    }
    const Shape kernel(p.weight.shape.begin() + 2, p.weight.shape.end());
    const auto setting = [&](const char* key) {
      const Dataset* d = optional(key);
      return d == nullptr ? std::vector<std::size_t>(dims, 1) : per_dimension(*d, key, dims);
    };
    p.stride = setting("stride");
    p.dilation = setting("dilation");
    const Dataset* padding = optional("padding");
    p.padding = padding == nullptr ? std::vector<std::size_t>(dims, 0)
                                   : conv_padding(*padding, kernel, p.stride, p.dilation);
    if (const Dataset* groups = optional("groups"); groups != nullptr && groups->numbers.size() == 1)
      p.groups = count_value(groups->numbers[0], "groups", groups->offset);
    const Dataset* spatial = optional("input_shape");
    flat_.input_shape_stored = spatial != nullptr && !spatial->is_string && !spatial->numbers.empty();
    if (flat_.input_shape_stored) {
      p.input_shape = {p.weight.shape[1] * p.groups};
      for (std::size_t n : per_dimension(*spatial, "input_shape", dims)) p.input_shape.push_back(n);
    }
    flat_.node.params = std::move(p);
    flat_.node.shape = layer_output_shape(flat_.node);
  }

  void read_pool(core::PoolKind kind) {
    core::PoolParams p;
    p.kind = kind;
    p.kernel = per_dimension(numeric("kernel_size"), "kernel_size", 2);
    const Dataset* stride = optional("stride");
    p.stride = stride == nullptr ? p.kernel : per_dimension(*stride, "stride", 2);
    const Dataset* padding = optional("padding");
    p.padding = padding == nullptr ? std::vector<std::size_t>{0, 0} : per_dimension(*padding, "padding", 2);
    flat_.node.params = std::move(p);
  }

  void read_neurons(const std::string& type) {
    core::NeuronParams n;
    const bool cuba = type == "CubaLIF" || type == "CubaLI";
    const bool spiking = type == "LIF" || type == "CubaLIF" || type == "IF";
    std::vector<std::string> keys{"r"};
    if (type == "LIF" || type == "LI") keys.insert(keys.end(), {"tau", "v_leak"});
    if (cuba) keys.insert(keys.end(), {"tau_mem", "tau_syn", "v_leak"});
    if (spiking) keys.emplace_back("v_threshold");
    const Shape shape = element_shape(keys);
    flat_.node.shape = shape;
    n.model = type == "LIF" ? core::NeuronModel::lif
              : type == "CubaLIF" ? core::NeuronModel::cuba_lif
              : type == "IF" ? core::NeuronModel::integrate_and_fire
              : type == "I" ? core::NeuronModel::integrator
                            : core::NeuronModel::leaky_integrator;
    n.r = per_neuron("r", shape);
    if (type == "LIF" || type == "LI") n.tau_mem_s = per_neuron("tau", shape);
    if (cuba) n.tau_mem_s = per_neuron("tau_mem", shape);
    if (type != "IF" && type != "I") n.v_leak = per_neuron("v_leak", shape);
    if (spiking) {
      n.v_th = per_neuron("v_threshold", shape);
      flat_.info.v_reset_present = optional("v_reset") != nullptr;
      n.v_reset = flat_.info.v_reset_present ? per_neuron("v_reset", shape) : core::PerNeuron(0.0);
      n.reset = flat_.info.v_reset_present ? core::ResetMode::to_value : context_.options.reset_when_absent;
      if (reset_metadata() == "subtract") n.reset = core::ResetMode::subtract;
    }
    if (cuba) {
      core::SynapseParams synapse;
      synapse.name = "syn";
      synapse.tau_s = per_neuron("tau_syn", shape);
      synapse.initial = 0.0;
      flat_.info.w_in_present = optional("w_in") != nullptr;
      synapse.w_in = flat_.info.w_in_present ? per_neuron("w_in", shape) : core::PerNeuron(1.0);
      n.synapses.push_back(std::move(synapse));
    }
    flat_.node.params = std::move(n);
  }

  // reef writes reset-by-subtraction neurons with node metadata reset = "subtract" beside an explicit v_reset.
  std::string reset_metadata() const {
    const auto metadata = group_.groups.find("metadata");
    if (metadata == group_.groups.end()) return "";
    const auto reset = metadata->second.datasets.find("reset");
    if (reset == metadata->second.datasets.end() || !reset->second.is_string || reset->second.strings.empty())
      return "";
    return reset->second.strings[0];
  }

  const Group& group_;
  const NodeReadContext& context_;
  FlatNode flat_;
  std::set<std::string> used_;
};

}  // namespace

FlatNode read_node(const Group& group, const std::string& name, const NodeReadContext& context) {
  return NodeReader(group, name, context).read();
}

core::Shape layer_output_shape(const core::Node& node) {
  if (const auto* conv = std::get_if<core::ConvParams>(&node.params)) {
    if (conv->weight.shape.size() < 3) return {};
    const Shape kernel(conv->weight.shape.begin() + 2, conv->weight.shape.end());
    return core::window_output_shape(conv->input_shape, kernel, conv->stride, conv->padding, conv->dilation,
                                     conv->weight.shape[0]);
  }
  if (const auto* pool = std::get_if<core::PoolParams>(&node.params))
    return core::window_output_shape(pool->input_shape, pool->kernel, pool->stride, pool->padding, {1, 1},
                                     pool->input_shape.empty() ? 0 : pool->input_shape[0]);
  if (const auto* flatten = std::get_if<core::FlattenParams>(&node.params)) return core::flatten_output_shape(*flatten);
  return node.shape;
}

}  // namespace reef::io::nir
