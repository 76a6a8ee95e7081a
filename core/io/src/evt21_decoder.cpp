// EVT 2.1 decoding: branch-free expansion of the 32-pixel masks for words inside the sensor.
#include "evt21_decoder.hpp"

#include <bit>
#include <string>

#include "event_store.hpp"
#include "prophesee_words.hpp"

namespace reef::io {

Evt21Decoder::Evt21Decoder(std::uint64_t start_offset, std::uint16_t width, std::uint16_t height,
                           bool little_endian_words)
    : RecordDecoder(8, 32, start_offset), width_(width), height_(height), little_endian_words_(little_endian_words) {}

std::size_t Evt21Decoder::decode_records(const std::uint8_t* records, std::size_t count, std::uint64_t offset,
                                         core::Event* out, DecodeLog& log) {
  std::size_t n = 0;
  const int high_at = little_endian_words_ ? 4 : 0;
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint8_t* record = records + 8 * i;
    const std::uint32_t high = load_le32(record + high_at);
    const std::uint32_t mask = load_le32(record + (4 - high_at));
    const std::uint32_t type = high >> 28;
    const std::uint32_t x = (high >> 11) & 0x7ff;
    const std::uint32_t y = high & 0x7ff;
    if (type > 1) {
      other_word(high, offset + 8 * i, log);
      continue;
    }
    // The highest pixel of the word must lie inside the sensor (an empty mask emits nothing).
    const std::uint32_t last_x = x + 31 - static_cast<std::uint32_t>(std::countl_zero(mask | 1u));
    if (!clock_.started() || last_x >= width_ || y >= height_) [[unlikely]] {
      n += careful_cd(high, mask, offset + 8 * i, out + n, log);
      continue;
    }
    const core::Time t = core::Time::from_ns(clock_.base_ns() + static_cast<std::int64_t>((high >> 22) & 0x3f) * 1000);
    // Writes a candidate for every bit and advances only over set bits: no data-dependent branches. The room
    // bound (32 events per word) keeps the 32 candidate slots inside the caller's buffer.
    core::Event* cursor = out + n;
    for (std::uint32_t bit = 0; bit < 32; ++bit) {
      store_event(cursor, t, x + bit, y, type);
      cursor += (mask >> bit) & 1u;
    }
    n = static_cast<std::size_t>(cursor - out);
  }
  return n;
}

std::size_t Evt21Decoder::careful_cd(std::uint32_t high, std::uint32_t mask, std::uint64_t offset,
                                     core::Event* out, DecodeLog& log) {
  const auto events = static_cast<std::uint64_t>(std::popcount(mask));
  if (!clock_.started()) {
    log.skipped(kSkipBeforeTime, events);
    return 0;
  }
  const std::uint32_t x = (high >> 11) & 0x7ff;
  const std::uint32_t y = high & 0x7ff;
  const core::Time t = core::Time::from_ns(clock_.base_ns() + static_cast<std::int64_t>((high >> 22) & 0x3f) * 1000);
  return store_mask_events(out, mask, x, y, t, high >> 28, width_, height_, offset, log);
}

void Evt21Decoder::other_word(std::uint32_t high, std::uint64_t offset, DecodeLog& log) {
  const std::uint32_t type = high >> 28;
  switch (type) {
    case 0x8:
      clock_.apply_high(high & 0x0fffffff, offset, log);
      return;
    case 0xA:
      log.skipped(kSkipTrigger, 1);
      return;
    case 0xE:
    case 0xF:
      log.skipped(kSkipOther, 1);
      return;
    default:
      report_unknown(log, offset, type, "EVT 2.1");
  }
}

}  // namespace reef::io
