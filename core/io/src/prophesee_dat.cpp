// Reader of Prophesee DAT files (N-CARS and older datasets): '%' header lines, one byte event type and one byte
// event size, then 8-byte CD records (u32 t in us, u32 word: x bits 0-13, y bits 14-27, polarity bit 28).
#include <array>
#include <string>

#include "event_formats.hpp"
#include "event_store.hpp"
#include "file_event_source.hpp"
#include "prophesee_header.hpp"
#include "prophesee_words.hpp"
#include "reef/core/error.hpp"

namespace reef::io {
namespace {

constexpr std::int64_t kWrapUs = std::int64_t{1} << 32;

class DatDecoder final : public RecordDecoder {
 public:
  DatDecoder(std::uint64_t start_offset, std::uint32_t width, std::uint32_t height)
      : RecordDecoder(8, 1, start_offset), width_(width), height_(height) {}

 protected:
  std::size_t decode_records(const std::uint8_t* records, std::size_t count, std::uint64_t offset,
                             core::Event* out, DecodeLog& log) override {
    std::size_t n = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const std::uint32_t t = load_le32(records + 8 * i);
      const std::uint32_t word = load_le32(records + 8 * i + 4);
      const std::uint32_t x = word & 0x3fff;
      const std::uint32_t y = (word >> 14) & 0x3fff;
      if (t < previous_t_) [[unlikely]] step_back(t, offset + 8 * i, log);
      previous_t_ = t;
      if (x >= width_ || y >= height_) [[unlikely]] {
        report_outside(log, offset + 8 * i, x, y, width_, height_);
        continue;
      }
      store_event(out + n++, core::Time::from_ns((loops_us_ + t) * 1000), x, y, (word >> 28) & 1);
    }
    return n;
  }
  const char* record_name() const override { return "DAT event"; }

 private:
  void step_back(std::uint32_t t, std::uint64_t offset, DecodeLog& log) {
    if (previous_t_ - t >= kWrapUs / 2) {
      loops_us_ += kWrapUs;
      return;
    }
    log.violation(offset, "time went backwards",
                  "t=" + std::to_string(t) + " us after t=" + std::to_string(previous_t_) +
                      " us; the event keeps its stored time");
  }

  std::uint32_t width_;
  std::uint32_t height_;
  std::uint32_t previous_t_ = 0;
  std::int64_t loops_us_ = 0;
};

}  // namespace

std::unique_ptr<core::EventSource> open_prophesee_dat_file(const std::filesystem::path& path,
                                                           const EventReadOptions& options) {
  auto reader = std::make_unique<ByteReader>(path, options.chunking);
  const PropheseeHeader header = read_prophesee_header(*reader);
  std::uint64_t data_offset = header.data_offset;
  if (!header.fields.empty()) {  // a '%' header is followed by the event type and size bytes
    std::array<std::uint8_t, 2> type_size{};
    std::size_t got = 0;
    while (got < 2) {
      const std::size_t n = reader->read(std::span<std::uint8_t>(type_size).subspan(got));
      if (n == 0) {
        throw FormatError(path.string(), data_offset + got,
                          "the DAT file ends before the event type and size bytes that follow its header");
      }
      got += n;
    }
    if ((type_size[0] != 0 && type_size[0] != 12) || type_size[1] != 8) {
      throw FormatError(path.string(), data_offset,
                        "DAT event type " + std::to_string(type_size[0]) + " of " + std::to_string(type_size[1]) +
                            " bytes holds no CD events; reef reads types 0 (Event2D) and 12 (EventCD) of 8 bytes");
    }
    data_offset += 2;
  }
  core::StreamInfo info;
  info.format = std::string(to_string(EventFormat::prophesee_dat));
  std::vector<std::string> warnings;
  header.describe(info, warnings);  // a DAT file names its size only in optional Width/Height lines
  auto source = std::make_unique<FileEventSource>(std::move(reader), std::move(info), options);
  const std::uint32_t width = source->info().width != 0 ? source->info().width : 1u << 14;
  const std::uint32_t height = source->info().height != 0 ? source->info().height : 1u << 14;
  source->set_decoder(std::make_unique<DatDecoder>(data_offset, width, height));
  return source;
}

}  // namespace reef::io
