// Decoder of Prophesee EVT 3.0 data: stateful 16-bit words (row, single events, vectors of 12 or 8 pixels after
// a base x, 24-bit time split into TIME_HIGH and TIME_LOW). Each vector word is decoded on its own, so a missing
// VECT_8 never swallows the next word; TIME_LOW may step back (legitimate after a repeated TIME_HIGH) and only a
// large TIME_HIGH drop counts as the 24-bit counter wrapping (see docs/event-formats.md).
#pragma once

#include <cstdint>

#include "byte_decoder.hpp"

namespace reef::io {

class Evt3Decoder final : public RecordDecoder {
 public:
  Evt3Decoder(std::uint64_t start_offset, std::uint16_t width, std::uint16_t height);
  // Adds `offset_us` to every time (for files whose header names a time offset, see the EVT 3.0 writer).
  void set_time_offset_us(std::int64_t offset_us);

 protected:
  std::size_t decode_records(const std::uint8_t* records, std::size_t count, std::uint64_t offset,
                             core::Event* out, DecodeLog& log) override;
  const char* record_name() const override { return "EVT 3.0 word"; }
  void end_of_input(DecodeLog& log) override;

 private:
  void set_time_high(std::uint32_t high, std::uint64_t offset, DecodeLog& log);
  void report_row_outside(std::uint32_t y, std::uint64_t offset, DecodeLog& log);
  // Single or vector events that cannot take the fast path: no time or row yet, no vector base, or outside.
  std::size_t careful_events(std::uint32_t x, std::uint32_t mask, std::uint8_t polarity, bool vector,
                             std::uint64_t offset, core::Event* out, DecodeLog& log);
  void other_word(std::uint32_t word, std::uint64_t offset, DecodeLog& log);
  void update_time() { t_ = core::Time::from_ns((origin_us_ + (std::int64_t{high_} << 12 | low_)) * 1000); }

  std::uint32_t width_;
  std::uint32_t height_;
  static constexpr std::uint32_t kNoRow = 0xffffffff;  // y_ before the first EVT_ADDR_Y word

  // Decoding state.
  std::uint32_t y_ = kNoRow;
  std::uint32_t base_x_ = 0;
  std::uint8_t vector_polarity_ = 0;
  bool have_high_ = false;
  bool have_base_ = false;
  bool row_ok_ = false;  // time and row known, row inside the sensor: events of this row take the fast path
  std::uint32_t high_ = 0;
  std::uint32_t low_ = 0;
  std::int64_t origin_us_ = 0;  // header offset plus 2^24 per wrap
  core::Time t_;
  // TIME_LOW steps back (reported once as a warning at the end).
  std::uint64_t backward_steps_ = 0;
  std::uint32_t largest_backward_us_ = 0;
};

}  // namespace reef::io
