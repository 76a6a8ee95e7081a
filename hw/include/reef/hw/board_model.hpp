// hw::BoardModel: the board side of the board protocol — what firmware on a Xylo board does: two configuration
// slots, uploads verified by SHA-256 before activation, and the bit-accurate chip simulator (XyloSim) turning input
// events into output events. It backs the emulated board (in process, or behind the USB emulator in tests).
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "reef/hw/board_protocol.hpp"
#include "reef/hw/transport.hpp"

namespace reef::hw {

struct BoardModelOptions {
  std::string serial = "EMU0001";
  std::string chip = "xylo-audio2";  // ChipSpec id; configurations for other chips are refused
  std::string board = "reef emulated Xylo board";
  std::string firmware_version = "reef-emulator-1";
  std::uint32_t protocol_version = board::kProtocolVersion;
  std::uint32_t min_protocol_version = board::kProtocolVersion;
  std::uint64_t slot_capacity_bytes = 4u << 20;
  // When set, the slots and the active slot persist in this folder across processes (`--device emu`).
  std::optional<std::filesystem::path> state_dir;
};

// Not thread-safe: the caller serializes access (the USB emulator calls it under its device mutex).
class BoardModel {
 public:
  static constexpr std::size_t kSlots = 2;

  explicit BoardModel(BoardModelOptions options = {});
  ~BoardModel();
  BoardModel(const BoardModel&) = delete;
  BoardModel& operator=(const BoardModel&) = delete;

  // The USB function: vendor control requests and bulk transfers.
  std::string identify() const;  // encoded Identity (the IDENTIFY request)
  void reset();                  // the RESET request: drops partial frames and queued replies, stops a run
  // Bytes of one bulk OUT transfer; every complete frame is handled and its reply queued.
  void receive(std::string_view bytes);
  // The next queued reply frame for a bulk IN transfer; nullopt when none is queued (the endpoint NAKs).
  std::optional<std::string> next_reply();

  // The protocol: one request, its reply.
  board::Reply handle(const board::Request& request);

  board::Identity identity() const;
  board::Status status() const;
  const std::string& slot_bytes(std::size_t slot) const;  // committed or partly uploaded bytes
  std::string active_configuration() const;              // the active slot's bytes; empty when none
  const BoardModelOptions& options() const { return options_; }

 private:
  struct State;
  BoardModelOptions options_;
  std::unique_ptr<State> state_;
};

// A Transport straight into a model in this process (`--device emu`); the model is shared so callers can inspect it.
std::unique_ptr<Transport> make_emulated_transport(std::shared_ptr<BoardModel> model);

}  // namespace reef::hw
