// What the NIR forms of inspect and convert share: telling a NIR model apart from other inputs, and the read options.
#pragma once

#include <string>

#include "commands.hpp"
#include "reef/io/nir.hpp"

namespace reef::cli {

// True when the first positional argument is an existing NIR model (HDF5 with a /node group).
bool names_nir_model(const Args& args);

// True when the first positional argument names a YAML network (.yaml/.yml).
bool names_network_config(const Args& args);

// --repair and --reset zero|subtract as read options; UsageError for another reset value.
io::NirReadOptions nir_read_options(bool repair, const std::string& reset);

}  // namespace reef::cli
