// Checks for NIR layer nodes and connections, used by GraphBuilder::build().
#pragma once

#include "reef/core/graph.hpp"

namespace reef::core {

// Throws ValidationError when a layer node's parameters do not fit together or its shape is not the one they imply.
void validate_layer_node(const Node& node);
// Throws ValidationError when a connection's ends do not exist, cannot be linked, or differ in element count.
void validate_connection(const Graph& graph, const Connection& connection);

}  // namespace reef::core
