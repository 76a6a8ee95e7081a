// hw::UsbTransport: the board Transport over libusb — RAII over the libusb context, the device handle and the
// claimed interface — plus enumeration of boards by USB ID. Errors are DeviceErrors carrying the libusb error and
// saying what to do (permissions: the udev rule; busy: which process; gone: how to list boards).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reef/hw/board_protocol.hpp"
#include "reef/hw/transport.hpp"

namespace reef::hw {

struct UsbIds {
  std::uint16_t vendor = board::kDefaultVendorId;
  std::uint16_t product = board::kDefaultProductId;
  std::string text() const;  // "1209:0001"
  bool operator==(const UsbIds&) const = default;
};
// "VID:PID" in hex, e.g. "1209:0001"; throws UsageError otherwise.
UsbIds parse_usb_ids(std::string_view text);

struct UsbAddress {
  int bus = 0;
  int address = 0;
  std::string text() const;  // "1:2"
  std::string node() const;  // "/dev/bus/usb/001/002"
  bool operator==(const UsbAddress&) const = default;
};
// "BUS:ADDR" in decimal; nullopt when `text` has another form.
std::optional<UsbAddress> parse_usb_address(std::string_view text);

// The attached devices with these IDs, in bus/address order (nothing is opened).
std::vector<UsbAddress> list_usb_devices(const UsbIds& ids);

class UsbTransport final : public Transport {
 public:
  // Opens the device at `address` (it must carry `ids`) and claims the board interface.
  UsbTransport(const UsbAddress& address, const UsbIds& ids);
  ~UsbTransport() override;
  UsbTransport(const UsbTransport&) = delete;
  UsbTransport& operator=(const UsbTransport&) = delete;

  void write(std::span<const std::uint8_t> frame, Timeout timeout) override;
  std::size_t read(std::span<std::uint8_t> buffer, Timeout timeout) override;
  std::size_t control_in(std::uint8_t request, std::uint16_t value, std::span<std::uint8_t> buffer,
                         Timeout timeout) override;
  void control_out(std::uint8_t request, std::uint16_t value, Timeout timeout) override;
  void clear_halt() override;
  std::string description() const override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace reef::hw
