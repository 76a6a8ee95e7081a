// NPY event reader: a 1-D structured array with fields x, y, t, p (Tonic's convention; any order, any bool/integer
// widths and byte orders; t in µs) or t, x, p for channel streams (audio spikes: y = 0). Records are decoded as they
// stream in; values that do not fit an event are reported and skipped.
#include <algorithm>
#include <limits>
#include <vector>

#include "byte_decoder.hpp"
#include "event_formats.hpp"
#include "file_event_source.hpp"
#include "npy_format.hpp"
#include "reef/core/error.hpp"

namespace reef::io {
namespace {

constexpr std::size_t kMaxHeaderBytes = std::size_t{1} << 20;
constexpr std::int64_t kMaxMicroseconds = std::numeric_limits<std::int64_t>::max() / 1000;

struct EventFields {
  NpyField t, x, y, p;
  bool has_y = false;
  bool has_p = false;
};

class NpyEventDecoder final : public ByteDecoder {
 public:
  NpyEventDecoder(std::uint64_t start, std::size_t record_size, std::uint64_t records, EventFields fields)
      : offset_(start), start_(start), record_size_(record_size), records_left_(records), fields_(std::move(fields)) {}

  std::size_t max_feed_bytes(std::size_t event_room) const override {
    return event_room < 2 ? 0 : (event_room - 1) * record_size_;
  }

  std::size_t feed(std::span<const std::uint8_t> bytes, core::Event* out, DecodeLog& log) override {
    std::size_t written = 0;
    if (!partial_.empty()) {
      const std::size_t n = std::min(record_size_ - partial_.size(), bytes.size());
      partial_.insert(partial_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
      bytes = bytes.subspan(n);
      if (partial_.size() < record_size_) return 0;
      written += decode(partial_.data(), out, log);
      partial_.clear();
    }
    while (bytes.size() >= record_size_ && records_left_ > 0) {
      written += decode(bytes.data(), out + written, log);
      bytes = bytes.subspan(record_size_);
    }
    if (records_left_ == 0) {
      trailing_ += bytes.size();
    } else {
      partial_.assign(bytes.begin(), bytes.end());
    }
    return written;
  }

  void finish(DecodeLog& log) override {
    if (records_left_ > 0) {
      log.violation(offset_, "truncated array",
                    "the file ends " + std::to_string(records_left_) + " records short of the header's shape" +
                        (partial_.empty() ? "" : " (inside a record)"));
      log.skipped("records missing from a truncated file", records_left_);
    }
    if (trailing_ > 0) {
      log.violation(offset_, "trailing bytes",
                    std::to_string(trailing_) + " bytes follow the last record the header's shape announces");
    }
  }

 private:
  std::size_t decode(const std::uint8_t* record, core::Event* out, DecodeLog& log) {
    const std::uint64_t at = offset_;
    offset_ += record_size_;
    --records_left_;
    const auto value = [&](const NpyField& field) { return field.dtype.decode_integer(record + field.offset); };
    const auto t = value(fields_.t);
    const auto x = value(fields_.x);
    const auto y = fields_.has_y ? value(fields_.y) : std::optional<std::int64_t>(0);
    const auto p = fields_.has_p ? value(fields_.p) : std::optional<std::int64_t>(0);
    const auto in_u16 = [](const std::optional<std::int64_t>& v) { return v && *v >= 0 && *v <= 65535; };
    if (!t || *t > kMaxMicroseconds || *t < -kMaxMicroseconds || !in_u16(x) || !in_u16(y) || !p) {
      log.violation(at, "value out of range",
                    "record " + std::to_string((at - start_) / record_size_) +
                        ": t must be a µs count within ±292 years, x and y in 0..65535");
      log.skipped("value out of range", 1);
      return 0;
    }
    *out = core::Event{core::Time::from_ns(*t * 1000), static_cast<std::uint16_t>(*x), static_cast<std::uint16_t>(*y),
                       static_cast<std::uint8_t>(*p > 0 ? 1 : 0)};
    return 1;
  }

  std::uint64_t offset_;
  std::uint64_t start_;
  std::size_t record_size_;
  std::uint64_t records_left_;
  EventFields fields_;
  std::vector<std::uint8_t> partial_;
  std::uint64_t trailing_ = 0;
};

// Up to `size` more bytes appended to `bytes`, whatever the reader's split; fewer only at the end of the file.
void append(ByteReader& reader, std::string& bytes, std::size_t size) {
  std::vector<std::uint8_t> buffer(size);
  std::size_t got = 0;
  while (got < size) {
    const std::size_t n = reader.read(std::span(buffer).subspan(got));
    if (n == 0) break;
    got += n;
  }
  bytes.append(reinterpret_cast<const char*>(buffer.data()), got);
}

// Reads the preamble and header dictionary through the reader and leaves it at the first record.
NpyHeader read_header(ByteReader& reader) {
  std::string bytes;
  append(reader, bytes, 12);  // magic, version, and a 2-byte (1.0) or 4-byte (2.0, 3.0) header length
  std::size_t length = 0;
  if (bytes.size() == 12) {
    const auto byte = [&](std::size_t i) { return static_cast<std::size_t>(static_cast<unsigned char>(bytes[i])); };
    const bool version1 = byte(6) == 1;
    const std::size_t stated =
        version1 ? byte(8) | byte(9) << 8 : byte(8) | byte(9) << 8 | byte(10) << 16 | byte(11) << 24;
    length = version1 ? stated - std::min<std::size_t>(stated, 2) : stated;  // 1.0: two header bytes already read
  }
  append(reader, bytes, std::min(length, kMaxHeaderBytes));
  NpyHeader header = parse_npy_header(bytes, reader.path().string(), true);
  reader.seek(header.data_offset);
  return header;
}

EventFields event_fields(const NpyHeader& header, const std::string& file, bool& channels) {
  EventFields fields;
  bool has_t = false;
  bool has_x = false;
  for (const NpyField& field : header.fields) {
    NpyField* slot = field.name == "t" ? &fields.t : field.name == "x" ? &fields.x : field.name == "y" ? &fields.y
                     : field.name == "p" ? &fields.p : nullptr;
    if (slot == nullptr) continue;
    if (field.dtype.kind == NpyDtype::Kind::floating) {
      throw FormatError(file, header.shape_offset,
                        "NPY field '" + field.name + "' holds floats; reef reads integer (t in µs) and bool fields");
    }
    *slot = field;
    has_t |= slot == &fields.t;
    has_x |= slot == &fields.x;
    fields.has_y |= slot == &fields.y;
    fields.has_p |= slot == &fields.p;
  }
  if (!has_t || !has_x) {
    throw FormatError(file, 0,
                      "the NPY records have no fields 't' and 'x'; reef reads structured arrays with fields x, y, t, "
                      "p (Tonic's convention) or t, x, p (channel spikes)");
  }
  channels = !fields.has_y;
  return fields;
}

}  // namespace

std::unique_ptr<core::EventSource> open_npy_events_file(const std::filesystem::path& path,
                                                        const EventReadOptions& options) {
  auto reader = std::make_unique<ByteReader>(path, options.chunking);
  const NpyHeader header = read_header(*reader);
  if (header.fields.empty()) {
    throw FormatError(path.string(), 0,
                      "the NPY file holds plain '" + header.descr + "' numbers, not event records with fields x, y, "
                      "t, p; reef reads spike arrays of that kind with --spikes (spike files)");
  }
  if (header.shape.size() != 1) {
    throw FormatError(path.string(), header.shape_offset,
                      "the event array has shape " + npy_shape_text(header.shape) + "; reef reads 1-D record arrays");
  }
  bool channels = false;
  EventFields fields = event_fields(header, path.string(), channels);
  core::StreamInfo info;
  info.format = std::string(to_string(EventFormat::npy));
  info.channel_stream = channels;
  if (channels) info.height = 1;
  auto source = std::make_unique<FileEventSource>(std::move(reader), std::move(info), options);
  source->set_decoder(
      std::make_unique<NpyEventDecoder>(header.data_offset, header.record_size, header.shape[0], std::move(fields)));
  return source;
}

}  // namespace reef::io
