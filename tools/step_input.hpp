// Dense input for a model's Input node from an NPY file ([T, shape...] or [batch, T, shape...]), shared by
// `reef sim MODEL.nir` and the chip commands that run a model on the step engine.
#pragma once

#include <string>

#include "reef/core/graph.hpp"
#include "reef/sim/step_engine.hpp"

namespace reef::cli {

// The array at `path` as a StepInput for `node`, whose batch-less shape is `shape`; ValidationError naming both
// shapes when it fits neither form.
sim::StepInput load_input(const std::string& path, const std::string& node, const core::Shape& shape);

// The name of the graph's one Input node (UsageError naming `path` when it has none or several).
std::string single_input_node(const core::Graph& graph, const std::string& path);

}  // namespace reef::cli
