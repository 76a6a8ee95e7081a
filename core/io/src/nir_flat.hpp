// The NIR reader's working model between the HDF5 tree and core::Graph: nested graphs flattened into named nodes
// and edges by name, so checks and repairs (nir_checks.cpp) can look at and fix the whole model before it is built.
// Also the node-level conversions shared by the reader and writer (nir_node_read.cpp, nir_node_write.cpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "nir_hdf5.hpp"
#include "reef/core/graph.hpp"
#include "reef/io/nir.hpp"

namespace reef::io::nir {

struct FlatNode {
  core::Node node;
  NirNodeInfo info;
  bool input_shape_stored = true;  // Conv: the file had input_shape; Flatten: its input_type was a real shape
};

struct FlatEdge {
  std::string source;
  std::string target;
};

struct FlatModel {
  std::string file;
  std::vector<FlatNode> nodes;
  std::vector<FlatEdge> edges;

  FlatNode* find(const std::string& name);
  std::vector<std::string> producers(const std::string& name) const;
  std::vector<std::string> consumers(const std::string& name) const;
};

struct NodeReadContext {
  std::string file;
  const NirReadOptions& options;
};

// One non-graph node group -> a graph node named `name`. Shapes that need the rest of the graph (pool inputs, a
// Conv without input_shape, a Flatten without a real input_type) are left empty for the checks to infer.
FlatNode read_node(const Group& group, const std::string& name, const NodeReadContext& context);

// The NIR type string of a graph node ("CubaLIF", "Linear", ...), and the node as a group (without `type`'s
// siblings that NIR derives); throws ValidationError naming the node when NIR cannot express it.
std::string nir_type(const core::Node& node);
Group write_node(const core::Node& node, const std::string& path);

// Output shape of Conv/Pool/Flatten from their (known) input shape; empty when it cannot be computed.
core::Shape layer_output_shape(const core::Node& node);

}  // namespace reef::io::nir
