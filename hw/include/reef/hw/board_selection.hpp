// Choosing a board from the command line: `--device SERIAL|BUS:ADDR|emu` (empty: the only board attached), the USB
// IDs to look for, and listing every board with what it reports (`reef devices`).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reef/hw/board.hpp"
#include "reef/hw/board_model.hpp"
#include "reef/hw/usb_transport.hpp"

namespace reef::hw {

inline constexpr std::string_view kEmulatedDevice = "emu";

struct BoardSelection {
  std::string device;           // "", a serial number, "BUS:ADDR" or "emu"
  UsbIds ids;
  BoardOptions options;
  BoardModelOptions emulator;   // the emulated board behind "emu"
};

// Opens and identifies the selected board. Throws DeviceError (exit code 4) naming what to do when none matches.
std::unique_ptr<Board> open_board(const BoardSelection& selection);

struct BoardListing {
  std::string where;                       // "usb 1:2" or "emulated board EMU0001"
  std::optional<board::Identity> identity; // when it could be opened and identified
  std::string problem;                     // why not (permissions, busy, version mismatch ...)
};
// Every board with the selection's USB IDs (or only the emulated one for "emu"), opened one after the other.
std::vector<BoardListing> list_boards(const BoardSelection& selection);

}  // namespace reef::hw
