// Input shapes of nodes and the output size of convolution and pooling windows.
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
