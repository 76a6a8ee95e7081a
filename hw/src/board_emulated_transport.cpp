// The in-process Transport of `--device emu`: frames go straight into a BoardModel, replies come straight back.
// Nothing is ever in flight, so a read with no reply queued fails at once with a timeout instead of waiting.
#include <algorithm>
#include <cstring>

#include "reef/core/error.hpp"
#include "reef/hw/board_model.hpp"

namespace reef::hw {
namespace {

class EmulatedTransport final : public Transport {
 public:
  explicit EmulatedTransport(std::shared_ptr<BoardModel> model) : model_(std::move(model)) {}

  void write(std::span<const std::uint8_t> frame, Timeout) override {
    model_->receive(std::string_view(reinterpret_cast<const char*>(frame.data()), frame.size()));
  }

  std::size_t read(std::span<std::uint8_t> buffer, Timeout) override {
    const auto reply = model_->next_reply();
    if (!reply) throw DeviceError(UsbErrc::timeout, "the emulated board has no reply queued");
    if (reply->size() > buffer.size()) throw DeviceError(UsbErrc::overflow, "reply larger than the read buffer");
    std::memcpy(buffer.data(), reply->data(), reply->size());
    return reply->size();
  }

  std::size_t control_in(std::uint8_t request, std::uint16_t, std::span<std::uint8_t> buffer, Timeout) override {
    if (request != board::kRequestIdentify) throw DeviceError(UsbErrc::pipe, "unknown vendor request");
    const std::string identity = model_->identify();
    const std::size_t n = std::min(identity.size(), buffer.size());
    std::memcpy(buffer.data(), identity.data(), n);
    return n;
  }

  void control_out(std::uint8_t request, std::uint16_t, Timeout) override {
    if (request != board::kRequestReset) throw DeviceError(UsbErrc::pipe, "unknown vendor request");
    model_->reset();
  }

  void clear_halt() override {}

  std::string description() const override { return "emulated board " + model_->options().serial; }

 private:
  std::shared_ptr<BoardModel> model_;
};

}  // namespace

std::unique_ptr<Transport> make_emulated_transport(std::shared_ptr<BoardModel> model) {
  return std::make_unique<EmulatedTransport>(std::move(model));
}

}  // namespace reef::hw
