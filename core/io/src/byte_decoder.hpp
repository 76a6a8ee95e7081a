// The push interface of every binary event decoder, and RecordDecoder, its base for formats made of fixed-size
// records (EVT 2.0/2.1/3.0 words, DAT and ATIS records). A decoder sees the data bytes of a file in order, split
// anywhere, knows the absolute file offset of each byte, and writes events straight into its caller's buffer.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "decode_log.hpp"
#include "reef/core/event.hpp"

namespace reef::io {

class ByteDecoder {
 public:
  virtual ~ByteDecoder() = default;

  // The most bytes that may be fed at once when `event_room` events fit in the output; 0 when the room is too
  // small for even one item (callers then decode into a buffer of kDecodeBufferEvents events, for which this
  // must be positive).
  virtual std::size_t max_feed_bytes(std::size_t event_room) const = 0;
  // Decodes every complete item of `bytes` (which continue the bytes fed before) into `out` and returns how many
  // events it wrote; an incomplete item at the end is kept for the next call. Violations go to `log`.
  virtual std::size_t feed(std::span<const std::uint8_t> bytes, core::Event* out, DecodeLog& log) = 0;
  // The input has ended: an incomplete item still kept is reported as a truncation violation.
  virtual void finish(DecodeLog& log) = 0;
};

inline constexpr std::size_t kDecodeBufferEvents = std::size_t{1} << 16;

// A decoder for a stream of `record_bytes`-sized records, each producing at most `max_events_per_record` events.
// Keeps a partial record across feeds; derived classes decode runs of whole records.
class RecordDecoder : public ByteDecoder {
 public:
  RecordDecoder(std::size_t record_bytes, std::size_t max_events_per_record, std::uint64_t start_offset);

  std::size_t max_feed_bytes(std::size_t event_room) const final;
  std::size_t feed(std::span<const std::uint8_t> bytes, core::Event* out, DecodeLog& log) final;
  void finish(DecodeLog& log) final;

 protected:
  // Decodes `count` whole records starting at `records` (the first at absolute file offset `offset`) into `out`;
  // returns the number of events written (at most count * max_events_per_record).
  virtual std::size_t decode_records(const std::uint8_t* records, std::size_t count, std::uint64_t offset,
                                     core::Event* out, DecodeLog& log) = 0;
  // Named in the truncation violation, e.g. "EVT 3.0 word".
  virtual const char* record_name() const = 0;
  // Called once when the input ends, after the last record: for summaries a decoder keeps while it runs.
  virtual void end_of_input(DecodeLog& /*log*/) {}

 private:
  static constexpr std::size_t kMaxRecordBytes = 16;
  std::size_t record_bytes_;
  std::size_t max_events_per_record_;
  std::uint64_t offset_;  // absolute offset of the next byte fed
  std::array<std::uint8_t, kMaxRecordBytes> partial_{};
  std::size_t partial_size_ = 0;
};

}  // namespace reef::io
