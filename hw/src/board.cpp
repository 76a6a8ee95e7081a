// hw::Board: request/reply exchanges with sequence numbers, retries with exponential backoff after transient
// errors (timeout, stall, garbled reply), resumable uploads and the flash sequence upload -> verify -> activate.
#include "reef/hw/board.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "sha256.hpp"

namespace reef::hw {

using namespace board;

namespace {

constexpr int kMaxStaleReplies = 8;

std::string short_hash(const std::string& hash) { return hash.empty() ? "none" : hash.substr(0, 16); }

void log_warning(const std::string& message) {
  if (auto logger = spdlog::get("reef")) logger->warn(message);
}

}  // namespace

Board::Board(std::unique_ptr<Transport> transport, BoardOptions options)
    : transport_(std::move(transport)), options_(options) {
  identity_ = read_identity();
  const std::string who = transport_->description() + " (" + identity_.board + ", firmware " +
                          identity_.firmware_version + ")";
  if (kProtocolVersion > identity_.protocol_version) {
    fail(BoardErrc::version_mismatch,
         who + " speaks board protocol " + std::to_string(identity_.protocol_version) + ", older than version " +
             std::to_string(kProtocolVersion) + " that this reef speaks: update the board's firmware (or use a reef "
             "release that speaks protocol " + std::to_string(identity_.protocol_version) + ")");
  }
  if (kProtocolVersion < identity_.min_protocol_version) {
    fail(BoardErrc::version_mismatch,
         who + " needs board protocol " + std::to_string(identity_.min_protocol_version) + " or newer; this reef " +
             "speaks version " + std::to_string(kProtocolVersion) + ": update reef to a release that speaks it");
  }
}

void Board::fail(std::error_code code, const std::string& what) { throw DeviceError(code, what); }

Identity Board::read_identity() {
  for (int attempt = 0;; ++attempt) {
    try {
      std::vector<std::uint8_t> buffer(kMaxIdentifyBytes);
      const std::size_t n = transport_->control_in(kRequestIdentify, 0, buffer, options_.timeout);
      try {
        return decode_identity(std::string_view(reinterpret_cast<const char*>(buffer.data()), n));
      } catch (const MalformedMessage& e) {
        fail(BoardErrc::malformed_reply, transport_->description() + " sent an undecodable identity: " + e.what());
      }
    } catch (const DeviceError& e) {
      if (!is_transient(e.code()) || attempt >= options_.retries) throw;
      recover(e, attempt);
    }
  }
}

const Identity& Board::refresh_identity() {
  identity_ = read_identity();
  return identity_;
}

void Board::recover(const DeviceError& error, int attempt) {
  ++retries_;
  const auto pause = options_.backoff * (1 << std::min(attempt, 10));
  log_warning(transport_->description() + ": " + error.what() + "; retrying in " + std::to_string(pause.count()) +
              " ms");
  std::this_thread::sleep_for(pause);
  if (error.code() == UsbErrc::pipe) transport_->clear_halt();
  transport_->control_out(kRequestReset, 0, options_.timeout);
}

Reply Board::exchange(const RequestBody& body) {
  const std::uint32_t sequence = ++sequence_;
  const std::string frame = encode_frame(Request{kProtocolVersion, sequence, body});
  transport_->write(std::span(reinterpret_cast<const std::uint8_t*>(frame.data()), frame.size()), options_.timeout);
  std::vector<std::uint8_t> buffer(kMaxFrameBytes);
  for (int stale = 0;; ++stale) {
    const std::size_t n = transport_->read(buffer, options_.timeout);
    Reply reply;
    try {
      reply = decode_reply_frame(std::string_view(reinterpret_cast<const char*>(buffer.data()), n));
    } catch (const MalformedMessage& e) {
      fail(BoardErrc::malformed_reply, transport_->description() + " answered " + std::string(request_name(body)) +
                                           " with a malformed reply: " + e.what());
    }
    const bool undecodable_request = reply.sequence == 0 && std::holds_alternative<ErrorReply>(reply.body);
    if (reply.sequence == sequence || undecodable_request) return reply;
    if (reply.sequence < sequence && stale < kMaxStaleReplies) continue;  // a late reply to an earlier request
    fail(BoardErrc::malformed_reply, transport_->description() + " answered request " +
                                         std::to_string(reply.sequence) + " while reef waited for " +
                                         std::to_string(sequence));
  }
}

Reply Board::call(const RequestBody& body) {
  for (int attempt = 0;; ++attempt) {
    try {
      return exchange(body);
    } catch (const DeviceError& e) {
      if (!is_transient(e.code()) || attempt >= options_.retries) throw;
      recover(e, attempt);
    }
  }
}

template <class T>
T Board::expect(const Reply& reply, const RequestBody& body) {
  const std::string what = transport_->description() + " refused " + std::string(request_name(body));
  if (const auto* error = std::get_if<ErrorReply>(&reply.body)) {
    const std::string message = what + ": " + std::string(error_code_name(error->code)) + ": " + error->message;
    switch (error->code) {
      case ErrorCode::hash_mismatch: fail(BoardErrc::hash_mismatch, message);
      case ErrorCode::unsupported_version: fail(BoardErrc::version_mismatch, message);
      case ErrorCode::busy: fail(BoardErrc::busy, message);
      default: fail(BoardErrc::rejected, message);
    }
  }
  if (const auto* value = std::get_if<T>(&reply.body)) return *value;
  fail(BoardErrc::malformed_reply, transport_->description() + " answered " + std::string(request_name(body)) +
                                       " with an unexpected kind of reply");
}

Status Board::status() { return expect<Status>(call(GetStatus{}), GetStatus{}); }

FlashPlan Board::plan_flash(std::string_view chip_pb) const {
  FlashPlan plan;
  plan.slot = identity_.active_slot == 0 ? 1 : 0;
  plan.bytes = chip_pb.size();
  plan.sha256 = sha256_hex(chip_pb);
  const std::size_t chunk = std::clamp<std::size_t>(identity_.max_chunk_bytes, 1, kMaxChunkBytes);
  plan.chunks = (chip_pb.size() + chunk - 1) / chunk;
  plan.active_hash = identity_.active_hash;
  plan.already_active = identity_.active_hash == plan.sha256;
  return plan;
}

FlashReport Board::upload(std::string_view chip_pb, const FlashOptions& options) {
  FlashReport report;
  report.plan = plan_flash(chip_pb);
  const int retries_before = retries_;
  const FlashPlan& plan = report.plan;
  const BeginUpload begin{plan.slot, plan.bytes, plan.sha256};
  Status status = expect<Status>(call(begin), begin);
  report.resumed_bytes = status.upload_received;
  std::uint64_t offset = status.upload_received;
  const std::size_t chunk_size = std::clamp<std::size_t>(identity_.max_chunk_bytes, 1, kMaxChunkBytes);
  if (options.progress) options.progress(offset, plan.bytes);
  int failures = 0;
  while (offset < plan.bytes) {
    const std::size_t n = std::min<std::uint64_t>(chunk_size, plan.bytes - offset);
    const Chunk chunk{offset, std::string(chip_pb.substr(offset, n))};
    try {
      status = expect<Status>(exchange(chunk), chunk);
      failures = 0;
    } catch (const DeviceError& e) {
      if (!is_transient(e.code()) || failures >= options_.retries) throw;
      recover(e, failures++);
      // Resume where the board is: it may or may not have stored the chunk whose reply was lost.
      status = this->status();
      if (!status.uploading || status.upload_sha256 != plan.sha256) status = expect<Status>(call(begin), begin);
    }
    offset = status.upload_received;
    if (options.progress) options.progress(offset, plan.bytes);
  }
  const Commit commit;
  try {
    expect<Status>(call(commit), commit);
  } catch (const DeviceError& e) {
    if (e.code() != BoardErrc::hash_mismatch) throw;
    fail(BoardErrc::hash_mismatch,
         std::string(e.what()) + " - the bytes were corrupted on the way; nothing was activated, the active "
         "configuration is still " + short_hash(plan.active_hash) + "; run reef flash again");
  }
  report.retries = retries_ - retries_before;
  return report;
}

VerifyResult Board::verify(std::uint32_t slot) {
  const Verify request{slot};
  return expect<VerifyResult>(call(request), request);
}

FlashReport Board::flash(std::string_view chip_pb, const FlashOptions& options) {
  FlashReport report;
  report.plan = plan_flash(chip_pb);
  if (report.plan.already_active) return report;
  report = upload(chip_pb, options);
  const FlashPlan& plan = report.plan;
  const int retries_before = retries_ - report.retries;
  if (options.verify) {
    const VerifyResult readback = verify(plan.slot);
    if (readback.sha256 != plan.sha256 || readback.size != plan.bytes) {
      fail(BoardErrc::hash_mismatch, transport_->description() + " slot " + std::to_string(plan.slot) +
                                         " reads back " + std::to_string(readback.size) + " bytes hashing to " +
                                         readback.sha256 + ", expected " + std::to_string(plan.bytes) + " bytes " +
                                         plan.sha256 + "; nothing was activated; run reef flash again");
    }
    report.verified = true;
  }
  const Activate activate{plan.slot, plan.sha256};
  expect<Status>(call(activate), activate);
  refresh_identity();
  if (identity_.active_hash != plan.sha256) {
    fail(BoardErrc::hash_mismatch, transport_->description() + " reports active configuration " +
                                       short_hash(identity_.active_hash) + " after activating " +
                                       short_hash(plan.sha256));
  }
  report.retries = retries_ - retries_before;
  return report;
}

void Board::start() { expect<Status>(call(Start{}), Start{}); }

OutputEvents Board::run(const StepEvents& input) {
  REEF_ASSERT(input.steps <= kMaxStepsPerRun, "Board::run: " + std::to_string(input.steps) + " steps in one block");
  return expect<OutputEvents>(exchange(input), input);
}

void Board::stop() { expect<Status>(call(Stop{}), Stop{}); }

}  // namespace reef::hw
