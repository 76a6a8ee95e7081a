// Decoder of Prophesee EVT 2.1 data: 64-bit words, each CD word a row y, a base x and a 32-bit mask of the pixels
// x_base + i that fired; time as in EVT 2.0. The two on-disk halves come in "legacy" (upper 32 bits first) or
// "little" (whole word little-endian) order.
#pragma once

#include <cstdint>

#include "byte_decoder.hpp"
#include "evt2_clock.hpp"

namespace reef::io {

class Evt21Decoder final : public RecordDecoder {
 public:
  Evt21Decoder(std::uint64_t start_offset, std::uint16_t width, std::uint16_t height, bool little_endian_words);

 protected:
  std::size_t decode_records(const std::uint8_t* records, std::size_t count, std::uint64_t offset,
                             core::Event* out, DecodeLog& log) override;
  const char* record_name() const override { return "EVT 2.1 word"; }

 private:
  // A CD word some of whose pixels lie outside the sensor, or that comes before the first TIME_HIGH.
  std::size_t careful_cd(std::uint32_t high, std::uint32_t mask, std::uint64_t offset, core::Event* out,
                         DecodeLog& log);
  void other_word(std::uint32_t high, std::uint64_t offset, DecodeLog& log);

  std::uint32_t width_;
  std::uint32_t height_;
  bool little_endian_words_;
  Evt2Clock clock_;
};

}  // namespace reef::io
