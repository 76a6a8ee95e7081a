// EVT 3.0 decoding: the event, row, time-low and vector words on branch-light fast paths, the rare words out of
// line.
#include "evt3_decoder.hpp"

#include <algorithm>
#include <bit>
#include <string>

#include "event_store.hpp"
#include "prophesee_words.hpp"

namespace reef::io {
namespace {

constexpr std::int64_t kWrapUs = std::int64_t{1} << 24;
constexpr std::uint32_t kWrapHighDrop = 2048;  // a TIME_HIGH drop this large is the counter wrapping

}  // namespace

Evt3Decoder::Evt3Decoder(std::uint64_t start_offset, std::uint16_t width, std::uint16_t height)
    : RecordDecoder(2, 12, start_offset), width_(width), height_(height) {}

void Evt3Decoder::set_time_offset_us(std::int64_t offset_us) {
  origin_us_ = offset_us;
  update_time();
}

std::size_t Evt3Decoder::decode_records(const std::uint8_t* records, std::size_t count, std::uint64_t offset,
                                        core::Event* out, DecodeLog& log) {
  // The hot state lives in locals: stores through `out` may alias any member, which would force a reload of every
  // member after every event. Members are synced around the out-of-line paths.
  const std::uint32_t width = width_;
  const std::uint32_t height = height_;
  std::uint32_t y = y_;
  // The row's EVT_ADDR_X bound: the width when events of the row take the fast path (time and row known, row
  // inside the sensor), 0 otherwise, so one comparison sends an EVT_ADDR_X to the careful path.
  std::uint32_t row_width = row_ok_ ? width : 0;
  std::uint32_t have_high = have_high_;
  std::uint32_t timed_width = have_high_ ? width : 0;  // the bound of a new row inside the sensor
  std::uint32_t low = low_;
  core::Time t = t_;
  std::uint32_t base_x = base_x_;
  std::uint32_t vector_polarity = vector_polarity_;
  bool have_base = have_base_;
  const auto save = [&] {
    y_ = y;
    row_ok_ = row_width != 0;
    low_ = low;
    t_ = t;
    base_x_ = base_x;
    vector_polarity_ = static_cast<std::uint8_t>(vector_polarity);
    have_base_ = have_base;
  };
  const auto load = [&] {
    y = y_;
    row_width = row_ok_ ? width : 0;
    have_high = have_high_;
    timed_width = have_high_ ? width : 0;
    low = low_;
    t = t_;
  };
  core::Event* cursor = out;
  const std::uint8_t* const end = records + 2 * count;
  for (const std::uint8_t* p = records; p != end; p += 2) {
    const std::uint32_t word = load_le16(p);
    const std::uint32_t type = word >> 12;
    if ((type | 0x2) == 0x2) [[likely]] {
      // EVT_ADDR_X (0x2) and EVT_ADDR_Y (0x0), most of any stream, without data-dependent branches (masks rather
      // than conditions, which compilers turn into branches on the word type): the event of an EVT_ADDR_X is
      // written speculatively (the room bound covers it) and kept only for that type.
      const std::uint32_t address = word & 0x7ff;
      const std::uint32_t is_x = type >> 1;
      const std::uint32_t y_mask = is_x - 1;  // all ones for EVT_ADDR_Y
      store_event(cursor, t, address, y, (word >> 11) & 1);
      if (address >= ((row_width & ~y_mask) | (height & y_mask))) [[unlikely]] {
        if (is_x != 0) {
          save();
          cursor += careful_events(address, 1, static_cast<std::uint8_t>((word >> 11) & 1), false,
                                   offset + static_cast<std::uint64_t>(p - records), cursor, log);
        } else {
          report_row_outside(address, offset + static_cast<std::uint64_t>(p - records), log);
          y = address;
          row_width = 0;
        }
        continue;
      }
      // Past the check above an EVT_ADDR_Y row is inside the sensor: its events take the fast path once time is
      // known.
      cursor += is_x;
      y = (y & ~y_mask) | (address & y_mask);
      row_width = (row_width & ~y_mask) | (timed_width & y_mask);
      continue;
    }
    if ((type & 0xe) == 0x4) [[likely]] {  // VECT_12 (0x4) or VECT_8 (0x5)
      const std::uint32_t bits = type == 0x4 ? 12 : 8;
      std::uint32_t mask = word & ((1u << bits) - 1);
      if ((row_width != 0) & have_base & (base_x + bits <= width)) [[likely]] {
        // Vectors hold one set bit or none most of the time: the first event is written speculatively (the room
        // bound of 12 events per word covers it), further set bits go through a loop that rarely runs.
        store_event(cursor, t, base_x + static_cast<std::uint32_t>(std::countr_zero(mask)), y, vector_polarity);
        cursor += mask != 0;
        for (mask &= mask - 1; mask != 0; mask &= mask - 1) {
          store_event(cursor++, t, base_x + static_cast<std::uint32_t>(std::countr_zero(mask)), y, vector_polarity);
        }
      } else {
        save();
        cursor += careful_events(base_x, mask, static_cast<std::uint8_t>(vector_polarity), true,
                                 offset + static_cast<std::uint64_t>(p - records), cursor, log);
      }
      base_x += bits;
      continue;
    }
    if (type == 0x6) {  // EVT_TIME_LOW
      const std::uint32_t new_low = word & 0xfff;
      if (have_high != 0 && new_low < low) {
        ++backward_steps_;
        largest_backward_us_ = std::max(largest_backward_us_, low - new_low);
      }
      low = new_low;
      t = core::Time::from_ns((origin_us_ + (std::int64_t{high_} << 12 | low)) * 1000);
      continue;
    }
    if (type == 0x3) {  // VECT_BASE_X
      base_x = word & 0x7ff;
      vector_polarity = (word >> 11) & 1;
      have_base = true;
      continue;
    }
    save();
    if (type == 0x8) {
      set_time_high(word & 0xfff, offset + static_cast<std::uint64_t>(p - records), log);
    } else {
      other_word(word, offset + static_cast<std::uint64_t>(p - records), log);
    }
    load();
  }
  save();
  return static_cast<std::size_t>(cursor - out);
}

void Evt3Decoder::set_time_high(std::uint32_t high, std::uint64_t offset, DecodeLog& log) {
  if (have_high_ && high < high_) {
    if (high_ - high >= kWrapHighDrop) {
      origin_us_ += kWrapUs;
    } else {
      log.violation(offset, "time went backwards",
                    "TIME_HIGH steps from " + std::to_string(high_) + " back to " + std::to_string(high) +
                        " (x 4096 us) without wrapping; events keep the times as stored");
    }
  }
  if (!have_high_ || high != high_) low_ = 0;
  high_ = high;
  have_high_ = true;
  row_ok_ = y_ < height_;  // kNoRow is outside too
  update_time();
}

void Evt3Decoder::report_row_outside(std::uint32_t y, std::uint64_t offset, DecodeLog& log) {
  log.violation(offset, "address outside the sensor",
                "row y=" + std::to_string(y) + " on a " + std::to_string(width_) + "x" + std::to_string(height_) +
                    " sensor; its events are skipped");
}

std::size_t Evt3Decoder::careful_events(std::uint32_t x, std::uint32_t mask, std::uint8_t polarity, bool vector,
                                        std::uint64_t offset, core::Event* out, DecodeLog& log) {
  const auto events = static_cast<std::uint64_t>(std::popcount(mask));
  if (events == 0) return 0;
  if (!have_high_) {
    log.skipped(kSkipBeforeTime, events);
    return 0;
  }
  if (y_ == kNoRow) {
    log.skipped("CD events before the first EVT_ADDR_Y word (no row yet)", events);
    return 0;
  }
  if (vector && !have_base_) {
    log.skipped("vector events without a VECT_BASE_X word", events);
    log.violation(offset, "vector without base", "a VECT_12/VECT_8 word comes before any VECT_BASE_X word");
    return 0;
  }
  if (y_ >= height_) {  // reported once, at the EVT_ADDR_Y word
    log.skipped(kSkipOutside, events);
    return 0;
  }
  return store_mask_events(out, mask, x, y_, t_, polarity, width_, height_, offset, log);
}

void Evt3Decoder::other_word(std::uint32_t word, std::uint64_t offset, DecodeLog& log) {
  const std::uint32_t type = word >> 12;
  switch (type) {
    case 0xA:
      log.skipped(kSkipTrigger, 1);
      return;
    case 0x7:
    case 0xD:
    case 0xE:
    case 0xF:
      log.skipped(kSkipOther, 1);
      return;
    default:
      report_unknown(log, offset, type, "EVT 3.0");
  }
}

void Evt3Decoder::end_of_input(DecodeLog& log) {
  if (backward_steps_ == 0) return;
  log.warning("TIME_LOW stepped back " + std::to_string(backward_steps_) + " times (at most " +
              std::to_string(largest_backward_us_) +
              " us), as EVT 3.0 sensors do after a repeated TIME_HIGH; events keep the times as stored");
}

}  // namespace reef::io
