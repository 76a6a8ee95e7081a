// hw::BoardModel: the board's protocol state machine — slots, resumable uploads checked by SHA-256, activation of a
// verified configuration only, and runs of the active configuration on XyloSim.
#include "reef/hw/board_model.hpp"

#include <algorithm>
#include <array>
#include <deque>
#include <fstream>
#include <sstream>
#include <variant>

#include "reef/hw/chip_image_codec.hpp"
#include "reef/hw/chip_spec.hpp"
#include "reef/hw/xylo_sim.hpp"
#include "sha256.hpp"

namespace reef::hw {

using namespace board;

namespace {

// Outputs per reply stay well inside one frame: 256 steps x 16 outputs x ~7 bytes.
constexpr std::uint32_t kMaxStepsPerBlock = 256;

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

ErrorReply error(ErrorCode code, std::string message) { return ErrorReply{code, std::move(message)}; }

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void write_file(const std::filesystem::path& path, std::string_view bytes) {
  const auto temporary = std::filesystem::path(path).concat(".tmp");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw Error("cannot write the emulated board's state to " + temporary.string());
  }
  std::filesystem::rename(temporary, path);
}

}  // namespace

struct BoardModel::State {
  struct Slot {
    std::string bytes;
    std::string sha256;  // set once committed
  };
  struct Upload {
    std::uint32_t slot = 0;
    std::uint64_t size = 0;
    std::string sha256;
    bool committed = false;
  };
  std::array<Slot, kSlots> slots;
  int active = -1;
  std::optional<Upload> upload;
  std::optional<XyloSim> sim;
  bool running = false;
  std::uint64_t step = 0;
  std::string pending;               // bytes of a frame not yet complete
  std::deque<std::string> replies;   // reply frames not yet read
};

BoardModel::BoardModel(BoardModelOptions options) : options_(std::move(options)), state_(std::make_unique<State>()) {
  if (!options_.state_dir) return;
  std::filesystem::create_directories(*options_.state_dir);
  for (std::size_t i = 0; i < kSlots; ++i) {
    const auto path = *options_.state_dir / ("slot" + std::to_string(i) + ".pb");
    if (!std::filesystem::exists(path)) continue;
    state_->slots[i].bytes = read_file(path);
    state_->slots[i].sha256 = sha256_hex(state_->slots[i].bytes);
  }
  std::ifstream active(*options_.state_dir / "active");
  int slot = -1;
  if (active >> slot && slot >= 0 && slot < static_cast<int>(kSlots) && !state_->slots[slot].sha256.empty()) {
    const ChipImage image = decode_chip_image(state_->slots[slot].bytes, (*options_.state_dir / "active").string());
    state_->sim.emplace(image, find_chip(options_.chip));
    state_->active = slot;
  }
}

BoardModel::~BoardModel() = default;

Identity BoardModel::identity() const {
  return Identity{.protocol_version = options_.protocol_version,
                  .min_protocol_version = options_.min_protocol_version,
                  .board = options_.board,
                  .chip = options_.chip,
                  .firmware_version = options_.firmware_version,
                  .serial = options_.serial,
                  .active_slot = state_->active,
                  .active_hash = state_->active < 0 ? "" : state_->slots[state_->active].sha256,
                  .max_chunk_bytes = kMaxChunkBytes,
                  .slot_capacity_bytes = options_.slot_capacity_bytes};
}

std::string BoardModel::identify() const { return encode_identity(identity()); }

void BoardModel::reset() {
  state_->pending.clear();
  state_->replies.clear();
  state_->running = false;
}

void BoardModel::receive(std::string_view bytes) {
  State& s = *state_;
  s.pending.append(bytes);
  while (s.pending.size() >= kFrameHeaderBytes) {
    std::size_t length = 0;
    try {
      length = frame_payload_length(s.pending);
    } catch (const MalformedMessage& e) {
      s.pending.clear();
      s.replies.push_back(encode_frame(Reply{options_.protocol_version, 0, error(ErrorCode::bad_request, e.what())}));
      return;
    }
    if (s.pending.size() < kFrameHeaderBytes + length) return;
    const std::string frame = s.pending.substr(0, kFrameHeaderBytes + length);
    s.pending.erase(0, frame.size());
    Reply reply;
    try {
      reply = handle(decode_request_frame(frame));
    } catch (const MalformedMessage& e) {
      reply = Reply{options_.protocol_version, 0, error(ErrorCode::bad_request, e.what())};
    }
    s.replies.push_back(encode_frame(reply));
  }
}

std::optional<std::string> BoardModel::next_reply() {
  if (state_->replies.empty()) return std::nullopt;
  std::string reply = std::move(state_->replies.front());
  state_->replies.pop_front();
  return reply;
}

Status BoardModel::status() const {
  const State& s = *state_;
  Status status{.running = s.running,
                .uploading = s.upload && !s.upload->committed,
                .upload_slot = s.upload ? s.upload->slot : 0,
                .upload_size = s.upload ? s.upload->size : 0,
                .upload_received = s.upload ? s.slots[s.upload->slot].bytes.size() : 0,
                .upload_sha256 = s.upload ? s.upload->sha256 : "",
                .active_slot = s.active,
                .slots = {},
                .step = s.step};
  for (const auto& slot : s.slots) status.slots.push_back({slot.bytes.size(), slot.sha256});
  return status;
}

const std::string& BoardModel::slot_bytes(std::size_t slot) const { return state_->slots.at(slot).bytes; }

std::string BoardModel::active_configuration() const {
  return state_->active < 0 ? std::string() : state_->slots[state_->active].bytes;
}

Reply BoardModel::handle(const Request& request) {
  State& s = *state_;
  Reply reply{options_.protocol_version, request.sequence, Status{}};
  if (request.protocol_version < options_.min_protocol_version ||
      request.protocol_version > options_.protocol_version) {
    reply.body = error(ErrorCode::unsupported_version,
                       "this board speaks protocol versions " + std::to_string(options_.min_protocol_version) +
                           " to " + std::to_string(options_.protocol_version) + ", the request uses version " +
                           std::to_string(request.protocol_version));
    return reply;
  }
  const auto persist = [&] {
    if (!options_.state_dir) return;
    for (std::size_t i = 0; i < kSlots; ++i) {
      const auto path = *options_.state_dir / ("slot" + std::to_string(i) + ".pb");
      if (s.slots[i].sha256.empty()) {
        std::filesystem::remove(path);
      } else {
        write_file(path, s.slots[i].bytes);
      }
    }
    write_file(*options_.state_dir / "active", std::to_string(s.active) + "\n");
  };
  reply.body = std::visit(
      Overloaded{
          [&](const BeginUpload& begin) -> ReplyBody {
            if (begin.slot >= kSlots) {
              return error(ErrorCode::bad_request, "slot " + std::to_string(begin.slot) + " does not exist (0 or 1)");
            }
            if (static_cast<int>(begin.slot) == s.active) {
              return error(ErrorCode::busy, "slot " + std::to_string(begin.slot) +
                                                " holds the active configuration; upload to the inactive slot");
            }
            if (begin.size > options_.slot_capacity_bytes) {
              return error(ErrorCode::too_large, std::to_string(begin.size) + " bytes exceed the slot capacity of " +
                                                     std::to_string(options_.slot_capacity_bytes) + " bytes");
            }
            const bool resume = s.upload && !s.upload->committed && s.upload->slot == begin.slot &&
                                s.upload->size == begin.size && s.upload->sha256 == begin.sha256;
            if (!resume) {
              s.upload = State::Upload{begin.slot, begin.size, begin.sha256, false};
              s.slots[begin.slot] = State::Slot{};
              persist();
            }
            return status();
          },
          [&](const Chunk& chunk) -> ReplyBody {
            if (!s.upload || s.upload->committed) {
              return error(ErrorCode::out_of_order, "chunk without an upload in progress; send begin_upload first");
            }
            std::string& bytes = s.slots[s.upload->slot].bytes;
            if (chunk.offset != bytes.size()) {
              return error(ErrorCode::out_of_order, "chunk at offset " + std::to_string(chunk.offset) +
                                                        ", the board has " + std::to_string(bytes.size()) + " bytes");
            }
            if (chunk.data.size() > kMaxChunkBytes || bytes.size() + chunk.data.size() > s.upload->size) {
              return error(ErrorCode::too_large, "chunk of " + std::to_string(chunk.data.size()) + " bytes at offset " +
                                                     std::to_string(chunk.offset) + " overruns the announced " +
                                                     std::to_string(s.upload->size) + " bytes");
            }
            bytes.append(chunk.data);
            return status();
          },
          [&](const Commit&) -> ReplyBody {
            if (!s.upload) return error(ErrorCode::out_of_order, "commit without an upload");
            if (s.upload->committed) return status();
            State::Slot& slot = s.slots[s.upload->slot];
            if (slot.bytes.size() != s.upload->size) {
              return error(ErrorCode::out_of_order, "commit after " + std::to_string(slot.bytes.size()) + " of " +
                                                        std::to_string(s.upload->size) + " bytes");
            }
            const std::string hash = sha256_hex(slot.bytes);
            if (hash != s.upload->sha256) {
              const std::string expected = s.upload->sha256;
              slot = State::Slot{};
              s.upload.reset();
              persist();
              return error(ErrorCode::hash_mismatch, "the uploaded bytes hash to " + hash + ", the host announced " +
                                                         expected + "; the slot was cleared");
            }
            slot.sha256 = hash;
            s.upload->committed = true;
            persist();
            return status();
          },
          [&](const Verify& verify) -> ReplyBody {
            if (verify.slot >= kSlots) return error(ErrorCode::bad_request, "slot " + std::to_string(verify.slot));
            const State::Slot& slot = s.slots[verify.slot];
            return VerifyResult{verify.slot, slot.bytes.size(), sha256_hex(slot.bytes)};
          },
          [&](const Activate& activate) -> ReplyBody {
            if (activate.slot >= kSlots) return error(ErrorCode::bad_request, "slot " + std::to_string(activate.slot));
            const State::Slot& slot = s.slots[activate.slot];
            if (slot.sha256.empty() || slot.sha256 != activate.sha256) {
              return error(ErrorCode::hash_mismatch, "slot " + std::to_string(activate.slot) +
                                                         " holds no committed configuration with hash " +
                                                         activate.sha256);
            }
            if (s.active == static_cast<int>(activate.slot)) return status();
            if (s.running) return error(ErrorCode::busy, "a run is in progress; stop it before activating");
            try {
              const ChipImage image = decode_chip_image(slot.bytes, "slot " + std::to_string(activate.slot));
              if (image.chip != options_.chip) {
                return error(ErrorCode::invalid_configuration,
                             "the configuration is for " + image.chip + ", this board carries " + options_.chip);
              }
              s.sim.emplace(image, find_chip(options_.chip));
            } catch (const Error& e) {
              return error(ErrorCode::invalid_configuration, e.what());
            }
            s.active = static_cast<int>(activate.slot);
            s.upload.reset();
            persist();
            return status();
          },
          [&](const Start&) -> ReplyBody {
            if (s.active < 0 || !s.sim) return error(ErrorCode::no_configuration, "no configuration is active");
            s.sim->reset();
            s.step = 0;
            s.running = true;
            return status();
          },
          [&](const Stop&) -> ReplyBody {
            s.running = false;
            return status();
          },
          [&](const StepEvents& input) -> ReplyBody {
            if (!s.running) return error(ErrorCode::out_of_order, "input events before start");
            if (input.steps > kMaxStepsPerBlock) {
              return error(ErrorCode::too_large, std::to_string(input.steps) + " steps in one block, at most " +
                                                     std::to_string(kMaxStepsPerBlock));
            }
            const std::size_t n_inputs = s.sim->n_inputs();
            std::vector<std::uint16_t> counts(input.steps * n_inputs, 0);
            for (const auto& event : input.events) {
              if (event.channel >= n_inputs) {
                return error(ErrorCode::bad_request, "input channel " + std::to_string(event.channel) +
                                                         " does not exist; the configuration has " +
                                                         std::to_string(n_inputs) + " inputs");
              }
              auto& count = counts[event.step * n_inputs + event.channel];
              count = static_cast<std::uint16_t>(std::min<std::uint32_t>(0xffffU, count + event.count));
            }
            const ChipSimRun run = s.sim->evolve(counts, input.steps, ChipSimRecordRequest{.hidden_spikes = false});
            OutputEvents output{s.step, StepEvents{input.steps, {}}};
            const std::size_t n_outputs = s.sim->n_outputs();
            for (std::uint32_t t = 0; t < input.steps; ++t) {
              for (std::size_t o = 0; o < n_outputs; ++o) {
                const std::uint8_t spikes = run.output_spikes[t * n_outputs + o];
                if (spikes != 0) output.events.events.push_back({t, static_cast<std::uint32_t>(o), spikes});
              }
            }
            s.step += input.steps;
            return output;
          },
          [&](const GetStatus&) -> ReplyBody { return status(); },
      },
      request.body);
  return reply;
}

}  // namespace reef::hw
