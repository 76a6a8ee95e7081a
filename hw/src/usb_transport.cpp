// hw::UsbTransport over libusb: one libusb context per transport, synchronous bulk and control transfers, RAII
// release of the interface, handle and context, and DeviceErrors whose messages say what the user can do.
#include "reef/hw/usb_transport.hpp"

#include <libusb-1.0/libusb.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>

#include "reef/core/error.hpp"

namespace reef::hw {
namespace {

// bmRequestType of the board's vendor requests (device recipient): 0xC0 device-to-host, 0x40 host-to-device.
constexpr std::uint8_t kVendorIn = 0xC0;
constexpr std::uint8_t kVendorOut = 0x40;

struct ContextDeleter {
  void operator()(libusb_context* context) const { libusb_exit(context); }
};
using ContextPtr = std::unique_ptr<libusb_context, ContextDeleter>;

struct HandleDeleter {
  void operator()(libusb_device_handle* handle) const { libusb_close(handle); }
};
using HandlePtr = std::unique_ptr<libusb_device_handle, HandleDeleter>;

struct DeviceListDeleter {
  void operator()(libusb_device** list) const { libusb_free_device_list(list, 1); }
};
using DeviceListPtr = std::unique_ptr<libusb_device*, DeviceListDeleter>;

ContextPtr make_context() {
  libusb_context* context = nullptr;
  const int result = libusb_init(&context);
  if (result < 0) {
    throw DeviceError(static_cast<UsbErrc>(result), "cannot start libusb to reach USB boards (is /dev/bus/usb "
                                                    "available in this environment?)");
  }
  return ContextPtr(context);
}

// "1234 (reef), 99 (python3)": the other processes that have the device node open, if /proc tells.
std::string processes_holding(const std::string& node) {
  std::string holders;
  std::error_code ignored;
  for (const auto& process : std::filesystem::directory_iterator("/proc", ignored)) {
    const std::string pid = process.path().filename().string();
    if (!std::all_of(pid.begin(), pid.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
    if (pid == std::to_string(getpid())) continue;
    for (const auto& fd : std::filesystem::directory_iterator(process.path() / "fd", ignored)) {
      const std::string target = std::filesystem::read_symlink(fd.path(), ignored).string();
      if (target.size() < node.size() || target.compare(target.size() - node.size(), node.size(), node) != 0) {
        continue;
      }
      std::string name;
      std::ifstream(process.path() / "comm") >> name;
      holders += (holders.empty() ? "" : ", ") + pid + " (" + name + ")";
      break;
    }
  }
  return holders;
}

// What the user can do about a libusb error on the board at `address`.
std::string advice(int code, const UsbAddress& address) {
  switch (code) {
    case LIBUSB_ERROR_ACCESS:
      return "permission denied on " + address.node() + ": install reef's udev rule "
             "(sudo cp configs/udev/60-reef-boards.rules /etc/udev/rules.d/ && sudo udevadm control --reload-rules "
             "&& sudo udevadm trigger; see README 'USB permissions') and replug the board";
    case LIBUSB_ERROR_BUSY: {
      const std::string holders = processes_holding(address.node());
      return "the board is busy: another program has claimed it" +
             (holders.empty() ? " (`fuser -v " + address.node() + "` names it)" : " (process " + holders + ")") +
             "; close that program and retry";
    }
    case LIBUSB_ERROR_NO_DEVICE:
      return "the board is gone (unplugged or reset); reconnect it and run `reef devices` to list boards";
    case LIBUSB_ERROR_TIMEOUT:
      return "the board did not answer in time; if this persists, replug it";
    case LIBUSB_ERROR_PIPE:
      return "the board stalled the transfer";
    default:
      return "replug the board and retry";
  }
}

[[noreturn]] void throw_usb(int code, const UsbAddress& address, const std::string& action) {
  throw DeviceError(static_cast<UsbErrc>(code), "usb " + address.text() + ": " + action + ": " + advice(code, address));
}

}  // namespace

std::string UsbIds::text() const {
  char text[16];
  std::snprintf(text, sizeof text, "%04x:%04x", vendor, product);
  return text;
}

UsbIds parse_usb_ids(std::string_view text) {
  const auto colon = text.find(':');
  UsbIds ids;
  const auto parse = [](std::string_view part, std::uint16_t& value) {
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value, 16);
    return !part.empty() && part.size() <= 4 && error == std::errc() && end == part.data() + part.size();
  };
  if (colon == std::string_view::npos || !parse(text.substr(0, colon), ids.vendor) ||
      !parse(text.substr(colon + 1), ids.product)) {
    throw UsageError("invalid USB ID '" + std::string(text) + "': expected VENDOR:PRODUCT in hex, e.g. 1209:0001");
  }
  return ids;
}

std::string UsbAddress::text() const { return std::to_string(bus) + ":" + std::to_string(address); }

std::string UsbAddress::node() const {
  char text[32];
  std::snprintf(text, sizeof text, "/dev/bus/usb/%03d/%03d", bus, address);
  return text;
}

std::optional<UsbAddress> parse_usb_address(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  UsbAddress address;
  const auto parse = [](std::string_view part, int& value) {
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    return !part.empty() && error == std::errc() && end == part.data() + part.size() && value >= 0 && value < 256;
  };
  if (!parse(text.substr(0, colon), address.bus) || !parse(text.substr(colon + 1), address.address)) {
    return std::nullopt;
  }
  return address;
}

std::vector<UsbAddress> list_usb_devices(const UsbIds& ids) {
  const ContextPtr context = make_context();
  libusb_device** raw = nullptr;
  const ssize_t count = libusb_get_device_list(context.get(), &raw);
  if (count < 0) throw DeviceError(static_cast<UsbErrc>(count), "cannot list USB devices");
  const DeviceListPtr list(raw);
  std::vector<UsbAddress> found;
  for (ssize_t i = 0; i < count; ++i) {
    libusb_device_descriptor descriptor{};
    if (libusb_get_device_descriptor(raw[i], &descriptor) != 0) continue;
    if (descriptor.idVendor != ids.vendor || descriptor.idProduct != ids.product) continue;
    found.push_back({libusb_get_bus_number(raw[i]), libusb_get_device_address(raw[i])});
  }
  std::sort(found.begin(), found.end(), [](const UsbAddress& a, const UsbAddress& b) {
    return std::pair(a.bus, a.address) < std::pair(b.bus, b.address);
  });
  return found;
}

struct UsbTransport::Impl {
  // Released in reverse order: the interface, then the handle, then the context.
  class ClaimedInterface {
   public:
    ClaimedInterface(libusb_device_handle* handle, int interface) : handle_(handle), interface_(interface) {}
    ~ClaimedInterface() { libusb_release_interface(handle_, interface_); }
    ClaimedInterface(const ClaimedInterface&) = delete;
    ClaimedInterface& operator=(const ClaimedInterface&) = delete;

   private:
    libusb_device_handle* handle_;
    int interface_;
  };

  UsbAddress address;
  ContextPtr context;
  HandlePtr handle;
  std::optional<ClaimedInterface> claim;

  int bulk(unsigned char endpoint, unsigned char* data, std::size_t length, int& transferred, Timeout timeout) {
    return libusb_bulk_transfer(handle.get(), endpoint, data, static_cast<int>(length), &transferred,
                                static_cast<unsigned>(timeout.count()));
  }
};

UsbTransport::UsbTransport(const UsbAddress& address, const UsbIds& ids) : impl_(std::make_unique<Impl>()) {
  impl_->address = address;
  impl_->context = make_context();
  libusb_device** raw = nullptr;
  const ssize_t count = libusb_get_device_list(impl_->context.get(), &raw);
  if (count < 0) throw_usb(static_cast<int>(count), address, "listing USB devices");
  const DeviceListPtr list(raw);
  libusb_device* device = nullptr;
  for (ssize_t i = 0; i < count; ++i) {
    if (libusb_get_bus_number(raw[i]) == address.bus && libusb_get_device_address(raw[i]) == address.address) {
      device = raw[i];
    }
  }
  libusb_device_descriptor descriptor{};
  if (device == nullptr || libusb_get_device_descriptor(device, &descriptor) != 0 ||
      descriptor.idVendor != ids.vendor || descriptor.idProduct != ids.product) {
    throw DeviceError(BoardErrc::not_found, "no board with USB ID " + ids.text() + " at usb " + address.text() +
                                                ": run `reef devices` to list the boards");
  }
  libusb_device_handle* handle = nullptr;
  if (const int result = libusb_open(device, &handle); result < 0) throw_usb(result, address, "opening the board");
  impl_->handle.reset(handle);
  if (const int result = libusb_claim_interface(handle, board::kInterface); result < 0) {
    throw_usb(result, address, "claiming the board interface");
  }
  impl_->claim.emplace(handle, board::kInterface);
}

UsbTransport::~UsbTransport() = default;

void UsbTransport::write(std::span<const std::uint8_t> frame, Timeout timeout) {
  int transferred = 0;
  // libusb takes a non-const buffer for both directions; an OUT transfer only reads it.
  auto* data = const_cast<std::uint8_t*>(frame.data());
  const int result = impl_->bulk(board::kEndpointOut, data, frame.size(), transferred, timeout);
  if (result < 0) throw_usb(result, impl_->address, "sending " + std::to_string(frame.size()) + " bytes");
  if (static_cast<std::size_t>(transferred) != frame.size()) {
    throw DeviceError(UsbErrc::io, "usb " + impl_->address.text() + ": sent " + std::to_string(transferred) +
                                       " of " + std::to_string(frame.size()) + " bytes");
  }
}

std::size_t UsbTransport::read(std::span<std::uint8_t> buffer, Timeout timeout) {
  int transferred = 0;
  const int result = impl_->bulk(board::kEndpointIn, buffer.data(), buffer.size(), transferred, timeout);
  if (result < 0) throw_usb(result, impl_->address, "waiting for a reply");
  return static_cast<std::size_t>(transferred);
}

std::size_t UsbTransport::control_in(std::uint8_t request, std::uint16_t value, std::span<std::uint8_t> buffer,
                                     Timeout timeout) {
  const int result = libusb_control_transfer(
      impl_->handle.get(), kVendorIn, request, value,
      board::kInterface, buffer.data(), static_cast<std::uint16_t>(buffer.size()),
      static_cast<unsigned>(timeout.count()));
  if (result < 0) throw_usb(result, impl_->address, "vendor request " + std::to_string(request));
  return static_cast<std::size_t>(result);
}

void UsbTransport::control_out(std::uint8_t request, std::uint16_t value, Timeout timeout) {
  const int result = libusb_control_transfer(
      impl_->handle.get(), kVendorOut, request, value,
      board::kInterface, nullptr, 0, static_cast<unsigned>(timeout.count()));
  if (result < 0) throw_usb(result, impl_->address, "vendor request " + std::to_string(request));
}

void UsbTransport::clear_halt() {
  for (const unsigned char endpoint : {board::kEndpointOut, board::kEndpointIn}) {
    if (const int result = libusb_clear_halt(impl_->handle.get(), endpoint); result < 0) {
      throw_usb(result, impl_->address, "clearing the stall on endpoint " + std::to_string(endpoint));
    }
  }
}

std::string UsbTransport::description() const { return "usb " + impl_->address.text(); }

}  // namespace reef::hw
