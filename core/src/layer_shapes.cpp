// Input shapes of nodes, and the output shapes of convolution and pooling windows and of Flatten nodes.
#include <variant>

#include "reef/core/graph.hpp"

namespace reef::core {

std::size_t window_output_size(std::size_t n, std::size_t kernel, std::size_t stride, std::size_t padding,
                               std::size_t dilation) {
  const std::size_t padded = n + 2 * padding;
  const std::size_t span = dilation * (kernel - 1) + 1;
  if (stride == 0 || kernel == 0 || padded < span) return 0;
  return (padded - span) / stride + 1;
}

Shape window_output_shape(const Shape& input, const std::vector<std::size_t>& kernel,
                          const std::vector<std::size_t>& stride, const std::vector<std::size_t>& padding,
                          const std::vector<std::size_t>& dilation, std::size_t channels_out) {
  const std::size_t dims = kernel.size();
  if (input.size() != dims + 1 || stride.size() != dims || padding.size() != dims || dilation.size() != dims)
    return {};
  Shape output{channels_out};
  for (std::size_t d = 0; d < dims; ++d)
    output.push_back(window_output_size(input[d + 1], kernel[d], stride[d], padding[d], dilation[d]));
  return output;
}

Shape flatten_output_shape(const FlattenParams& p) {
  const auto rank = static_cast<std::int64_t>(p.input_shape.size());
  const std::int64_t start = p.start_dim < 0 ? p.start_dim + rank : p.start_dim;
  const std::int64_t end = p.end_dim < 0 ? p.end_dim + rank : p.end_dim;
  if (rank == 0 || start < 0 || end >= rank || start > end) return {};
  Shape output(p.input_shape.begin(), p.input_shape.begin() + start);
  std::size_t merged = 1;
  for (std::int64_t d = start; d <= end; ++d) merged *= p.input_shape[static_cast<std::size_t>(d)];
  output.push_back(merged);
  output.insert(output.end(), p.input_shape.begin() + end + 1, p.input_shape.end());
  return output;
}

namespace {

struct InputShapeVisitor {
    const Node& node;
    Shape operator()(const SpikeSourceParams&) const { return {}; }
    Shape operator()(const PoissonSourceParams&) const { return {}; }
    Shape operator()(const CurrentSourceParams&) const { return {}; }
    Shape operator()(const InputParams&) const { return {}; }
    Shape operator()(const AffineParams& p) const {
      return p.weight.shape.size() == 2 ? Shape{p.weight.shape[1]} : Shape{};
    }
    Shape operator()(const ConvParams& p) const { return p.input_shape; }
    Shape operator()(const PoolParams& p) const { return p.input_shape; }
    Shape operator()(const FlattenParams& p) const { return p.input_shape; }
    Shape operator()(const auto&) const { return node.output_shape(); }  // element-wise nodes and neurons
};

}  // namespace

Shape input_shape(const Node& node) { return std::visit(InputShapeVisitor{node}, node.params); }

}  // namespace reef::core
