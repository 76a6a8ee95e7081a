// --device / --usb-id / --timeout parsing and the emulated board's state folder.
#include "device_options.hpp"

#include <cstdlib>

namespace reef::cli {
namespace {

std::filesystem::path emulated_board_dir() {
  if (const char* dir = std::getenv("REEF_EMULATED_BOARD_DIR"); dir != nullptr && *dir != '\0') return dir;
  if (const char* state = std::getenv("XDG_STATE_HOME"); state != nullptr && *state != '\0') {
    return std::filesystem::path(state) / "reef" / "emulated-board";
  }
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home != nullptr ? home : ".") / ".local" / "state" / "reef" / "emulated-board";
}

}  // namespace

void add_device_options(po::options_description& options, bool with_device) {
  if (with_device) {
    options.add_options()("device,d", po::value<std::string>()->value_name("SERIAL|BUS:ADDR|emu"),
                          "the board: serial number, USB bus:address, or emu for the emulated board "
                          "(default: the only board attached)");
  }
  options.add_options()
      ("usb-id", po::value<std::string>()->value_name("VID:PID")->default_value(hw::UsbIds{}.text()),
       "USB vendor:product ID of the boards (hex)")
      ("timeout", po::value<std::string>()->value_name("TIME")->default_value("1s"),
       "how long to wait for each USB transfer before retrying");
}

hw::BoardSelection board_selection(const po::variables_map& values) {
  hw::BoardSelection selection;
  if (values.count("device") != 0) selection.device = values["device"].as<std::string>();
  selection.ids = hw::parse_usb_ids(values["usb-id"].as<std::string>());
  const core::Time timeout = parse_duration_option(values["timeout"].as<std::string>(), "--timeout");
  selection.options.timeout = hw::Timeout(std::max<std::int64_t>(1, timeout.ns() / 1000000));
  selection.emulator.state_dir = emulated_board_dir();
  return selection;
}

}  // namespace reef::cli
