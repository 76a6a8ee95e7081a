// Reader of N-MNIST / N-Caltech101 ATIS .bin files: no header, 5-byte records (x, y, polarity bit 7 of byte 2,
// 23-bit microsecond time, most significant byte first). Records with y == 240 mark a time overflow.
#include <string>

#include "event_formats.hpp"
#include "event_store.hpp"
#include "file_event_source.hpp"
#include "reef/core/error.hpp"

namespace reef::io {
namespace {

constexpr std::uint32_t kOverflowY = 240;
constexpr std::int64_t kOverflowUs = std::int64_t{1} << 23;  // the 23-bit field's own wrap

class AtisDecoder final : public RecordDecoder {
 public:
  AtisDecoder() : RecordDecoder(5, 1, 0) {}

 protected:
  std::size_t decode_records(const std::uint8_t* records, std::size_t count, std::uint64_t offset,
                             core::Event* out, DecodeLog& log) override {
    std::size_t n = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const std::uint8_t* r = records + 5 * i;
      if (r[1] == kOverflowY) [[unlikely]] {
        overflow(offset + 5 * i, log);
        continue;
      }
      const std::int64_t t = overflow_us_ + (std::int64_t{r[2] & 0x7f} << 16 | std::int64_t{r[3]} << 8 | r[4]);
      if (t < previous_us_) [[unlikely]] {
        log.violation(offset + 5 * i, "time went backwards",
                      "t=" + std::to_string(t) + " us after t=" + std::to_string(previous_us_) +
                          " us; the event keeps its stored time");
      }
      previous_us_ = t;
      store_event(out + n++, core::Time::from_ns(t * 1000), r[0], r[1], r[2] >> 7);
    }
    return n;
  }
  const char* record_name() const override { return "ATIS record"; }

 private:
  void overflow(std::uint64_t offset, DecodeLog& log) {
    overflow_us_ += kOverflowUs;
    log.skipped("time overflow markers (y = 240)", 1);
    log.violation(offset, "time overflow marker",
                  "a record with y = 240 marks a time overflow; later times are shifted by 2^23 us (the 23-bit "
                  "field's wrap; other readers add 2^13 us, so check the times of this file)");
  }

  std::int64_t overflow_us_ = 0;
  std::int64_t previous_us_ = 0;
};

}  // namespace

std::unique_ptr<core::EventSource> open_atis_bin_file(const std::filesystem::path& path,
                                                      const EventReadOptions& options) {
  core::StreamInfo info;
  info.format = std::string(to_string(EventFormat::atis_bin));
  auto source = std::make_unique<FileEventSource>(std::make_unique<ByteReader>(path, options.chunking),
                                                  std::move(info), options);
  source->set_decoder(std::make_unique<AtisDecoder>());
  return source;
}

}  // namespace reef::io
