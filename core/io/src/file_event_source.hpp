// The EventSource of every event file read by a ByteDecoder: reads the data bytes after the header in ByteChunking
// pieces, feeds them to the decoder sized so its events fit, and hands events out through read() with constant
// memory. Violations, skipped counts and strict mode go through a DecodeLog.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "byte_decoder.hpp"
#include "byte_reader.hpp"
#include "decode_log.hpp"
#include "reef/core/event_stream.hpp"

namespace reef::io {

class FileEventSource : public core::EventSource {
 public:
  // `reader` is positioned at the first data byte (after the header); the decoder was built for that offset.
  FileEventSource(std::unique_ptr<ByteReader> reader, core::StreamInfo info, const EventReadOptions& options);

  // The log the decoder reports to (set_decoder must follow before the first read()).
  DecodeLog& log() { return log_; }
  void set_decoder(std::unique_ptr<ByteDecoder> decoder) { decoder_ = std::move(decoder); }

  const core::StreamInfo& info() const override { return info_; }
  std::size_t read(std::span<core::Event> out) override;
  const core::DecodeReport& report() const override { return log_.report(); }

 private:
  // Feeds the next bytes to the decoder, writing at most `room` events at `out`; returns the events written.
  // Sets done_ when the input has ended.
  std::size_t decode_into(core::Event* out, std::size_t room);

  std::unique_ptr<ByteReader> reader_;
  core::StreamInfo info_;
  DecodeLog log_;
  std::unique_ptr<ByteDecoder> decoder_;
  // The current read (not zero-filled: a 1 MiB memset per opened file showed in `reef bench decode`).
  std::unique_ptr<std::uint8_t[]> bytes_;
  std::size_t bytes_capacity_;
  std::size_t bytes_begin_ = 0;      // first byte of bytes_ not fed yet
  std::size_t bytes_end_ = 0;
  std::vector<core::Event> pending_;  // events decoded for a caller whose span was too small
  std::size_t pending_begin_ = 0;
  bool done_ = false;
};

}  // namespace reef::io
