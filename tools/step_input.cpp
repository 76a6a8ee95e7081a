// Reading a model's dense step input from NPY (step_input.hpp).
#include "step_input.hpp"

#include <utility>
#include <variant>
#include <vector>

#include "reef/core/error.hpp"
#include "reef/io/npy.hpp"

namespace reef::cli {

sim::StepInput load_input(const std::string& path, const std::string& node, const core::Shape& shape) {
  io::NpyArray array = io::read_npy(path);
  const std::size_t k = shape.size();
  const auto trailing_matches = [&](std::size_t from) {
    if (array.shape.size() != from + k) return false;
    for (std::size_t d = 0; d < k; ++d)
      if (array.shape[from + d] != shape[d]) return false;
    return true;
  };
  sim::StepInput input{node, 1, 0, std::move(array.values)};
  if (trailing_matches(1)) {
    input.steps = array.shape[0];
  } else if (trailing_matches(2)) {
    input.batch = array.shape[0];
    input.steps = array.shape[1];
  } else {
    throw ValidationError("--input '" + path + "' has shape " + core::to_string(array.shape) +
                          ", but the Input node '" + node + "' takes " + core::to_string(shape) +
                          " per step: give (T, " + core::to_string(shape).substr(1) + " or (batch, T, " +
                          core::to_string(shape).substr(1));
  }
  return input;
}

std::string single_input_node(const core::Graph& graph, const std::string& path) {
  std::vector<std::string> names;
  for (const core::Node& node : graph.nodes())
    if (std::holds_alternative<core::InputParams>(node.params)) names.push_back(node.name);
  if (names.size() != 1)
    throw UsageError("'" + path + "' has " + std::to_string(names.size()) +
                     " Input nodes; reef feeds exactly one from --input");
  return names.front();
}

}  // namespace reef::cli
