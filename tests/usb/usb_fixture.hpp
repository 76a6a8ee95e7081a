// UsbFixture: one umockdev testbed with the emulated board plugged in, for tests that drive it through the real
// libusb host code (hw::UsbTransport, hw::Board). Order: testbed, device, then libusb; torn down in reverse.
#pragma once

#include <memory>
#include <mutex>

#include "emulated_usb_board.hpp"
#include "reef/hw/board.hpp"
#include "reef/hw/usb_transport.hpp"

namespace reef::test {

struct UsbFixture {
  UMockdevTestbed* testbed = umockdev_testbed_new();
  std::shared_ptr<hw::BoardModel> model;
  std::unique_ptr<EmulatedUsbBoard> device;

  explicit UsbFixture(UsbFaults faults = {}, hw::BoardModelOptions options = {})
      : model(std::make_shared<hw::BoardModel>(std::move(options))) {
    plug(faults, 2);
  }
  ~UsbFixture() {
    device.reset();
    g_object_unref(testbed);
  }
  UsbFixture(const UsbFixture&) = delete;
  UsbFixture& operator=(const UsbFixture&) = delete;

  // Plugs the board (again, after an unplug) at address `devnum`, keeping the model's slots.
  void plug(UsbFaults faults, unsigned devnum) {
    if (device) device->unplug();  // a no-op when the board was already unplugged
    device.reset();
    device = std::make_unique<EmulatedUsbBoard>(testbed, model, faults, devnum);
    device->plug();
  }

  // Opens the board through libusb; short timeouts keep fault tests quick.
  std::unique_ptr<hw::Board> open(unsigned devnum = 2) {
    hw::BoardOptions options;
    options.timeout = hw::Timeout(300);
    return std::make_unique<hw::Board>(
        std::make_unique<hw::UsbTransport>(hw::UsbAddress{1, static_cast<int>(devnum)}, hw::UsbIds{}), options);
  }

  // Model state, read under the device mutex.
  template <class F>
  auto inspect(F&& f) {
    std::lock_guard<std::recursive_mutex> lock(device->mutex());
    return f(*model);
  }
};

}  // namespace reef::test
