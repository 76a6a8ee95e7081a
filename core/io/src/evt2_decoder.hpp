// Decoder of Prophesee EVT 2.0 data: 32-bit little-endian words, one CD event per CD_OFF/CD_ON word, time from
// TIME_HIGH words (see docs/event-formats.md).
#pragma once

#include <cstdint>

#include "byte_decoder.hpp"
#include "evt2_clock.hpp"

namespace reef::io {

class Evt2Decoder final : public RecordDecoder {
 public:
  // Addresses at or beyond width x height are violations (pass 2048 x 2048 when the sensor size is unknown).
  Evt2Decoder(std::uint64_t start_offset, std::uint16_t width, std::uint16_t height);

 protected:
  std::size_t decode_records(const std::uint8_t* records, std::size_t count, std::uint64_t offset,
                             core::Event* out, DecodeLog& log) override;
  const char* record_name() const override { return "EVT 2.0 word"; }

 private:
  // Every word that is not a CD event inside the sensor with a known time.
  void other_word(std::uint32_t word, std::uint64_t offset, DecodeLog& log);

  std::uint32_t width_;
  std::uint32_t height_;
  Evt2Clock clock_;
};

}  // namespace reef::io
