// EmulatedUsbBoard: a hw::BoardModel behind a live umockdev USB device (usbemu::Device), so the real libusb host
// code (hw::UsbTransport) talks to it; plus the faults the device tests inject: a pulled cable, a lost reply
// (NAK until the host times out), a stall, a corrupted chunk, a short reply, a busy interface.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "reef/hw/board_model.hpp"
#include "usb_emulator.hpp"

namespace reef::test {

struct UsbFaults {
  std::uint64_t unplug_after_bytes = 0;  // pull the cable once this many bulk OUT bytes arrived (0: never)
  unsigned lose_reply = 0;               // the n-th bulk IN transfer (1-based) loses its reply and NAKs
  unsigned stall_out = 0;                // the n-th bulk OUT transfer stalls (-EPIPE), its frame is not delivered
  unsigned corrupt_out = 0;              // the n-th bulk OUT transfer arrives with its last byte flipped
  unsigned short_reply = 0;              // the n-th bulk IN transfer delivers its reply 3 bytes short
  bool always_short = false;             // with short_reply: every reply from then on is short
  bool busy = false;                     // claiming the interface fails with EBUSY
};

class EmulatedUsbBoard : public usbemu::Device {
 public:
  // Bus 1; `devnum` is the device address (a replugged board gets a new one).
  EmulatedUsbBoard(UMockdevTestbed* testbed, std::shared_ptr<hw::BoardModel> model, UsbFaults faults = {},
                   unsigned devnum = 2, bool pty_node = true);

  hw::BoardModel& model() { return *model_; }  // read under mutex()
  std::uint64_t out_bytes() const { return out_bytes_; }
  unsigned out_transfers() const { return out_transfers_; }

 protected:
  int bulk_out(uint8_t ep, const uint8_t* data, size_t len) override;
  int bulk_in(uint8_t ep, uint8_t* buf, size_t maxlen) override;
  int control(const usbemu::Setup& s, uint8_t* data) override;
  int claim_interface() override;

 private:
  std::shared_ptr<hw::BoardModel> model_;
  UsbFaults faults_;
  std::uint64_t out_bytes_ = 0;
  unsigned out_transfers_ = 0;
  unsigned in_transfers_ = 0;
  bool in_offered_ = false;  // the pending IN transfer was already counted (the emulator re-offers pending URBs)
};

// The USB descriptors of a reef board: VID:PID 1209:0001, one vendor interface, EP 0x01 OUT and 0x81 IN.
usbemu::Device::Config board_usb_config(unsigned devnum, bool pty_node, const std::string& serial);

}  // namespace reef::test
