// What `reef map` and `reef inspect chip.pb` print about a chip image: the hardware it uses against what the chip
// offers, where each graph node landed, and the ranges of the neuron registers.
#pragma once

#include <string>

#include "reef/hw/chip_image.hpp"
#include "reef/hw/chip_spec.hpp"

namespace reef::cli {

// Inputs, hidden and output neurons used of available, recurrent memory entries, the largest fan-out, aliases.
std::string chip_usage_lines(const hw::ChipImage& image, const hw::ChipSpec& chip);
// One row per graph node: kind, hardware ids.
std::string chip_groups_table(const hw::ChipImage& image);
// dash / threshold / bias ranges of the hidden and output neurons, weight shifts, non-zero weights per memory.
std::string chip_registers_lines(const hw::ChipImage& image);

}  // namespace reef::cli
