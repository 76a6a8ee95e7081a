// AEDAT 4.0 reader: magic, IOHeader (FlatBuffer), then packets {stream id, size, payload} decompressed one at a
// time and verified before use; events of the event stream are converted straight into the caller's span. Other
// streams (frames, IMU, triggers) are counted as skipped; the data table at the end is checked against what was
// decoded. Memory: one packet. A damaged packet is reported and skipped; a damaged packet header ends decoding.
#include <flatbuffers/flatbuffers.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>

#include "aedat4_compression.hpp"
#include "aedat4_info.hpp"
#include "byte_reader.hpp"
#include "decode_log.hpp"
#include "event_formats.hpp"
#include "reef/core/error.hpp"

namespace reef::io {
namespace {

constexpr std::string_view kMagic = "#!AER-DAT4.0\r\n";
constexpr std::uint32_t kMaxHeaderBytes = 16u << 20;
constexpr std::int64_t kMaxMicroseconds = std::numeric_limits<std::int64_t>::max() / 1000;

// Reads up to `size` bytes into `out` whatever the reader's split; returns how many (fewer only at end of file).
std::size_t read_exactly(ByteReader& reader, std::uint8_t* out, std::size_t size) {
  std::size_t got = 0;
  while (got < size) {
    const std::size_t n = reader.read(std::span<std::uint8_t>(out + got, size - got));
    if (n == 0) break;
    got += n;
  }
  return got;
}

std::uint32_t load_u32(const std::uint8_t* bytes) {
  return static_cast<std::uint32_t>(bytes[0]) | static_cast<std::uint32_t>(bytes[1]) << 8 |
         static_cast<std::uint32_t>(bytes[2]) << 16 | static_cast<std::uint32_t>(bytes[3]) << 24;
}

// Verifies a size-prefixed FlatBuffer of type T with identifier `id` (any when null); the whole span must be the
// buffer.
template <typename T>
const T* verified(std::span<const std::uint8_t> buffer, const char* id) {
  if (buffer.size() < 12 || load_u32(buffer.data()) != buffer.size() - 4) return nullptr;
  flatbuffers::Verifier verifier(buffer.data(), buffer.size());
  if (!verifier.VerifySizePrefixedBuffer<T>(id)) return nullptr;
  return flatbuffers::GetSizePrefixedRoot<T>(buffer.data());
}

class Aedat4EventSource : public core::EventSource {
 public:
  Aedat4EventSource(const std::filesystem::path& path, const EventReadOptions& options)
      : reader_(path, options.chunking), log_(path.string(), options.strict, options.max_reported_violations) {
    read_header();
  }

  const core::StreamInfo& info() const override { return info_; }
  const core::DecodeReport& report() const override { return log_.report(); }

  std::size_t read(std::span<core::Event> out) override {
    std::size_t filled = 0;
    while (filled < out.size()) {
      if (events_ != nullptr && next_ < events_->size()) {
        filled += convert(out.data() + filled, out.size() - filled);
      } else if (done_) {
        break;
      } else {
        events_ = nullptr;
        next_packet();
      }
    }
    return filled;
  }

 private:
  [[noreturn]] void header_error(std::uint64_t offset, const std::string& message) const {
    throw FormatError(log_.file(), offset, "AEDAT 4.0 header: " + message);
  }

  void read_header() {
    std::uint8_t start[18];
    const std::size_t got = read_exactly(reader_, start, sizeof start);
    if (got < kMagic.size() || std::memcmp(start, kMagic.data(), kMagic.size()) != 0) {
      header_error(0, "the file does not start with \"#!AER-DAT4.0\\r\\n\"");
    }
    if (got < sizeof start) header_error(got, "the file ends before the IOHeader's 4-byte length");
    const std::uint32_t size = load_u32(start + kMagic.size());
    if (size > kMaxHeaderBytes || size > reader_.file_size() - sizeof start) {
      header_error(kMagic.size(), "IOHeader length " + std::to_string(size) + " runs past the end of the file (" +
                                      std::to_string(reader_.file_size()) + " bytes)");
    }
    std::vector<std::uint8_t> bytes(start + kMagic.size(), start + sizeof start);  // the size prefix, then the table
    bytes.resize(bytes.size() + size);
    read_exactly(reader_, bytes.data() + 4, size);
    const auto* header = verified<aedat4::IOHeader>(bytes, nullptr);
    if (header == nullptr) {
      header_error(sizeof start, "the IOHeader is not a valid FlatBuffer table (" + std::to_string(size) + " bytes)");
    }
    const std::int64_t compression = static_cast<std::int64_t>(header->compression());
    if (compression < 0 || compression > static_cast<std::int64_t>(aedat4::Compression::ZstdHigh)) {
      header_error(sizeof start, "unknown compression " + std::to_string(compression) +
                                     " (AEDAT 4.0 defines 0 none, 1-2 LZ4, 3-4 Zstd)");
    }
    decompressor_.emplace(header->compression());
    data_table_position_ = header->data_table_position();
    describe(header->info_node() != nullptr ? header->info_node()->string_view() : std::string_view());
    info_.properties["compression"] = std::string(to_string(header->compression()));
  }

  void describe(std::string_view xml) {
    info_.format = "aedat4";
    std::string streams;
    for (const Aedat4StreamInfo& stream : parse_aedat4_info(xml)) {
      streams += (streams.empty() ? "" : "; ") + std::to_string(stream.id) + " " + stream.type +
                 (stream.output_name.empty() ? "" : " (" + stream.output_name + ")");
      if (stream.type != "EVTS" || event_stream_) continue;
      event_stream_ = stream.id;
      if (stream.size_x > 0 && stream.size_x <= 65535 && stream.size_y > 0 && stream.size_y <= 65535) {
        info_.width = static_cast<std::uint16_t>(stream.size_x);
        info_.height = static_cast<std::uint16_t>(stream.size_y);
      }
      if (!stream.source.empty()) info_.properties["camera"] = stream.source;
    }
    info_.properties["streams"] = streams;
    if (!event_stream_) {
      log_.warning("the IOHeader declares no event stream (typeIdentifier EVTS); events are taken from the first "
                   "stream whose packets hold them");
    }
    if (info_.width == 0) log_.warning("the event stream states no sensor size (sizeX/sizeY)");
  }

  void finish_packets(std::uint64_t at) {
    done_ = true;
    if (data_table_position_ >= 0 && at != static_cast<std::uint64_t>(data_table_position_)) {
      log_.violation(at, "missing data table",
                     "the IOHeader places the data table at byte " + std::to_string(data_table_position_) +
                         " but packets end at byte " + std::to_string(at));
    }
  }

  void next_packet() {
    const std::uint64_t at = reader_.offset();
    if (data_table_position_ >= 0 && at == static_cast<std::uint64_t>(data_table_position_)) {
      read_data_table(at);
      return;
    }
    std::uint8_t head[8];
    const std::size_t got = read_exactly(reader_, head, sizeof head);
    if (got == 0) return finish_packets(at);
    if (got < sizeof head) {
      log_.violation(at, "truncated packet header",
                     "the file ends " + std::to_string(got) + " bytes into an 8-byte packet header");
      return finish_packets(at + got);
    }
    const auto stream = static_cast<std::int32_t>(load_u32(head));
    const auto size = static_cast<std::int32_t>(load_u32(head + 4));
    const std::uint64_t payload_at = at + sizeof head;
    const bool before_table = data_table_position_ > static_cast<std::int64_t>(payload_at);
    if (size <= 0 || (before_table && static_cast<std::uint64_t>(size) >
                                          static_cast<std::uint64_t>(data_table_position_) - payload_at)) {
      log_.violation(at + 4, "bad packet size",
                     "packet of stream " + std::to_string(stream) + " declares " + std::to_string(size) +
                         " bytes, which does not end before the data table; decoding stops here");
      done_ = true;
      return;
    }
    if (static_cast<std::uint64_t>(size) > reader_.file_size() - payload_at) {
      log_.violation(at, "truncated packet",
                     "the file ends " + std::to_string(reader_.file_size() - payload_at) + " bytes into a " +
                         std::to_string(size) + "-byte packet of stream " + std::to_string(stream));
      log_.skipped("truncated packets", 1);
      done_ = true;
      return;
    }
    if (static_cast<std::size_t>(size) > kAedat4MaxPacketBytes) {
      log_.violation(payload_at, "packet too large",
                     std::to_string(size) + "-byte packet exceeds reef's limit; skipped");
      log_.skipped("oversized packets", 1);
      reader_.seek(payload_at + static_cast<std::uint64_t>(size));
      return;
    }
    packet_.resize(static_cast<std::size_t>(size));
    read_exactly(reader_, packet_.data(), packet_.size());
    decode_packet(stream, payload_at);
  }

  void decode_packet(std::int32_t stream, std::uint64_t at) {
    std::string error;
    const std::span<const std::uint8_t> buffer = decompressor_->decompress(packet_, error);
    if (!error.empty()) {
      log_.violation(at, "corrupt packet", "packet of stream " + std::to_string(stream) + ": " + error);
      log_.skipped("packets that could not be decompressed", 1);
      return;
    }
    const std::string_view id = buffer.size() >= 12
                                    ? std::string_view(reinterpret_cast<const char*>(buffer.data()) + 8, 4)
                                    : std::string_view();
    const std::uint64_t kept_before = log_.report().total_violations;
    if (id == "EVTS") {
      if (!event_stream_) event_stream_ = stream;
      const auto* packet = verified<aedat4::EventPacket>(buffer, "EVTS");
      if (packet != nullptr && stream == *event_stream_) {
        events_ = packet->elements();
        next_ = 0;
        packet_at_ = at;
        if (events_ != nullptr) packet_events_ += events_->size();
        return;
      }
      if (packet != nullptr) {
        log_.skipped("events of another event stream", packet->elements() ? packet->elements()->size() : 0);
        return;
      }
    } else if (id == "IMUS") {
      if (const auto* packet = verified<aedat4::ImuPacket>(buffer, "IMUS")) {
        return log_.skipped("IMU samples", packet->elements() ? packet->elements()->size() : 0);
      }
    } else if (id == "TRIG") {
      if (const auto* packet = verified<aedat4::TriggerPacket>(buffer, "TRIG")) {
        return log_.skipped("triggers", packet->elements() ? packet->elements()->size() : 0);
      }
    } else if (id == "FRME") {
      if (verified<aedat4::Frame>(buffer, "FRME") != nullptr) return log_.skipped("frames", 1);
    } else if (buffer.size() >= 12) {
      std::string shown;
      for (const char c : id) shown += (c >= 0x20 && c < 0x7f) ? c : '?';
      return log_.skipped("packets of type " + shown, 1);
    }
    if (log_.report().total_violations == kept_before) {
      log_.violation(at, "invalid packet",
                     "packet of stream " + std::to_string(stream) + " (" + std::to_string(buffer.size()) +
                         " bytes after decompression) is not a valid " +
                         (id.empty() ? std::string("FlatBuffer") : std::string(id) + " FlatBuffer"));
      log_.skipped("invalid packets", 1);
    }
  }

  // Converts events of the current packet into `out`; returns how many were written.
  std::size_t convert(core::Event* out, std::size_t room) {
    const std::size_t end = std::min<std::size_t>(events_->size(), next_ + room);
    std::size_t written = 0;
    for (std::size_t i = next_; i < end; ++i) {
      const aedat4::Event& e = *events_->Get(static_cast<flatbuffers::uoffset_t>(i));
      const std::int64_t t = e.t();
      const std::int16_t x = e.x();
      const std::int16_t y = e.y();
      if (t < last_t_ || t > kMaxMicroseconds || x < 0 || y < 0 ||
          (info_.width != 0 && (x >= info_.width || y >= info_.height))) [[unlikely]] {
        if (!accept_unusual(t, x, y, i)) continue;
      }
      last_t_ = t;
      out[written++] = core::Event{core::Time::from_ns(t * 1000), static_cast<std::uint16_t>(x),
                                   static_cast<std::uint16_t>(y), static_cast<std::uint8_t>(e.on() ? 1 : 0)};
    }
    next_ = end;
    return written;
  }

  // Reports an event that breaks an expectation; false when it cannot be represented and is skipped.
  bool accept_unusual(std::int64_t t, std::int16_t x, std::int16_t y, std::size_t index) {
    const std::uint64_t at = packet_at_;  // events sit inside a compressed payload: the payload is the offset
    const std::string where = "event " + std::to_string(index) + " of the packet";
    if (t < -kMaxMicroseconds || t > kMaxMicroseconds) {
      log_.violation(at, "timestamp out of range", where + " has t = " + std::to_string(t) + " µs");
      log_.skipped("timestamp out of range", 1);
      return false;
    }
    if (x < 0 || y < 0 || (info_.width != 0 && (x >= info_.width || y >= info_.height))) {
      log_.violation(at, "pixel outside the sensor",
                     where + " is at (" + std::to_string(x) + ", " + std::to_string(y) + ") on a " +
                         std::to_string(info_.width) + "x" + std::to_string(info_.height) + " sensor");
      log_.skipped("pixel outside the sensor", 1);
      return false;
    }
    log_.violation(at, "time went backwards",
                   where + " has t = " + std::to_string(t) + " µs after " + std::to_string(last_t_) + " µs");
    return true;
  }

  void read_data_table(std::uint64_t at) {
    done_ = true;
    const std::uint64_t size = reader_.file_size() - at;
    if (size > kAedat4MaxPacketBytes) {
      log_.violation(at, "bad data table", std::to_string(size) + " bytes exceed reef's limit; not read");
      return;
    }
    packet_.resize(static_cast<std::size_t>(size));
    read_exactly(reader_, packet_.data(), packet_.size());
    std::string error;
    const std::span<const std::uint8_t> buffer = decompressor_->decompress(packet_, error);
    const auto* table = error.empty() ? verified<aedat4::FileDataTable>(buffer, "FTAB") : nullptr;
    if (table == nullptr || table->table() == nullptr) {
      log_.violation(at, "bad data table", error.empty() ? "not a valid FTAB FlatBuffer" : error);
      return;
    }
    std::uint64_t listed = 0;
    for (const aedat4::FileDataDefinition* entry : *table->table()) {
      if (entry->packet_info() != nullptr && event_stream_ && entry->packet_info()->stream_id() == *event_stream_) {
        listed += static_cast<std::uint64_t>(std::max<std::int64_t>(entry->num_elements(), 0));
      }
    }
    if (listed != packet_events_) {
      log_.warning("the data table lists " + std::to_string(listed) + " events of the event stream, its packets hold " +
                   std::to_string(packet_events_));
    }
  }

  ByteReader reader_;
  DecodeLog log_;
  core::StreamInfo info_;
  std::optional<Aedat4Decompressor> decompressor_;
  std::optional<std::int32_t> event_stream_;
  std::int64_t data_table_position_ = -1;
  std::vector<std::uint8_t> packet_;
  const flatbuffers::Vector<const aedat4::Event*>* events_ = nullptr;
  std::size_t next_ = 0;
  std::uint64_t packet_at_ = 0;
  std::uint64_t packet_events_ = 0;  // events in the event stream's packets so far
  std::int64_t last_t_ = -kMaxMicroseconds;  // below it, an event is out of range
  bool done_ = false;
};

}  // namespace

std::unique_ptr<core::EventSource> open_aedat4_file(const std::filesystem::path& path,
                                                    const EventReadOptions& options) {
  return std::make_unique<Aedat4EventSource>(path, options);
}

}  // namespace reef::io
