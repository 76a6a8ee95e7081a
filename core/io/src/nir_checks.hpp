// Whole-model checks of a flattened NIR model before it becomes a core::Graph: shapes only the graph can give (pool
// inputs; Conv input_shape and Flatten input_type when absent), and the known broken exports (batch dimension,
// transposed Linear weights, wrong Output shape, non-positive time constants). Unambiguous problems are repaired
// when asked (one line each in `repairs`); everything else is one ValidationError listing every problem.
#pragma once

#include <string>
#include <vector>

#include "nir_flat.hpp"

namespace reef::io::nir {

void check_and_repair(FlatModel& model, bool repair, std::vector<std::string>& repairs);

}  // namespace reef::io::nir
