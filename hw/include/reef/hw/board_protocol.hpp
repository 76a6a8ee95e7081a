// The reef board protocol in plain C++ (docs/board-protocol.md): USB constants, the messages the host and a board
// exchange, and their wire encoding (length-prefixed protobuf, proto/board_protocol.proto). Both hw::Board (host)
// and hw::BoardModel (board) speak it; only hw/src/board_protocol.cpp touches the generated protobuf code.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "reef/core/error.hpp"

namespace reef::hw::board {

inline constexpr std::uint32_t kProtocolVersion = 1;

// USB function: pid.codes test VID:PID by default (configurable, see UsbIds), one vendor-class interface with a
// bulk OUT and a bulk IN endpoint; vendor control requests on endpoint 0.
inline constexpr std::uint16_t kDefaultVendorId = 0x1209;
inline constexpr std::uint16_t kDefaultProductId = 0x0001;
inline constexpr std::uint8_t kInterface = 0;
inline constexpr std::uint8_t kEndpointOut = 0x01;
inline constexpr std::uint8_t kEndpointIn = 0x81;
inline constexpr std::uint8_t kRequestIdentify = 0x01;  // vendor, device-to-host: an encoded Identity
inline constexpr std::uint8_t kRequestReset = 0x02;     // vendor, host-to-device: drop frames/replies, stop a run
inline constexpr std::size_t kMaxIdentifyBytes = 512;

// Framing: every bulk transfer carries one frame = 4-byte little-endian payload length + protobuf payload.
inline constexpr std::size_t kFrameHeaderBytes = 4;
inline constexpr std::size_t kMaxPayloadBytes = 64 * 1024;
inline constexpr std::size_t kMaxFrameBytes = kFrameHeaderBytes + kMaxPayloadBytes;
inline constexpr std::size_t kMaxChunkBytes = 16 * 1024;

struct Identity {
  std::uint32_t protocol_version = kProtocolVersion;
  std::uint32_t min_protocol_version = kProtocolVersion;
  std::string board;
  std::string chip;
  std::string firmware_version;
  std::string serial;
  int active_slot = -1;
  std::string active_hash;
  std::uint32_t max_chunk_bytes = kMaxChunkBytes;
  std::uint64_t slot_capacity_bytes = 0;
  bool operator==(const Identity&) const = default;
};

// Events of `steps` consecutive time steps; `step` is relative to the block's first step.
struct StepEvent {
  std::uint32_t step = 0;
  std::uint32_t channel = 0;
  std::uint32_t count = 1;
  bool operator==(const StepEvent&) const = default;
};
struct StepEvents {
  std::uint32_t steps = 0;
  std::vector<StepEvent> events;
  bool operator==(const StepEvents&) const = default;
};

struct BeginUpload {
  std::uint32_t slot = 0;
  std::uint64_t size = 0;
  std::string sha256;
  bool operator==(const BeginUpload&) const = default;
};
struct Chunk {
  std::uint64_t offset = 0;
  std::string data;
  bool operator==(const Chunk&) const = default;
};
struct Commit {
  bool operator==(const Commit&) const = default;
};
struct Verify {
  std::uint32_t slot = 0;
  bool operator==(const Verify&) const = default;
};
struct Activate {
  std::uint32_t slot = 0;
  std::string sha256;
  bool operator==(const Activate&) const = default;
};
struct Start {
  bool operator==(const Start&) const = default;
};
struct Stop {
  bool operator==(const Stop&) const = default;
};
struct GetStatus {
  bool operator==(const GetStatus&) const = default;
};

using RequestBody = std::variant<BeginUpload, Chunk, Commit, Verify, Activate, Start, Stop, StepEvents, GetStatus>;

struct Request {
  std::uint32_t protocol_version = kProtocolVersion;
  std::uint32_t sequence = 0;
  RequestBody body;
  bool operator==(const Request&) const = default;
};

struct SlotState {
  std::uint64_t size = 0;
  std::string sha256;  // empty: no committed configuration in the slot
  bool operator==(const SlotState&) const = default;
};

struct Status {
  bool running = false;
  bool uploading = false;
  std::uint32_t upload_slot = 0;
  std::uint64_t upload_size = 0;
  std::uint64_t upload_received = 0;
  std::string upload_sha256;
  int active_slot = -1;
  std::vector<SlotState> slots;
  std::uint64_t step = 0;
  bool operator==(const Status&) const = default;
};

struct VerifyResult {
  std::uint32_t slot = 0;
  std::uint64_t size = 0;
  std::string sha256;
  bool operator==(const VerifyResult&) const = default;
};

struct OutputEvents {
  std::uint64_t first_step = 0;
  StepEvents events;
  bool operator==(const OutputEvents&) const = default;
};

enum class ErrorCode {
  unspecified = 0,
  unsupported_version = 1,
  bad_request = 2,
  out_of_order = 3,
  hash_mismatch = 4,
  too_large = 5,
  no_configuration = 6,
  invalid_configuration = 7,
  busy = 8,
};

struct ErrorReply {
  ErrorCode code = ErrorCode::unspecified;
  std::string message;
  bool operator==(const ErrorReply&) const = default;
};

using ReplyBody = std::variant<Status, VerifyResult, OutputEvents, ErrorReply>;

struct Reply {
  std::uint32_t protocol_version = kProtocolVersion;
  std::uint32_t sequence = 0;
  ReplyBody body;
  bool operator==(const Reply&) const = default;
};

// Thrown by the decoders for bytes that are not a valid frame or message; `what()` says what is wrong.
class MalformedMessage : public Error {
 public:
  using Error::Error;
};

std::string encode_identity(const Identity& identity);
Identity decode_identity(std::string_view bytes);

// Frames: header + payload. decode_*_frame checks the header against the bytes received (a short or overlong frame
// is malformed) and parses the payload.
std::string encode_frame(const Request& request);
std::string encode_frame(const Reply& reply);
Request decode_request_frame(std::string_view frame);
Reply decode_reply_frame(std::string_view frame);
// The payload length a frame header announces (needs at least kFrameHeaderBytes bytes).
std::size_t frame_payload_length(std::string_view frame);

// "begin_upload", "chunk", ... for messages and logs.
std::string_view request_name(const RequestBody& body);
std::string_view error_code_name(ErrorCode code);

}  // namespace reef::hw::board
