// Shared by the network config tests: parse YAML text as if it were a file named test.yaml, and count in-degrees.
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

#include "reef/io/network_config.hpp"

inline reef::io::NetworkConfig parse_config(std::string_view yaml,
                                            const std::filesystem::path& base_dir = REEF_TEST_DATA_DIR,
                                            const reef::io::ConfigOverrides& overrides = {}) {
  return reef::io::parse_network_config(yaml, "test.yaml", base_dir, overrides);
}

// The edge named `name` (the test fails through .at() if absent).
inline const reef::core::Edge& edge_named(const reef::core::Graph& graph, std::string_view name) {
  for (const reef::core::Edge& edge : graph.edges())
    if (edge.name == name) return edge;
  return graph.edges().at(graph.edges().size());
}

inline std::vector<std::size_t> in_degrees(const reef::core::Synapses& synapses) {
  std::vector<std::size_t> degrees(synapses.n_target(), 0);
  for (std::uint32_t target : synapses.topology().targets) ++degrees[target];
  return degrees;
}
