// AEDAT 2.0 (jAER) reader: '#' header lines, then big-endian 8-byte records {uint32 address, int32 µs}.
// The chip named by "# AEChip:" selects the address layout: DVS128 (15-bit addresses; jAER or Tonic x/y and
// polarity convention) or DAVIS (DVS events with APS, IMU and special records skipped and counted; coordinates
// flipped to the top-left origin every other reef format uses). 32-bit timestamps are unwrapped.
#include <algorithm>
#include <cctype>
#include <limits>

#include "aedat_text_header.hpp"
#include "byte_decoder.hpp"
#include "event_formats.hpp"
#include "file_event_source.hpp"
#include "reef/core/error.hpp"

namespace reef::io {
namespace {

constexpr std::uint64_t kMaxMicroseconds = std::numeric_limits<std::int64_t>::max() / 1000;

enum class Chip { dvs128, davis };

struct ChipLayout {
  Chip chip = Chip::davis;
  std::uint16_t width = 0;  // 0: unknown DAVIS size
  std::uint16_t height = 0;
};

ChipLayout chip_layout(std::string name) {
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const bool dvs128 = name.find("dvs128") != std::string::npos || name.find("tmpdiff128") != std::string::npos;
  const auto size = inivation_sensor_size(name);
  if (!size) return {};
  return {dvs128 ? Chip::dvs128 : Chip::davis, size->first, size->second};
}

class Aedat2Decoder final : public RecordDecoder {
 public:
  Aedat2Decoder(std::uint64_t start, ChipLayout layout, Dvs128Convention convention)
      : RecordDecoder(8, 1, start), layout_(layout), convention_(convention) {}

 protected:
  const char* record_name() const override { return "AEDAT 2.0 record"; }

  std::size_t decode_records(const std::uint8_t* records, std::size_t count, std::uint64_t offset,
                             core::Event* out, DecodeLog& log) override {
    std::size_t written = 0;
    for (std::size_t i = 0; i < count; ++i, records += 8) {
      const std::uint32_t address = load_be(records);
      const std::uint32_t raw_t = load_be(records + 4);
      const std::uint64_t t = raw_t + wraps_ >= last_t_ ? raw_t + wraps_ : unwrap(raw_t, offset + i * 8, log);
      last_t_ = std::max(last_t_, t);
      if (t > kMaxMicroseconds) [[unlikely]] {
        log.violation(offset + i * 8 + 4, "timestamp out of range", "the timestamp wrapped beyond 292 years");
        log.skipped("timestamp out of range", 1);
        continue;
      }
      core::Event& event = out[written];
      event.t = core::Time::from_ns(static_cast<std::int64_t>(t) * 1000);
      written += layout_.chip == Chip::dvs128 ? dvs128(address, event) : davis(address, event, offset + i * 8, log);
    }
    for (std::size_t kind = 0; kind < kSkipKinds; ++kind) {
      log.skipped(kSkipNames[kind], skipped_[kind]);
      skipped_[kind] = 0;
    }
    return written;
  }

 private:
  static std::uint32_t load_be(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
           static_cast<std::uint32_t>(p[2]) << 8 | p[3];
  }

  // jAER writes the device's 32-bit µs counter: a drop of more than half its range is a wrap, a smaller one is
  // reported and kept.
  std::uint64_t unwrap(std::uint32_t raw, std::uint64_t offset, DecodeLog& log) {
    const std::uint64_t t = wraps_ + raw;
    if (last_t_ - t > (std::uint64_t{1} << 31)) {
      wraps_ += std::uint64_t{1} << 32;
      return t + (std::uint64_t{1} << 32);
    }
    log.violation(offset + 4, "time went backwards",
                  std::to_string(raw) + " µs after " + std::to_string(last_t_ - wraps_) + " µs");
    return t;
  }

  // Fills x, y, polarity; returns 0 for a record that is not a DVS event.
  std::size_t dvs128(std::uint32_t address, core::Event& event) {
    if ((address & 0xffff8000u) != 0) {
      ++skipped_[kSync];
      return 0;
    }
    const auto low = static_cast<std::uint16_t>((address >> 1) & 0x7f);
    const auto high = static_cast<std::uint16_t>((address >> 8) & 0x7f);
    if (convention_ == Dvs128Convention::jaer) {
      event.x = static_cast<std::uint16_t>(127 - low);
      event.y = high;
      event.polarity = static_cast<std::uint8_t>(1 - (address & 1));
    } else {
      event.x = high;
      event.y = low;
      event.polarity = static_cast<std::uint8_t>(address & 1);
    }
    return 1;
  }

  std::size_t davis(std::uint32_t address, core::Event& event, std::uint64_t offset, DecodeLog& log) {
    if ((address & 0x80000400u) != 0) [[unlikely]] {
      ++skipped_[(address & 0x80000000u) == 0 ? kSpecial : (address & 0x800u) != 0 ? kImu : kAps];
      return 0;
    }
    const auto raw_x = static_cast<std::uint16_t>((address >> 12) & 0x3ff);
    const auto raw_y = static_cast<std::uint16_t>((address >> 22) & 0x1ff);
    event.polarity = static_cast<std::uint8_t>((address >> 11) & 1);
    if (layout_.width == 0) {
      event.x = raw_x;
      event.y = raw_y;
      return 1;
    }
    if (raw_x >= layout_.width || raw_y >= layout_.height) [[unlikely]] {
      log.violation(offset, "pixel outside the sensor",
                    "DVS address (" + std::to_string(raw_x) + ", " + std::to_string(raw_y) + ") on a " +
                        std::to_string(layout_.width) + "x" + std::to_string(layout_.height) + " sensor");
      log.skipped("pixel outside the sensor", 1);
      return 0;
    }
    event.x = static_cast<std::uint16_t>(layout_.width - 1 - raw_x);
    event.y = static_cast<std::uint16_t>(layout_.height - 1 - raw_y);
    return 1;
  }

  enum SkipKind : std::size_t { kSync, kImu, kAps, kSpecial, kSkipKinds };
  static constexpr const char* kSkipNames[kSkipKinds] = {"DVS128 external (sync) events", "IMU words", "APS samples",
                                                        "special events"};
  std::uint64_t skipped_[kSkipKinds] = {};
  ChipLayout layout_;
  Dvs128Convention convention_;
  std::uint64_t wraps_ = 0;
  std::uint64_t last_t_ = 0;
};

}  // namespace

std::unique_ptr<core::EventSource> open_aedat2_file(const std::filesystem::path& path,
                                                    const EventReadOptions& options) {
  auto reader = std::make_unique<ByteReader>(path, options.chunking);
  const AedatTextHeader header = read_aedat_text_header(*reader, false);
  if (header.lines.empty() || !(header.lines[0].starts_with("!AER-DAT2") || header.lines[0].starts_with("!AER-DAT1"))) {
    throw FormatError(path.string(), 0, "not an AEDAT 2.0 file (its first line is not \"#!AER-DAT2.0\")");
  }
  if (header.lines[0].starts_with("!AER-DAT1")) {
    throw FormatError(path.string(), 0, "AEDAT 1.0 (6-byte records) is not supported; reef reads AEDAT 2.0");
  }
  core::StreamInfo info;
  info.format = std::string(to_string(EventFormat::aedat2));
  const std::string chip = header.value("AEChip").value_or("");
  const ChipLayout layout = chip_layout(chip);
  info.width = layout.width;
  info.height = layout.height;
  if (!chip.empty()) info.properties["chip"] = chip;
  if (const auto hardware = header.value("HardwareInterface")) info.properties["camera"] = *hardware;
  if (const auto created = header.value("Creation time")) info.properties["creation time"] = *created;
  if (layout.chip == Chip::dvs128) {
    info.properties["dvs128 convention"] = options.dvs128 == Dvs128Convention::jaer ? "jaer" : "tonic";
  }
  auto source = std::make_unique<FileEventSource>(std::move(reader), std::move(info), options);
  if (layout.width == 0) {
    source->log().warning("unknown chip '" + chip + "': DAVIS address layout assumed, raw (bottom-right origin) "
                          "coordinates kept and no sensor size stated");
  }
  source->set_decoder(std::make_unique<Aedat2Decoder>(header.data_offset, layout, options.dvs128));
  return source;
}

}  // namespace reef::io
