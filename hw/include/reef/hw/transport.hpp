// hw::Transport: the byte pipe between hw::Board and one board — bulk OUT/IN frames and vendor control requests —
// implemented over libusb (usb_transport.hpp) and in process (board_model.hpp). Failures are DeviceErrors whose
// code is a UsbErrc (the libusb error, same numbers) or a BoardErrc (the protocol above it).
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

namespace reef::hw {

// libusb's error numbers (libusb_error), so a code compares equal to the value libusb returned.
enum class UsbErrc {
  io = -1,
  invalid_param = -2,
  access = -3,
  no_device = -4,
  not_found = -5,
  busy = -6,
  timeout = -7,
  overflow = -8,
  pipe = -9,
  interrupted = -10,
  no_mem = -11,
  not_supported = -12,
  other = -99,
};
// message() is the libusb error name, e.g. "LIBUSB_ERROR_TIMEOUT".
const std::error_category& usb_category();
std::error_code make_error_code(UsbErrc code);

// Failures of the board protocol above the transport.
enum class BoardErrc {
  malformed_reply = 1,        // short, overlong or undecodable reply, or one answering another request
  version_mismatch = 2,       // the board speaks no protocol version this reef speaks
  rejected = 3,               // the board answered with an error
  hash_mismatch = 4,          // what the board stored is not what was sent
  not_found = 5,              // no board matches the selection
  busy = 6,                   // the board is claimed by another program
};
const std::error_category& board_category();
std::error_code make_error_code(BoardErrc code);

// Transient errors are worth a retry after a pause: a timeout, a stall, or a garbled reply.
bool is_transient(std::error_code code);

using Timeout = std::chrono::milliseconds;

// Contract: one thread at a time; write() sends one whole frame in one bulk OUT transfer; read() returns the bytes
// of one bulk IN transfer. Every call either completes within its timeout or throws DeviceError.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual void write(std::span<const std::uint8_t> frame, Timeout timeout) = 0;
  virtual std::size_t read(std::span<std::uint8_t> buffer, Timeout timeout) = 0;
  // Vendor control transfers on endpoint 0 (wIndex = the interface).
  virtual std::size_t control_in(std::uint8_t request, std::uint16_t value, std::span<std::uint8_t> buffer,
                                 Timeout timeout) = 0;
  virtual void control_out(std::uint8_t request, std::uint16_t value, Timeout timeout) = 0;
  // After a stall: clear the halt on both bulk endpoints.
  virtual void clear_halt() = 0;
  // "usb 1:2" or "emulated board": names the board in messages.
  virtual std::string description() const = 0;
};

}  // namespace reef::hw

template <>
struct std::is_error_code_enum<reef::hw::UsbErrc> : std::true_type {};
template <>
struct std::is_error_code_enum<reef::hw::BoardErrc> : std::true_type {};
