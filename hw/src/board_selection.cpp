// Resolves `--device` to one board: the emulated board, a bus:address, a serial number (each board is opened and
// identified in turn), or the only board attached; and lists every board for `reef devices`.
#include "reef/hw/board_selection.hpp"

#include "reef/core/error.hpp"

namespace reef::hw {
namespace {

std::unique_ptr<Board> open_emulated(const BoardSelection& selection) {
  return std::make_unique<Board>(make_emulated_transport(std::make_shared<BoardModel>(selection.emulator)),
                                 selection.options);
}

std::unique_ptr<Board> open_usb(const UsbAddress& address, const BoardSelection& selection) {
  return std::make_unique<Board>(std::make_unique<UsbTransport>(address, selection.ids), selection.options);
}

[[noreturn]] void no_board(const BoardSelection& selection, const std::string& detail) {
  throw DeviceError(BoardErrc::not_found,
                    "no board " + detail + " (USB ID " + selection.ids.text() + "): connect one and run `reef "
                    "devices` to list boards; pass --usb-id VID:PID for boards with other IDs, or --device emu for "
                    "the emulated board");
}

}  // namespace

std::unique_ptr<Board> open_board(const BoardSelection& selection) {
  if (selection.device == kEmulatedDevice) return open_emulated(selection);
  if (const auto address = parse_usb_address(selection.device)) return open_usb(*address, selection);
  const std::vector<UsbAddress> found = list_usb_devices(selection.ids);
  if (selection.device.empty()) {
    if (found.empty()) no_board(selection, "found");
    if (found.size() > 1) {
      std::string where;
      for (const auto& address : found) where += (where.empty() ? "" : ", ") + address.text();
      throw DeviceError(BoardErrc::not_found, std::to_string(found.size()) + " boards are attached (usb " + where +
                                                  "): choose one with --device SERIAL or --device BUS:ADDR "
                                                  "(`reef devices` lists them)");
    }
    return open_usb(found.front(), selection);
  }
  std::string problems;
  for (const auto& address : found) {
    try {
      auto board = open_usb(address, selection);
      if (board->identity().serial == selection.device) return board;
    } catch (const DeviceError& e) {
      problems += std::string("; usb ") + address.text() + " could not be asked: " + e.what();
    }
  }
  no_board(selection, "with serial number '" + selection.device + "'" + problems);
}

std::vector<BoardListing> list_boards(const BoardSelection& selection) {
  std::vector<BoardListing> listings;
  if (selection.device == kEmulatedDevice) {
    auto board = open_emulated(selection);
    listings.push_back({board->transport().description(), board->identity(), ""});
    return listings;
  }
  for (const auto& address : list_usb_devices(selection.ids)) {
    BoardListing listing{"usb " + address.text(), std::nullopt, ""};
    try {
      listing.identity = open_usb(address, selection)->identity();
    } catch (const DeviceError& e) {
      listing.problem = e.what();
    }
    listings.push_back(std::move(listing));
  }
  return listings;
}

}  // namespace reef::hw
