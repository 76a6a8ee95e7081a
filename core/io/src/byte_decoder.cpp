// RecordDecoder: the partial-record bookkeeping shared by the fixed-record event decoders.
#include "byte_decoder.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include "reef/core/error.hpp"

namespace reef::io {

RecordDecoder::RecordDecoder(std::size_t record_bytes, std::size_t max_events_per_record,
                             std::uint64_t start_offset)
    : record_bytes_(record_bytes), max_events_per_record_(max_events_per_record), offset_(start_offset) {
  REEF_ASSERT(record_bytes > 0 && record_bytes <= kMaxRecordBytes && max_events_per_record > 0,
              "record decoder sizes out of range");
}

std::size_t RecordDecoder::max_feed_bytes(std::size_t event_room) const {
  // A partial record (< record_bytes_) may complete in the next feed: feeding (k - 1) whole records' bytes yields
  // at most k - 1 records, so k = room / max must be at least 2.
  const std::size_t records = event_room / max_events_per_record_;
  return records < 2 ? 0 : (records - 1) * record_bytes_;
}

std::size_t RecordDecoder::feed(std::span<const std::uint8_t> bytes, core::Event* out, DecodeLog& log) {
  std::size_t written = 0;
  const std::uint8_t* data = bytes.data();
  std::size_t size = bytes.size();
  if (partial_size_ > 0) {
    const std::size_t take = std::min(record_bytes_ - partial_size_, size);
    std::memcpy(partial_.data() + partial_size_, data, take);
    partial_size_ += take;
    data += take;
    size -= take;
    offset_ += take;
    if (partial_size_ < record_bytes_) return 0;
    written += decode_records(partial_.data(), 1, offset_ - record_bytes_, out, log);
    partial_size_ = 0;
  }
  const std::size_t count = size / record_bytes_;
  if (count > 0) written += decode_records(data, count, offset_, out + written, log);
  const std::size_t whole = count * record_bytes_;
  offset_ += whole;
  partial_size_ = size - whole;
  std::memcpy(partial_.data(), data + whole, partial_size_);
  offset_ += partial_size_;
  return written;
}

void RecordDecoder::finish(DecodeLog& log) {
  end_of_input(log);
  if (partial_size_ == 0) return;
  const std::uint64_t start = offset_ - partial_size_;
  const std::size_t kept = partial_size_;
  partial_size_ = 0;
  log.skipped("truncated record", 1);
  log.violation(start, "truncated record",
                "the file ends " + std::to_string(kept) + " bytes into a " + std::to_string(record_bytes_) +
                    "-byte " + record_name() + "; the data length should be a multiple of " +
                    std::to_string(record_bytes_));
}

}  // namespace reef::io
