// EVT 2.0 decoding: a tight loop for CD words, everything else out of line.
#include "evt2_decoder.hpp"

#include <string>

#include "event_store.hpp"
#include "prophesee_words.hpp"

namespace reef::io {

Evt2Decoder::Evt2Decoder(std::uint64_t start_offset, std::uint16_t width, std::uint16_t height)
    : RecordDecoder(4, 1, start_offset), width_(width), height_(height) {}

std::size_t Evt2Decoder::decode_records(const std::uint8_t* records, std::size_t count, std::uint64_t offset,
                                        core::Event* out, DecodeLog& log) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint32_t word = load_le32(records + 4 * i);
    const std::uint32_t type = word >> 28;
    const std::uint32_t x = (word >> 11) & 0x7ff;
    const std::uint32_t y = word & 0x7ff;
    if (type <= 1 && clock_.started() && x < width_ && y < height_) [[likely]] {
      const std::int64_t t = clock_.base_ns() + static_cast<std::int64_t>((word >> 22) & 0x3f) * 1000;
      store_event(out + n++, core::Time::from_ns(t), x, y, type);
    } else {
      other_word(word, offset + 4 * i, log);
    }
  }
  return n;
}

void Evt2Decoder::other_word(std::uint32_t word, std::uint64_t offset, DecodeLog& log) {
  const std::uint32_t type = word >> 28;
  switch (type) {
    case 0x0:
    case 0x1:
      if (!clock_.started()) {
        log.skipped(kSkipBeforeTime, 1);
      } else {
        report_outside(log, offset, (word >> 11) & 0x7ff, word & 0x7ff, width_, height_);
      }
      return;
    case 0x8:
      clock_.apply_high(word & 0x0fffffff, offset, log);
      return;
    case 0xA:
      log.skipped(kSkipTrigger, 1);
      return;
    case 0xD:
    case 0xE:
    case 0xF:
      log.skipped(kSkipOther, 1);
      return;
    default:
      report_unknown(log, offset, type, "EVT 2.0");
  }
}

}  // namespace reef::io
