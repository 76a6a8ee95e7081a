// The `connect:` mapping of a projection: a connectivity rule with its options, generated into a CSR topology
// (connectivity drawn from Rng(seed, stream_tag(projection), 1)) or, for rule `dense`, a weight matrix from NPY.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "config_node.hpp"
#include "reef/core/connect.hpp"

namespace reef::io::detail {

struct Connectivity {
  core::CsrTopology topology;             // empty for rule dense
  std::vector<std::size_t> csr_to_pair;   // rule list: per CSR synapse, its index in `pairs`
  std::optional<std::vector<double>> dense_weights;  // rule dense: row-major [n_source][n_target]
  bool is_list = false;
};

Connectivity parse_connect(const ConfigNode& node, const core::ConnectShape& shape, std::uint64_t seed,
                           std::string_view projection);

}  // namespace reef::io::detail
