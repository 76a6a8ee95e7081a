// EmulatedUsbBoard: USB transfers -> hw::BoardModel (framing, vendor requests), with the injected faults.
#include "emulated_usb_board.hpp"

#include <algorithm>
#include <cstring>

#include "reef/hw/board_protocol.hpp"

namespace reef::test {

namespace board = hw::board;

usbemu::Device::Config board_usb_config(unsigned devnum, bool pty_node, const std::string& serial) {
  usbemu::Device::Config config;
  config.devnum = devnum;
  config.pty_node = pty_node;
  const auto lo = [](unsigned v) { return static_cast<uint8_t>(v & 0xff); };
  const auto hi = [](unsigned v) { return static_cast<uint8_t>(v >> 8); };
  config.descriptors = {
      0x12,
      0x01,
      0x00,
      0x02,
      0x00,
      0x00,
      0x00,
      0x40,  // device, USB 2.0, EP0 64 bytes
      lo(board::kDefaultVendorId),
      hi(board::kDefaultVendorId),
      lo(board::kDefaultProductId),
      hi(board::kDefaultProductId),
      0x00,
      0x01,
      0x01,
      0x02,
      0x03,
      0x01,  // bcdDevice, strings 1-3, 1 config
      0x09,
      0x02,
      0x20,
      0x00,
      0x01,
      0x01,
      0x00,
      0x80,
      0x32,  // config, 32 bytes total
      0x09,
      0x04,
      board::kInterface,
      0x00,
      0x02,
      0xff,
      0x00,
      0x00,
      0x00,  // interface 0, vendor class
      0x07,
      0x05,
      board::kEndpointOut,
      0x02,
      0x00,
      0x02,
      0x00,  // bulk OUT 512
      0x07,
      0x05,
      board::kEndpointIn,
      0x02,
      0x00,
      0x02,
      0x00,  // bulk IN 512
  };
  config.strings = {"reef", "reef emulated Xylo board", serial};
  return config;
}

EmulatedUsbBoard::EmulatedUsbBoard(UMockdevTestbed* testbed, std::shared_ptr<hw::BoardModel> model, UsbFaults faults,
                                   unsigned devnum, bool pty_node)
    : Device(testbed, board_usb_config(devnum, pty_node, model->options().serial)),
      model_(std::move(model)),
      faults_(faults) {}

int EmulatedUsbBoard::bulk_out(uint8_t ep, const uint8_t* data, size_t len) {
  if (ep != board::kEndpointOut) return -EPIPE;
  ++out_transfers_;
  if (out_transfers_ == faults_.stall_out) return -EPIPE;
  out_bytes_ += len;
  if (faults_.unplug_after_bytes != 0 && out_bytes_ >= faults_.unplug_after_bytes) {
    unplug();  // the cable is pulled while this transfer is on the wire: it fails, the model never sees it
    return 0;
  }
  std::string bytes(reinterpret_cast<const char*>(data), len);
  if (out_transfers_ == faults_.corrupt_out && !bytes.empty()) bytes.back() = static_cast<char>(~bytes.back());
  model_->receive(bytes);
  return static_cast<int>(len);
}

int EmulatedUsbBoard::bulk_in(uint8_t ep, uint8_t* buf, size_t maxlen) {
  if (ep != board::kEndpointIn) return -EPIPE;
  if (!in_offered_) {
    in_offered_ = true;
    ++in_transfers_;
    if (in_transfers_ == faults_.lose_reply) model_->next_reply();  // dropped: the host waits in vain
  }
  auto reply = model_->next_reply();
  if (!reply) return usbemu::kNak;
  in_offered_ = false;
  const bool cut = faults_.short_reply != 0 && (in_transfers_ == faults_.short_reply ||
                                                (faults_.always_short && in_transfers_ > faults_.short_reply));
  if (cut) reply->resize(reply->size() - 3);
  const size_t n = std::min(maxlen, reply->size());
  std::memcpy(buf, reply->data(), n);
  return static_cast<int>(n);
}

int EmulatedUsbBoard::control(const usbemu::Setup& s, uint8_t* data) {
  if (s.bmRequestType == 0xC0 && s.bRequest == board::kRequestIdentify) {
    const std::string identity = model_->identify();
    const size_t n = std::min<size_t>(identity.size(), s.wLength);
    std::memcpy(data, identity.data(), n);
    return static_cast<int>(n);
  }
  if (s.bmRequestType == 0x40 && s.bRequest == board::kRequestReset) {
    model_->reset();
    in_offered_ = false;
    return 0;
  }
  return Device::control(s, data);
}

int EmulatedUsbBoard::claim_interface() { return faults_.busy ? EBUSY : 0; }

}  // namespace reef::test
