// Shared pieces of the Prophesee word decoders: little-endian loads, the skip reasons they report, how an
// out-of-sensor address is described, and the checked expansion of a vector word's pixel mask.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>

#include "decode_log.hpp"
#include "event_store.hpp"

namespace reef::io {

inline std::uint16_t load_le16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] | (p[1] << 8)); }
inline std::uint32_t load_le32(const std::uint8_t* p) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;  // reef builds for little-endian hosts only
}

inline constexpr const char* kSkipBeforeTime = "CD events before the first TIME_HIGH word (no time base yet)";
inline constexpr const char* kSkipTrigger = "external trigger events (reef keeps pixel events only)";
inline constexpr const char* kSkipOther = "OTHERS/IMU/CONTINUED words (not pixel events)";
inline constexpr const char* kSkipOutside = "CD events outside the sensor";
inline constexpr const char* kSkipUnknown = "words of unknown type";

// Reports a CD address at or beyond the sensor size.
inline void report_outside(DecodeLog& log, std::uint64_t offset, std::uint32_t x, std::uint32_t y,
                           std::uint32_t width, std::uint32_t height, std::uint64_t events = 1) {
  log.skipped(kSkipOutside, events);
  log.violation(offset, "address outside the sensor",
                "event at x=" + std::to_string(x) + ", y=" + std::to_string(y) + " on a " + std::to_string(width) +
                    "x" + std::to_string(height) + " sensor");
}

// Stores one event at row y for each set bit of `mask` (pixel x + bit index) inside the sensor and returns how many;
// the pixels outside are skipped and reported as one violation at `offset` naming the first of them.
inline std::size_t store_mask_events(core::Event* out, std::uint32_t mask, std::uint32_t x, std::uint32_t y,
                                     core::Time t, std::uint32_t polarity, std::uint32_t width, std::uint32_t height,
                                     std::uint64_t offset, DecodeLog& log) {
  std::size_t n = 0;
  std::uint64_t outside = 0;
  std::uint32_t first_outside = 0;
  for (std::uint32_t bits = mask; bits != 0; bits &= bits - 1) {
    const std::uint32_t px = x + static_cast<std::uint32_t>(std::countr_zero(bits));
    if (px < width && y < height) {
      store_event(out + n++, t, px, y, polarity);
    } else if (outside++ == 0) {
      first_outside = px;
    }
  }
  if (outside > 0) report_outside(log, offset, first_outside, y, width, height, outside);
  return n;
}

// Reports a word whose type the format does not define.
inline void report_unknown(DecodeLog& log, std::uint64_t offset, unsigned type, const char* format) {
  log.skipped(kSkipUnknown, 1);
  log.violation(offset, "unknown word type",
                "type 0x" + std::string(1, "0123456789ABCDEF"[type & 0xf]) + " is not defined in " + format);
}

}  // namespace reef::io
