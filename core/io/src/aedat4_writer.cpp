// AEDAT 4.0 writer: magic, IOHeader (LZ4, one event stream described in DV's XML), LZ4-compressed event packets of
// up to kPacketEvents events, and the data table, whose position is patched into the IOHeader on close().
// Timestamps are stored as µs, so events must fall on whole microseconds (every camera format does).
#include <flatbuffers/flatbuffers.h>

#include <limits>

#include "aedat4_compression.hpp"
#include "aedat4_info.hpp"
#include "reef/core/atomic_output.hpp"
#include "event_formats.hpp"
#include "file_io.hpp"
#include "reef/core/error.hpp"

namespace reef::io {
namespace {

constexpr std::string_view kMagic = "#!AER-DAT4.0\r\n";
constexpr std::size_t kPacketEvents = 8192;

struct PacketEntry {
  std::int64_t payload_offset;
  std::int32_t size;
  std::int64_t events;
  std::int64_t t_begin;
  std::int64_t t_end;
};

class Aedat4Writer : public core::EventSink {
 public:
  Aedat4Writer(const std::filesystem::path& path, const core::StreamInfo& info)
      : atomic_(path, core::AtomicOutput::Kind::file), file_(atomic_.temporary()) {
    const auto camera = info.properties.find("camera");
    write_header(aedat4_event_stream_xml(info.width, info.height,
                                         camera != info.properties.end() ? camera->second : "reef"));
    pending_.reserve(kPacketEvents);
  }

  void write(std::span<const core::Event> events) override {
    for (const core::Event& e : events) {
      const std::int64_t ns = e.t.ns();
      if (ns % 1000 != 0) {
        throw Error("cannot write '" + atomic_.target().string() + "': an event at " + std::to_string(ns) +
                    " ns does not fall on a whole microsecond, and AEDAT 4.0 stores µs (round the times first)");
      }
      if (e.x > std::numeric_limits<std::int16_t>::max() || e.y > std::numeric_limits<std::int16_t>::max()) {
        throw Error("cannot write '" + atomic_.target().string() + "': pixel (" + std::to_string(e.x) + ", " +
                    std::to_string(e.y) + ") exceeds AEDAT 4.0's 16-bit signed coordinates");
      }
      pending_.emplace_back(ns / 1000, static_cast<std::int16_t>(e.x), static_cast<std::int16_t>(e.y),
                            e.polarity != 0);
      if (pending_.size() == kPacketEvents) flush_packet();
    }
  }

  void close() override {
    flush_packet();
    const std::int64_t table_position = offset_;
    builder_.Clear();
    std::vector<flatbuffers::Offset<aedat4::FileDataDefinition>> definitions;
    definitions.reserve(entries_.size());
    for (const PacketEntry& entry : entries_) {
      const aedat4::PacketHeader header(0, entry.size);
      definitions.push_back(aedat4::CreateFileDataDefinition(builder_, entry.payload_offset, &header, entry.events,
                                                             entry.t_begin, entry.t_end));
    }
    builder_.FinishSizePrefixed(aedat4::CreateFileDataTable(builder_, builder_.CreateVector(definitions)), "FTAB");
    put(lz4_compress_frame(finished()));
    file_.seek(table_position_field_);
    file_.write(&table_position, sizeof table_position);
    file_.close();
    atomic_.commit();
  }

 private:
  void put(std::span<const std::uint8_t> bytes) {
    file_.write(bytes.data(), bytes.size());
    offset_ += static_cast<std::int64_t>(bytes.size());
  }

  // Writes the magic and the IOHeader with a placeholder data-table position, remembering where that field is.
  void write_header(const std::string& xml) {
    put(std::span(reinterpret_cast<const std::uint8_t*>(kMagic.data()), kMagic.size()));
    builder_.ForceDefaults(true);
    builder_.FinishSizePrefixed(aedat4::CreateIOHeader(builder_, aedat4::Compression::Lz4,
                                                       std::numeric_limits<std::int64_t>::max(),
                                                       builder_.CreateString(xml)),
                                "IOHE");
    const std::span<const std::uint8_t> bytes = finished();
    const auto* header = flatbuffers::GetSizePrefixedRoot<flatbuffers::Table>(bytes.data());
    const std::uint8_t* field = header->GetAddressOf(aedat4::IOHeader::VT_DATA_TABLE_POSITION);
    REEF_ASSERT(field != nullptr, "forced default missing from the AEDAT 4 IOHeader");
    table_position_field_ = static_cast<std::uint64_t>(offset_) + static_cast<std::uint64_t>(field - bytes.data());
    put(bytes);
    builder_.ForceDefaults(false);
  }

  void flush_packet() {
    if (pending_.empty()) return;
    builder_.Clear();
    builder_.FinishSizePrefixed(aedat4::CreateEventPacket(builder_, builder_.CreateVectorOfStructs(pending_)),
                                "EVTS");
    const std::vector<std::uint8_t> payload = lz4_compress_frame(finished());
    const std::int32_t header[2] = {0, static_cast<std::int32_t>(payload.size())};
    put(std::span(reinterpret_cast<const std::uint8_t*>(header), sizeof header));
    entries_.push_back({offset_, header[1], static_cast<std::int64_t>(pending_.size()), pending_.front().t(),
                        pending_.back().t()});
    put(payload);
    pending_.clear();
  }

  std::span<const std::uint8_t> finished() const { return {builder_.GetBufferPointer(), builder_.GetSize()}; }

  core::AtomicOutput atomic_;
  OutputFile file_;
  std::int64_t offset_ = 0;
  std::uint64_t table_position_field_ = 0;
  flatbuffers::FlatBufferBuilder builder_;
  std::vector<aedat4::Event> pending_;
  std::vector<PacketEntry> entries_;
};

}  // namespace

std::unique_ptr<core::EventSink> create_aedat4_file(const std::filesystem::path& path, const core::StreamInfo& info) {
  return std::make_unique<Aedat4Writer>(path, info);
}

}  // namespace reef::io
