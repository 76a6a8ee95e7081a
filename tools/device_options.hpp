// The board options shared by `reef devices`, `flash`, `run` and `replay --device`: which board (--device), which
// USB IDs to look for (--usb-id), and where the emulated board keeps its slots between commands.
#pragma once

#include "command_line.hpp"
#include "reef/hw/board_selection.hpp"

namespace reef::cli {

// Adds --usb-id and --timeout (and --device unless the command adds its own).
void add_device_options(po::options_description& options, bool with_device = true);
// The selection the options name. The emulated board ("emu") persists in $REEF_EMULATED_BOARD_DIR, else
// $XDG_STATE_HOME/reef/emulated-board, else ~/.local/state/reef/emulated-board.
hw::BoardSelection board_selection(const po::variables_map& values);

}  // namespace reef::cli
