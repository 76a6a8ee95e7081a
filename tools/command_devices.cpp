// `reef devices`: lists the boards attached over USB (or the emulated board) with bus:address, serial number, chip,
// firmware, protocol version and the hash of the active configuration; boards that cannot be asked say why.
#include <iostream>

#include "commands.hpp"
#include "device_options.hpp"

namespace reef::cli {
namespace {

const CommandHelp kHelp{
    .usage = "reef devices [--device emu] [--usb-id VID:PID]",
    .description =
        "Lists the reef boards attached over USB: where they are (bus:address), serial number, chip, firmware and\n"
        "board-protocol version, and the SHA-256 of the active configuration (as `reef flash` and `reef inspect\n"
        "chip.pb` print it). A board that cannot be opened is listed with the reason and what to do (permissions:\n"
        "install configs/udev/60-reef-boards.rules, see the README; busy: the program holding it).",
    .details = "",
    .examples = "  reef devices                 # every board with the default USB ID 1209:0001\n"
                "  reef devices --device emu    # the emulated board (no hardware needed)\n",
};

}  // namespace

int command_devices(const CliContext&, const Args& args) {
  po::options_description options = option_list("options");
  add_device_options(options);
  const auto values = parse_command_line(args, options, std::vector<std::string>{}, kHelp);
  if (!values) return 0;
  const hw::BoardSelection selection = board_selection(*values);
  const auto listings = hw::list_boards(selection);
  if (listings.empty()) {
    std::cout << "no reef boards attached (USB ID " << selection.ids.text()
              << "); try --usb-id VID:PID, or --device emu for the emulated board\n";
    return 0;
  }
  for (const auto& listing : listings) {
    std::cout << listing.where << '\n';
    if (!listing.identity) {
      std::cout << "  problem:  " << listing.problem << '\n';
      continue;
    }
    const auto& id = *listing.identity;
    std::cout << "  serial:   " << id.serial << '\n'
              << "  board:    " << id.board << " (firmware " << id.firmware_version << ", protocol "
              << id.min_protocol_version << "-" << id.protocol_version << ")\n"
              << "  chip:     " << id.chip << '\n'
              << "  active:   "
              << (id.active_hash.empty() ? std::string("none") : id.active_hash + " (slot " +
                                                                     std::to_string(id.active_slot) + ")")
              << '\n';
  }
  return 0;
}

}  // namespace reef::cli
