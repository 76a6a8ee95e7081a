// FileEventSource: chunked reads -> ByteDecoder -> the caller's event span.
#include "file_event_source.hpp"

#include <algorithm>

#include "reef/core/error.hpp"

namespace reef::io {

FileEventSource::FileEventSource(std::unique_ptr<ByteReader> reader, core::StreamInfo info,
                                 const EventReadOptions& options)
    : reader_(std::move(reader)),
      info_(std::move(info)),
      log_(reader_->path().string(), options.strict, options.max_reported_violations),
      bytes_capacity_(std::min<std::size_t>(reader_->chunk_bytes(), std::size_t{1} << 22)) {
  bytes_ = std::make_unique_for_overwrite<std::uint8_t[]>(bytes_capacity_);
}

std::size_t FileEventSource::decode_into(core::Event* out, std::size_t room) {
  if (bytes_begin_ == bytes_end_) {
    bytes_begin_ = 0;
    bytes_end_ = reader_->read(std::span<std::uint8_t>(bytes_.get(), bytes_capacity_));
    if (bytes_end_ == 0) {
      decoder_->finish(log_);
      done_ = true;
      return 0;
    }
  }
  const std::size_t feed = std::min(bytes_end_ - bytes_begin_, decoder_->max_feed_bytes(room));
  REEF_ASSERT(feed > 0, "decoder accepts no bytes for a full decode buffer");
  const std::size_t written =
      decoder_->feed(std::span<const std::uint8_t>(bytes_.get() + bytes_begin_, feed), out, log_);
  bytes_begin_ += feed;
  return written;
}

std::size_t FileEventSource::read(std::span<core::Event> out) {
  REEF_ASSERT(decoder_ != nullptr, "FileEventSource read before its decoder was set");
  std::size_t filled = 0;
  while (filled < out.size()) {
    if (pending_begin_ < pending_.size()) {
      const std::size_t n = std::min(out.size() - filled, pending_.size() - pending_begin_);
      std::copy_n(pending_.begin() + static_cast<std::ptrdiff_t>(pending_begin_), n, out.begin() + filled);
      pending_begin_ += n;
      filled += n;
      continue;
    }
    if (done_) break;
    const std::size_t room = out.size() - filled;
    if (decoder_->max_feed_bytes(room) > 0) {
      filled += decode_into(out.data() + filled, room);
    } else if (filled > 0) {
      break;  // the rest of `out` is too small for a feed: decoding into pending_ and copying would only cost time
    } else {
      pending_.resize(kDecodeBufferEvents);
      pending_.resize(decode_into(pending_.data(), pending_.size()));
      pending_begin_ = 0;
    }
  }
  return filled;
}

}  // namespace reef::io
