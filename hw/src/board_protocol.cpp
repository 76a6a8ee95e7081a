// The board-protocol codec: plain C++ messages (board_protocol.hpp) <-> length-prefixed protobuf frames
// (proto/board_protocol.proto). The only file besides the chip-image codec that includes generated protobuf code.
#include "reef/hw/board_protocol.hpp"

#include <board_protocol.pb.h>

namespace reef::hw::board {
namespace {

namespace pb = reef::board::v1;

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

void to_proto(const StepEvents& events, pb::StepEvents& out) {
  out.set_steps(events.steps);
  for (const auto& event : events.events) {
    out.add_step(event.step);
    out.add_channel(event.channel);
    out.add_count(event.count);
  }
}

StepEvents from_proto(const pb::StepEvents& in) {
  if (in.step_size() != in.channel_size() || in.step_size() != in.count_size()) {
    throw MalformedMessage("step events: " + std::to_string(in.step_size()) + " steps, " +
                           std::to_string(in.channel_size()) + " channels and " + std::to_string(in.count_size()) +
                           " counts; the three lists must have the same length");
  }
  StepEvents events;
  events.steps = in.steps();
  events.events.reserve(static_cast<std::size_t>(in.step_size()));
  for (int i = 0; i < in.step_size(); ++i) {
    if (in.step(i) >= in.steps()) {
      throw MalformedMessage("step event " + std::to_string(i) + " at step " + std::to_string(in.step(i)) +
                             " lies outside its block of " + std::to_string(in.steps()) + " steps");
    }
    events.events.push_back({in.step(i), in.channel(i), in.count(i)});
  }
  return events;
}

std::string frame(const google::protobuf::MessageLite& message) {
  const std::size_t size = message.ByteSizeLong();
  if (size > kMaxPayloadBytes) {
    throw MalformedMessage("message of " + std::to_string(size) + " bytes exceeds the protocol's frame limit of " +
                           std::to_string(kMaxPayloadBytes) + " bytes");
  }
  std::string bytes(kFrameHeaderBytes, '\0');
  for (std::size_t i = 0; i < kFrameHeaderBytes; ++i) bytes[i] = static_cast<char>((size >> (8 * i)) & 0xffU);
  message.AppendToString(&bytes);
  return bytes;
}

std::string_view payload(std::string_view frame_bytes) {
  const std::size_t length = frame_payload_length(frame_bytes);
  const std::size_t got = frame_bytes.size() - kFrameHeaderBytes;
  if (got < length) {
    throw MalformedMessage("short frame: the header announces " + std::to_string(length) + " payload bytes, " +
                           std::to_string(got) + " arrived");
  }
  if (got > length) {
    throw MalformedMessage("overlong frame: the header announces " + std::to_string(length) + " payload bytes, " +
                           std::to_string(got) + " arrived");
  }
  return frame_bytes.substr(kFrameHeaderBytes);
}

template <class Message>
void parse(Message& message, std::string_view bytes, const char* what) {
  if (!message.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    throw MalformedMessage(std::string("undecodable ") + what + " (" + std::to_string(bytes.size()) +
                           " bytes are not a protobuf " + what + ")");
  }
}

}  // namespace

std::size_t frame_payload_length(std::string_view frame_bytes) {
  if (frame_bytes.size() < kFrameHeaderBytes) {
    throw MalformedMessage("short frame: " + std::to_string(frame_bytes.size()) + " bytes, less than the " +
                           std::to_string(kFrameHeaderBytes) + "-byte header");
  }
  std::size_t length = 0;
  for (std::size_t i = 0; i < kFrameHeaderBytes; ++i) {
    length |= static_cast<std::size_t>(static_cast<unsigned char>(frame_bytes[i])) << (8 * i);
  }
  if (length > kMaxPayloadBytes) {
    throw MalformedMessage("frame header announces " + std::to_string(length) + " bytes, more than the limit of " +
                           std::to_string(kMaxPayloadBytes));
  }
  return length;
}

std::string encode_identity(const Identity& identity) {
  pb::Identity message;
  message.set_protocol_version(identity.protocol_version);
  message.set_min_protocol_version(identity.min_protocol_version);
  message.set_board(identity.board);
  message.set_chip(identity.chip);
  message.set_firmware_version(identity.firmware_version);
  message.set_serial(identity.serial);
  message.set_active_slot(identity.active_slot);
  message.set_active_hash(identity.active_hash);
  message.set_max_chunk_bytes(identity.max_chunk_bytes);
  message.set_slot_capacity_bytes(identity.slot_capacity_bytes);
  std::string bytes = message.SerializeAsString();
  if (bytes.size() > kMaxIdentifyBytes) {
    throw MalformedMessage("identity of " + std::to_string(bytes.size()) + " bytes exceeds " +
                           std::to_string(kMaxIdentifyBytes) + " bytes");
  }
  return bytes;
}

Identity decode_identity(std::string_view bytes) {
  pb::Identity message;
  parse(message, bytes, "identity");
  return Identity{.protocol_version = message.protocol_version(),
                  .min_protocol_version = message.min_protocol_version(),
                  .board = message.board(),
                  .chip = message.chip(),
                  .firmware_version = message.firmware_version(),
                  .serial = message.serial(),
                  .active_slot = message.active_slot(),
                  .active_hash = message.active_hash(),
                  .max_chunk_bytes = message.max_chunk_bytes(),
                  .slot_capacity_bytes = message.slot_capacity_bytes()};
}

std::string encode_frame(const Request& request) {
  pb::Request message;
  message.set_protocol_version(request.protocol_version);
  message.set_sequence(request.sequence);
  std::visit(Overloaded{
                 [&](const BeginUpload& body) {
                   auto* out = message.mutable_begin_upload();
                   out->set_slot(body.slot);
                   out->set_size(body.size);
                   out->set_sha256(body.sha256);
                 },
                 [&](const Chunk& body) {
                   auto* out = message.mutable_chunk();
                   out->set_offset(body.offset);
                   out->set_data(body.data);
                 },
                 [&](const Commit&) { message.mutable_commit(); },
                 [&](const Verify& body) { message.mutable_verify()->set_slot(body.slot); },
                 [&](const Activate& body) {
                   auto* out = message.mutable_activate();
                   out->set_slot(body.slot);
                   out->set_sha256(body.sha256);
                 },
                 [&](const Start&) { message.mutable_start(); },
                 [&](const Stop&) { message.mutable_stop(); },
                 [&](const StepEvents& body) { to_proto(body, *message.mutable_input()); },
                 [&](const GetStatus&) { message.mutable_get_status(); },
             },
             request.body);
  return frame(message);
}

Request decode_request_frame(std::string_view frame_bytes) {
  pb::Request message;
  parse(message, payload(frame_bytes), "request");
  Request request{.protocol_version = message.protocol_version(), .sequence = message.sequence(), .body = {}};
  switch (message.body_case()) {
    case pb::Request::kBeginUpload:
      request.body = BeginUpload{message.begin_upload().slot(), message.begin_upload().size(),
                                 message.begin_upload().sha256()};
      break;
    case pb::Request::kChunk:
      request.body = Chunk{message.chunk().offset(), message.chunk().data()};
      break;
    case pb::Request::kCommit:
      request.body = Commit{};
      break;
    case pb::Request::kVerify:
      request.body = Verify{message.verify().slot()};
      break;
    case pb::Request::kActivate:
      request.body = Activate{message.activate().slot(), message.activate().sha256()};
      break;
    case pb::Request::kStart:
      request.body = Start{};
      break;
    case pb::Request::kStop:
      request.body = Stop{};
      break;
    case pb::Request::kInput:
      request.body = from_proto(message.input());
      break;
    case pb::Request::kGetStatus:
      request.body = GetStatus{};
      break;
    case pb::Request::BODY_NOT_SET:
      throw MalformedMessage("request " + std::to_string(message.sequence()) +
                             " has no body (or one this board does not know)");
  }
  return request;
}

std::string encode_frame(const Reply& reply) {
  pb::Reply message;
  message.set_protocol_version(reply.protocol_version);
  message.set_sequence(reply.sequence);
  std::visit(Overloaded{
                 [&](const Status& body) {
                   auto* out = message.mutable_status();
                   out->set_running(body.running);
                   out->set_uploading(body.uploading);
                   out->set_upload_slot(body.upload_slot);
                   out->set_upload_size(body.upload_size);
                   out->set_upload_received(body.upload_received);
                   out->set_upload_sha256(body.upload_sha256);
                   out->set_active_slot(body.active_slot);
                   for (const auto& slot : body.slots) {
                     auto* s = out->add_slots();
                     s->set_size(slot.size);
                     s->set_sha256(slot.sha256);
                   }
                   out->set_step(body.step);
                 },
                 [&](const VerifyResult& body) {
                   auto* out = message.mutable_verified();
                   out->set_slot(body.slot);
                   out->set_size(body.size);
                   out->set_sha256(body.sha256);
                 },
                 [&](const OutputEvents& body) {
                   auto* out = message.mutable_output();
                   out->set_first_step(body.first_step);
                   to_proto(body.events, *out->mutable_events());
                 },
                 [&](const ErrorReply& body) {
                   auto* out = message.mutable_error();
                   out->set_code(static_cast<pb::ErrorCode>(body.code));
                   out->set_message(body.message);
                 },
             },
             reply.body);
  return frame(message);
}

Reply decode_reply_frame(std::string_view frame_bytes) {
  pb::Reply message;
  parse(message, payload(frame_bytes), "reply");
  Reply reply{.protocol_version = message.protocol_version(), .sequence = message.sequence(), .body = {}};
  switch (message.body_case()) {
    case pb::Reply::kStatus: {
      const auto& in = message.status();
      Status status{.running = in.running(),
                    .uploading = in.uploading(),
                    .upload_slot = in.upload_slot(),
                    .upload_size = in.upload_size(),
                    .upload_received = in.upload_received(),
                    .upload_sha256 = in.upload_sha256(),
                    .active_slot = in.active_slot(),
                    .slots = {},
                    .step = in.step()};
      for (const auto& slot : in.slots()) status.slots.push_back({slot.size(), slot.sha256()});
      reply.body = std::move(status);
      break;
    }
    case pb::Reply::kVerified:
      reply.body = VerifyResult{message.verified().slot(), message.verified().size(), message.verified().sha256()};
      break;
    case pb::Reply::kOutput:
      reply.body = OutputEvents{message.output().first_step(), from_proto(message.output().events())};
      break;
    case pb::Reply::kError: {
      const int code = message.error().code();
      const bool known = code >= 0 && code <= static_cast<int>(ErrorCode::busy);
      reply.body = ErrorReply{known ? static_cast<ErrorCode>(code) : ErrorCode::unspecified, message.error().message()};
      break;
    }
    case pb::Reply::BODY_NOT_SET:
      throw MalformedMessage("reply " + std::to_string(message.sequence()) + " has no body");
  }
  return reply;
}

std::string_view request_name(const RequestBody& body) {
  static constexpr std::string_view kNames[] = {"begin_upload", "chunk", "commit",    "verify",    "activate",
                                                "start",        "stop",  "input events", "get_status"};
  return kNames[body.index()];
}

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::unsupported_version: return "unsupported protocol version";
    case ErrorCode::bad_request: return "bad request";
    case ErrorCode::out_of_order: return "out of order";
    case ErrorCode::hash_mismatch: return "hash mismatch";
    case ErrorCode::too_large: return "too large";
    case ErrorCode::no_configuration: return "no configuration";
    case ErrorCode::invalid_configuration: return "invalid configuration";
    case ErrorCode::busy: return "busy";
    case ErrorCode::unspecified: break;
  }
  return "error";
}

}  // namespace reef::hw::board
