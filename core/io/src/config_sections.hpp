// The sections of a network config (populations, inputs, projections, record), each parsed from its located node
// into the graph under construction or the record request. Nodes and edges are added in document order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config_node.hpp"
#include "reef/core/graph.hpp"
#include "reef/core/recording.hpp"

namespace reef::io::detail {

// The graph being built, with its node names in NodeId order (for "did you mean" suggestions).
struct ConfigGraph {
  core::GraphBuilder builder;
  std::vector<std::string> node_names;

  void add_node(core::Node node);
  std::vector<std::string_view> names() const { return {node_names.begin(), node_names.end()}; }
};

void add_populations(const ConfigNode& section, std::uint64_t seed, ConfigGraph& graph);
// Input names must differ from every population name (populations are added first).
void add_inputs(const ConfigNode& section, std::uint64_t seed, ConfigGraph& graph);
void add_projections(const ConfigNode& section, std::uint64_t seed, ConfigGraph& graph);
core::RecordRequest parse_record(const ConfigNode& section, const ConfigGraph& graph);

}  // namespace reef::io::detail
