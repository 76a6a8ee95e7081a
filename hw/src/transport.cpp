// The error categories of the board transports: libusb's errors by their libusb names, and the board protocol's.
#include "reef/hw/transport.hpp"

#include <libusb-1.0/libusb.h>

namespace reef::hw {
namespace {

static_assert(static_cast<int>(UsbErrc::io) == LIBUSB_ERROR_IO);
static_assert(static_cast<int>(UsbErrc::access) == LIBUSB_ERROR_ACCESS);
static_assert(static_cast<int>(UsbErrc::no_device) == LIBUSB_ERROR_NO_DEVICE);
static_assert(static_cast<int>(UsbErrc::busy) == LIBUSB_ERROR_BUSY);
static_assert(static_cast<int>(UsbErrc::timeout) == LIBUSB_ERROR_TIMEOUT);
static_assert(static_cast<int>(UsbErrc::overflow) == LIBUSB_ERROR_OVERFLOW);
static_assert(static_cast<int>(UsbErrc::pipe) == LIBUSB_ERROR_PIPE);
static_assert(static_cast<int>(UsbErrc::not_supported) == LIBUSB_ERROR_NOT_SUPPORTED);
static_assert(static_cast<int>(UsbErrc::other) == LIBUSB_ERROR_OTHER);

class UsbCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "libusb"; }
  std::string message(int value) const override { return libusb_error_name(value); }
};

class BoardCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "reef board"; }
  std::string message(int value) const override {
    switch (static_cast<BoardErrc>(value)) {
      case BoardErrc::malformed_reply: return "malformed reply";
      case BoardErrc::version_mismatch: return "protocol version mismatch";
      case BoardErrc::rejected: return "request rejected by the board";
      case BoardErrc::hash_mismatch: return "hash mismatch";
      case BoardErrc::not_found: return "no board found";
      case BoardErrc::busy: return "board busy";
    }
    return "board error " + std::to_string(value);
  }
};

}  // namespace

const std::error_category& usb_category() {
  static const UsbCategory category;
  return category;
}

const std::error_category& board_category() {
  static const BoardCategory category;
  return category;
}

std::error_code make_error_code(UsbErrc code) { return {static_cast<int>(code), usb_category()}; }
std::error_code make_error_code(BoardErrc code) { return {static_cast<int>(code), board_category()}; }

bool is_transient(std::error_code code) {
  return code == UsbErrc::timeout || code == UsbErrc::pipe || code == UsbErrc::overflow ||
         code == UsbErrc::interrupted || code == BoardErrc::malformed_reply;
}

}  // namespace reef::hw
