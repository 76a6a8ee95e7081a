// hw::Board: the host side of the board protocol over any Transport — handshake and version check, safe flashing
// (upload to the inactive slot, verify by SHA-256, activate only then; transient errors retried with backoff and
// the upload resumed where the board left off), and runs that stream input events and collect output events.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "reef/core/error.hpp"
#include "reef/hw/board_protocol.hpp"
#include "reef/hw/transport.hpp"

namespace reef::hw {

struct BoardOptions {
  Timeout timeout{1000};   // per transfer
  int retries = 4;         // transient errors tolerated per request before giving up
  Timeout backoff{10};     // pause before the first retry; doubles on each further retry
};

// What a flash would do (`reef flash --dry-run`) and, after flash(), what it did.
struct FlashPlan {
  std::uint32_t slot = 0;      // the inactive slot the upload goes to
  std::uint64_t bytes = 0;
  std::string sha256;
  std::size_t chunks = 0;
  std::string active_hash;     // active before the flash; empty when none
  bool already_active = false; // the same configuration is active: nothing to upload
};

struct FlashReport {
  FlashPlan plan;
  bool verified = false;       // the board's read-back hash was compared
  int retries = 0;             // transient errors recovered from
  std::uint64_t resumed_bytes = 0;  // bytes the board already had when the upload (re)started
};

struct FlashOptions {
  bool verify = false;  // read the slot's hash back before activating
  std::function<void(std::uint64_t sent, std::uint64_t total)> progress;
};

// Contract: one thread at a time. Every call completes within about (retries + 1) x timeout plus the backoff.
class Board {
 public:
  // Identifies the board; throws DeviceError (BoardErrc::version_mismatch) when no protocol version is shared.
  explicit Board(std::unique_ptr<Transport> transport, BoardOptions options = {});

  const board::Identity& identity() const { return identity_; }
  const board::Identity& refresh_identity();
  board::Status status();
  Transport& transport() { return *transport_; }
  int retries() const { return retries_; }

  FlashPlan plan_flash(std::string_view chip_pb) const;
  // Uploads to the inactive slot and commits (the board checks the hash); throws DeviceError on a hash mismatch.
  FlashReport upload(std::string_view chip_pb, const FlashOptions& options);
  // upload(), optionally verify, then activate; the identity afterwards names the new hash.
  FlashReport flash(std::string_view chip_pb, const FlashOptions& options);
  board::VerifyResult verify(std::uint32_t slot);

  // Runs of the active configuration: start, any number of blocks of at most kMaxStepsPerRun steps, stop.
  static constexpr std::uint32_t kMaxStepsPerRun = 256;
  void start();
  board::OutputEvents run(const board::StepEvents& input);
  void stop();

 private:
  board::Reply exchange(const board::RequestBody& body);  // one attempt
  board::Reply call(const board::RequestBody& body);      // retried after transient errors
  board::Identity read_identity();
  template <class T>
  T expect(const board::Reply& reply, const board::RequestBody& body);
  void recover(const DeviceError& error, int attempt);
  [[noreturn]] void fail(std::error_code code, const std::string& what);

  std::unique_ptr<Transport> transport_;
  BoardOptions options_;
  board::Identity identity_;
  std::uint32_t sequence_ = 0;
  int retries_ = 0;
};

}  // namespace reef::hw
