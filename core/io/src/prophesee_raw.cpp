// Readers of Prophesee .raw files (EVT 2.0, 2.1, 3.0): the '%' header gives the encoding, sensor size and camera
// facts; the data bytes after it go through the matching word decoder.
#include <charconv>

#include "event_formats.hpp"
#include "evt21_decoder.hpp"
#include "evt2_decoder.hpp"
#include "evt3_decoder.hpp"
#include "file_event_source.hpp"
#include "prophesee_header.hpp"
#include "reef/core/error.hpp"

namespace reef::io {
namespace {

// Largest address the EVT words can carry: the bound when the header states no sensor size.
constexpr std::uint16_t kMaxEvtSize = 2048;

struct OpenedRaw {
  std::unique_ptr<FileEventSource> source;
  PropheseeHeader header;
  std::uint16_t width;   // the sensor, or kMaxEvtSize when unknown
  std::uint16_t height;
};

OpenedRaw open_raw(const std::filesystem::path& path, const EventReadOptions& options, EventFormat format) {
  auto reader = std::make_unique<ByteReader>(path, options.chunking);
  PropheseeHeader header = read_prophesee_header(*reader);
  const auto encoding = header.encoding();
  if (encoding && *encoding != format) {
    throw FormatError(path.string(), 0,
                      "the header says " + std::string(to_string(*encoding)) + " but the file was opened as " +
                          std::string(to_string(format)) + "; open it without forcing the format");
  }
  core::StreamInfo info;
  info.format = std::string(to_string(format));
  std::vector<std::string> warnings;
  header.describe(info, warnings);
  auto source = std::make_unique<FileEventSource>(std::move(reader), std::move(info), options);
  for (std::string& warning : warnings) source->log().warning(std::move(warning));
  const std::uint16_t width = source->info().width != 0 ? source->info().width : kMaxEvtSize;
  const std::uint16_t height = source->info().height != 0 ? source->info().height : kMaxEvtSize;
  return {std::move(source), std::move(header), width, height};
}

}  // namespace

std::unique_ptr<core::EventSource> open_evt2_file(const std::filesystem::path& path, const EventReadOptions& options) {
  OpenedRaw raw = open_raw(path, options, EventFormat::evt2);
  raw.source->set_decoder(std::make_unique<Evt2Decoder>(raw.header.data_offset, raw.width, raw.height));
  return std::move(raw.source);
}

std::unique_ptr<core::EventSource> open_evt21_file(const std::filesystem::path& path,
                                                   const EventReadOptions& options) {
  OpenedRaw raw = open_raw(path, options, EventFormat::evt21);
  raw.source->set_decoder(std::make_unique<Evt21Decoder>(raw.header.data_offset, raw.width, raw.height,
                                                         raw.header.evt21_little_endian()));
  return std::move(raw.source);
}

std::unique_ptr<core::EventSource> open_evt3_file(const std::filesystem::path& path, const EventReadOptions& options) {
  OpenedRaw raw = open_raw(path, options, EventFormat::evt3);
  auto decoder = std::make_unique<Evt3Decoder>(raw.header.data_offset, raw.width, raw.height);
  if (const auto offset = raw.header.field(kEvt3TimeOffsetField)) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(offset->data(), offset->data() + offset->size(), value);
    if (error != std::errc() || end != offset->data() + offset->size() || value < 0) {
      throw FormatError(path.string(), 0,
                        "the header field '" + std::string(kEvt3TimeOffsetField) + "' should be a non-negative " +
                            "count of microseconds, not '" + *offset + "'");
    }
    decoder->set_time_offset_us(value);
  }
  raw.source->set_decoder(std::move(decoder));
  return std::move(raw.source);
}

}  // namespace reef::io
