// Invariants of NIR layer nodes (parameter shapes against the node's shape) and of connections.
#include "layer_validation.hpp"

#include <cmath>

#include "reef/core/error.hpp"

namespace reef::core {
namespace {

[[noreturn]] void fail(const Node& node, const std::string& what) {
  throw ValidationError("node '" + node.name + "' (" + std::string(node.kind_name()) + "): " + what);
}

void check_finite(const Node& node, const char* name, const std::vector<double>& values) {
  for (double v : values)
    if (!std::isfinite(v)) fail(node, std::string(name) + " must be finite");
}

void check_per_element(const Node& node, const char* name, const std::vector<double>& values) {
  if (values.size() != node.size)
    fail(node, std::string(name) + " has " + std::to_string(values.size()) + " values for " +
                   std::to_string(node.size) + " elements " + to_string(node.output_shape()));
  check_finite(node, name, values);
}

void check_shape_is(const Node& node, const Shape& implied) {
  if (node.output_shape() != implied)
    fail(node, "its parameters produce shape " + to_string(implied) + ", but the node says " +
                   to_string(node.output_shape()));
}

void check_window(const Node& node, const std::vector<std::size_t>& kernel, const std::vector<std::size_t>& stride,
                  const std::vector<std::size_t>& padding, const std::vector<std::size_t>& dilation,
                  const Shape& input, std::size_t channels_out) {
  const std::size_t dims = kernel.size();
  if (stride.size() != dims || padding.size() != dims || dilation.size() != dims)
    fail(node, "stride, padding and dilation need " + std::to_string(dims) + " values each");
  if (input.size() != dims + 1) fail(node, "input shape " + to_string(input) + " needs channels and " +
                                               std::to_string(dims) + " spatial dimensions");
  for (std::size_t d = 0; d < dims; ++d)
    if (kernel[d] == 0 || stride[d] == 0 || dilation[d] == 0) fail(node, "kernel, stride and dilation must be >= 1");
  const Shape output = window_output_shape(input, kernel, stride, padding, dilation, channels_out);
  for (std::size_t d = 1; d < output.size(); ++d)
    if (output[d] == 0) fail(node, "the window does not fit the input " + to_string(input));
  check_shape_is(node, output);
}

void validate_conv(const Node& node, const ConvParams& p) {
  const Shape& w = p.weight.shape;
  if (w.size() != 3 && w.size() != 4)
    fail(node, "weight must be (C_out, C_in/groups, K) or (C_out, C_in/groups, KH, KW)");
  if (p.weight.size() != element_count(w)) fail(node, "weight values do not match its shape");
  check_finite(node, "weight", p.weight.values);
  if (p.groups == 0 || w[0] % p.groups != 0) fail(node, "groups must divide the output channels");
  if (p.input_shape.empty() || p.input_shape[0] != w[1] * p.groups)
    fail(node, "input has " + (p.input_shape.empty() ? std::string("no") : std::to_string(p.input_shape[0])) +
                   " channels, but the weight expects " + std::to_string(w[1] * p.groups));
  if (!p.bias.empty() && p.bias.size() != w[0]) fail(node, "bias needs one value per output channel");
  check_finite(node, "bias", p.bias);
  check_window(node, Shape(w.begin() + 2, w.end()), p.stride, p.padding, p.dilation, p.input_shape, w[0]);
}

void validate_flatten(const Node& node, const FlattenParams& p) {
  const Shape output = flatten_output_shape(p);
  if (output.empty())
    fail(node, "dims " + std::to_string(p.start_dim) + ".." + std::to_string(p.end_dim) + " do not fit input " +
                   to_string(p.input_shape));
  check_shape_is(node, output);
}

struct LayerValidator {
  const Node& node;
  void operator()(const AffineParams& p) const {
    if (p.weight.shape.size() != 2 || p.weight.size() != element_count(p.weight.shape))
      fail(node, "weight must be a matrix (out, in)");
    check_finite(node, "weight", p.weight.values);
    if (!p.bias.empty() && p.bias.size() != p.weight.shape[0])
      fail(node, "bias has " + std::to_string(p.bias.size()) + " values for " + std::to_string(p.weight.shape[0]) +
                     " outputs");
    check_finite(node, "bias", p.bias);
    check_shape_is(node, {p.weight.shape[0]});
  }
  void operator()(const ScaleParams& p) const { check_per_element(node, "scale", p.scale); }
  void operator()(const ThresholdParams& p) const { check_per_element(node, "threshold", p.threshold); }
  void operator()(const DelayParams& p) const {
    check_per_element(node, "delay", p.delay_s);
    for (double d : p.delay_s)
      if (d < 0.0) fail(node, "delays must be >= 0");
  }
  void operator()(const FlattenParams& p) const { validate_flatten(node, p); }
  void operator()(const ConvParams& p) const { validate_conv(node, p); }
  void operator()(const PoolParams& p) const {
    if (p.kernel.size() != 2) fail(node, "kernel needs 2 values (kH, kW)");
    check_window(node, p.kernel, p.stride, p.padding, {1, 1}, p.input_shape,
                 p.input_shape.empty() ? 0 : p.input_shape[0]);
  }
  void operator()(const auto&) const {}  // Input/Output carry only their shape; neurons and sources elsewhere
};

bool takes_input(const Node& node) {
  return !std::holds_alternative<SpikeSourceParams>(node.params) &&
         !std::holds_alternative<PoissonSourceParams>(node.params) &&
         !std::holds_alternative<CurrentSourceParams>(node.params) && !std::holds_alternative<InputParams>(node.params);
}

}  // namespace

void validate_layer_node(const Node& node) {
  if (!node.shape.empty() && element_count(node.shape) != node.size)
    fail(node, "shape " + to_string(node.shape) + " has " + std::to_string(element_count(node.shape)) +
                   " elements, but size is " + std::to_string(node.size));
  std::visit(LayerValidator{node}, node.params);
}

void validate_connection(const Graph& graph, const Connection& connection) {
  if (connection.source >= graph.nodes().size() || connection.target >= graph.nodes().size())
    throw ValidationError("a connection refers to a node that does not exist");
  const Node& source = graph.node(connection.source);
  const Node& target = graph.node(connection.target);
  const std::string where = "connection '" + source.name + "' -> '" + target.name + "': ";
  if (std::holds_alternative<OutputParams>(source.params))
    throw ValidationError(where + "an Output node has no outgoing connections");
  if (!takes_input(target)) throw ValidationError(where + "'" + target.name + "' is an input and takes no input");
  const std::size_t expected = element_count(input_shape(target));
  if (source.size != expected)
    throw ValidationError(where + "'" + source.name + "' produces " + std::to_string(source.size) + " values " +
                          to_string(source.output_shape()) + ", but '" + target.name + "' takes " +
                          std::to_string(expected) + " " + to_string(input_shape(target)));
  if (connection.synapse == 0) return;
  const std::size_t synapses = target.is_population() ? target.neurons().synapses.size() : 0;
  if (connection.synapse >= synapses)
    throw ValidationError(where + "enters synapse " + std::to_string(connection.synapse) + ", but '" + target.name +
                          "' has " + std::to_string(synapses) + " synapse(s)");
}

}  // namespace reef::core
