// AEDAT 3.1 (cAER/libcaer) reader: '#' header up to "#!END-HEADER", then packets of a 28-byte little-endian header
// {type, source, eventSize, eventTSOffset, eventTSOverflow, eventCapacity, eventNumber, eventValid} and
// eventNumber x eventSize bytes. Polarity packets (type 1) become events, with the 31-bit timestamps extended by the
// packet's overflow counter; invalid (unmarked) events and other packet types are skipped and counted.
#include <algorithm>
#include <cstring>
#include <limits>
#include <vector>

#include "aedat_text_header.hpp"
#include "byte_decoder.hpp"
#include "event_formats.hpp"
#include "file_event_source.hpp"
#include "reef/core/error.hpp"

namespace reef::io {
namespace {

constexpr std::size_t kPacketHeaderBytes = 28;
constexpr std::size_t kPolarityBytes = 8;
constexpr std::int32_t kMaxEventBytes = 1 << 20;
constexpr std::int64_t kMaxMicroseconds = std::numeric_limits<std::int64_t>::max() / 1000;

const char* type_name(std::int16_t type) {
  static constexpr const char* kNames[] = {"special events", "polarity events", "frame events", "IMU6 events",
                                           "IMU9 events", "sample events", "ear events", "config events",
                                           "point1D events", "point2D events", "point3D events", "point4D events",
                                           "spike events", "matrix4x4 events"};
  return type >= 0 && type < 14 ? kNames[type] : "events of unknown type";
}

std::uint32_t load_le32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
         static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

class Aedat3Decoder final : public ByteDecoder {
 public:
  Aedat3Decoder(std::uint64_t start, std::uint16_t width, std::uint16_t height)
      : offset_(start), width_(width), height_(height) {}

  // Every polarity event needs 8 bytes; one kept partial event may complete first.
  std::size_t max_feed_bytes(std::size_t event_room) const override {
    return event_room < 2 ? 0 : (event_room - 1) * kPolarityBytes;
  }

  std::size_t feed(std::span<const std::uint8_t> bytes, core::Event* out, DecodeLog& log) override {
    std::size_t written = 0;
    while (!bytes.empty()) {
      if (body_left_ == 0) {
        take(bytes, kPacketHeaderBytes);
        if (partial_.size() == kPacketHeaderBytes) start_packet(log);
        continue;
      }
      if (!polarity_) {  // skipped packet body
        const std::uint64_t n = std::min<std::uint64_t>(body_left_, bytes.size());
        bytes = bytes.subspan(static_cast<std::size_t>(n));
        offset_ += n;
        body_left_ -= n;
        continue;
      }
      if (partial_.empty() && bytes.size() >= event_size_) {  // whole events straight from the input
        const std::size_t count = std::min<std::uint64_t>(bytes.size() / event_size_, body_left_ / event_size_);
        for (std::size_t i = 0; i < count; ++i) written += decode(bytes.data() + i * event_size_, out + written, log);
        bytes = bytes.subspan(count * event_size_);
        continue;
      }
      take(bytes, event_size_);
      if (partial_.size() == event_size_) {
        offset_ -= event_size_;  // decode() advances past the event
        written += decode(partial_.data(), out + written, log);
        partial_.clear();
      }
    }
    return written;
  }

  void finish(DecodeLog& log) override {
    if (body_left_ == 0 && partial_.empty()) return;
    const std::uint64_t start = offset_ - partial_.size();
    log.violation(start, "truncated packet",
                  body_left_ == 0 ? "the file ends " + std::to_string(partial_.size()) +
                                        " bytes into a 28-byte packet header"
                                  : "the file ends with " + std::to_string(body_left_ - partial_.size()) +
                                        " bytes of the packet's events missing");
    if (body_left_ > 0) log.skipped(type_name(type_), (body_left_ + event_size_ - 1) / event_size_);
    partial_.clear();
    body_left_ = 0;
  }

 private:
  // Moves bytes into partial_ until it holds `size` bytes.
  void take(std::span<const std::uint8_t>& bytes, std::size_t size) {
    const std::size_t n = std::min(size - partial_.size(), bytes.size());
    partial_.insert(partial_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
    bytes = bytes.subspan(n);
    offset_ += n;
  }

  void start_packet(DecodeLog& log) {
    const std::uint8_t* h = partial_.data();
    type_ = static_cast<std::int16_t>(h[0] | h[1] << 8);
    const auto size = static_cast<std::int32_t>(load_le32(h + 4));
    const auto ts_offset = static_cast<std::int32_t>(load_le32(h + 8));
    overflow_ = static_cast<std::int32_t>(load_le32(h + 12));
    const auto number = static_cast<std::int32_t>(load_le32(h + 20));
    const std::uint64_t at = offset_ - kPacketHeaderBytes;
    partial_.clear();
    if (size <= 0 || size > kMaxEventBytes || number < 0 || overflow_ < 0) {
      log.violation(at, "bad packet header",
                    "eventSize " + std::to_string(size) + ", eventNumber " + std::to_string(number) +
                        ", eventTSOverflow " + std::to_string(overflow_) +
                        " (expected positive sizes and counts); the next 28 bytes are read as a packet header");
      return;
    }
    event_size_ = static_cast<std::size_t>(size);
    body_left_ = static_cast<std::uint64_t>(number) * event_size_;
    polarity_ = type_ == 1;
    if (polarity_ && (event_size_ < kPolarityBytes || ts_offset != 4)) {
      log.violation(at, "bad packet header",
                    "polarity packet with eventSize " + std::to_string(size) + " and eventTSOffset " +
                        std::to_string(ts_offset) + " (expected 8 and 4); its events are skipped");
      polarity_ = false;
    }
    if (!polarity_) log.skipped(type_name(type_), static_cast<std::uint64_t>(number));
  }

  // Decodes one polarity event at `p` (file offset offset_); returns 1 when it became an event.
  std::size_t decode(const std::uint8_t* p, core::Event* out, DecodeLog& log) {
    const std::uint64_t at = offset_;
    offset_ += event_size_;
    body_left_ -= event_size_;
    const std::uint32_t data = load_le32(p);
    const auto ts = static_cast<std::int32_t>(load_le32(p + 4));
    if ((data & 1) == 0) {
      log.skipped("invalid (unmarked) polarity events", 1);
      return 0;
    }
    const auto x = static_cast<std::uint16_t>(data >> 17);
    const auto y = static_cast<std::uint16_t>((data >> 2) & 0x7fff);
    if (ts < 0 || (width_ != 0 && (x >= width_ || y >= height_))) {
      log.violation(at, ts < 0 ? "timestamp out of range" : "pixel outside the sensor",
                    "polarity event at (" + std::to_string(x) + ", " + std::to_string(y) + "), t = " +
                        std::to_string(ts) + " µs");
      log.skipped(ts < 0 ? "timestamp out of range" : "pixel outside the sensor", 1);
      return 0;
    }
    const std::int64_t t = (static_cast<std::int64_t>(overflow_) << 31) | ts;
    if (t > kMaxMicroseconds) {
      log.violation(at, "timestamp out of range",
                    "eventTSOverflow " + std::to_string(overflow_) + " puts the event beyond 292 years");
      log.skipped("timestamp out of range", 1);
      return 0;
    }
    if (t < last_t_) {
      log.violation(at + 4, "time went backwards",
                    std::to_string(t) + " µs after " + std::to_string(last_t_) + " µs");
    }
    last_t_ = std::max(last_t_, t);
    *out = core::Event{core::Time::from_ns(t * 1000), x, y, static_cast<std::uint8_t>((data >> 1) & 1)};
    return 1;
  }

  std::uint64_t offset_;  // file offset of the next byte fed
  std::uint16_t width_;
  std::uint16_t height_;
  std::vector<std::uint8_t> partial_;  // a packet header or one event split across feeds
  std::uint64_t body_left_ = 0;        // bytes of the current packet's events still to come
  std::size_t event_size_ = kPolarityBytes;
  std::int16_t type_ = 0;
  std::int32_t overflow_ = 0;
  bool polarity_ = false;
  std::int64_t last_t_ = 0;
};

}  // namespace

std::unique_ptr<core::EventSource> open_aedat3_file(const std::filesystem::path& path,
                                                    const EventReadOptions& options) {
  auto reader = std::make_unique<ByteReader>(path, options.chunking);
  const AedatTextHeader header = read_aedat_text_header(*reader, true);
  if (header.lines.empty() || !header.lines[0].starts_with("!AER-DAT3")) {
    throw FormatError(path.string(), 0, "not an AEDAT 3.x file (its first line is not \"#!AER-DAT3.1\")");
  }
  const std::string format = header.value("Format").value_or("RAW");
  if (format != "RAW") {
    throw FormatError(path.string(), 0, "AEDAT 3.1 '#Format: " + format + "' is not supported; reef reads RAW");
  }
  core::StreamInfo info;
  info.format = std::string(to_string(EventFormat::aedat3));
  for (const std::string& line : header.lines) {
    if (!line.starts_with("Source ")) continue;
    const std::size_t colon = line.find(':');
    const std::string chip = colon == std::string::npos ? "" : line.substr(colon + 1);
    info.properties["camera"] = chip.starts_with(" ") ? chip.substr(1) : chip;
    if (const auto size = inivation_sensor_size(chip); size && info.width == 0) {
      info.width = size->first;
      info.height = size->second;
    }
  }
  if (const auto start = header.value("Start-Time")) info.properties["date"] = *start;
  auto source = std::make_unique<FileEventSource>(std::move(reader), std::move(info), options);
  if (source->info().width == 0) source->log().warning("the header names no known camera: sensor size unknown");
  const std::uint16_t width = source->info().width;
  const std::uint16_t height = source->info().height;
  source->set_decoder(std::make_unique<Aedat3Decoder>(header.data_offset, width, height));
  return source;
}

}  // namespace reef::io
