// The event-format registry: names, detection from a file's first bytes, and dispatch of open_event_file /
// create_event_file to the per-format factories declared in event_formats.hpp.
#include "reef/io/event_file.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <string>

#include "byte_reader.hpp"
#include "event_formats.hpp"
#include "file_io.hpp"
#include "prophesee_header.hpp"
#include "reef/core/error.hpp"

namespace reef::io {
namespace {

using Opener = std::unique_ptr<core::EventSource> (*)(const std::filesystem::path&, const EventReadOptions&);
using Creator = std::unique_ptr<core::EventSink> (*)(const std::filesystem::path&, const core::StreamInfo&);

struct FormatEntry {
  EventFormat format;
  std::string_view name;  // to_string / event_format_from_name
  Opener open;            // nullptr: reef cannot read it
  Creator create;         // nullptr: reef cannot write it
};

// One row per EventFormat, in enum order.
constexpr std::array<FormatEntry, 11> kFormats{{
    // AEDAT 2.0, 3.1, 4.0
    {EventFormat::aedat2, "aedat2", open_aedat2_file, nullptr},
    {EventFormat::aedat3, "aedat3", open_aedat3_file, nullptr},
    {EventFormat::aedat4, "aedat4", open_aedat4_file, create_aedat4_file},
    // Prophesee and ATIS
    {EventFormat::evt2, "evt2", open_evt2_file, nullptr},
    {EventFormat::evt21, "evt21", open_evt21_file, nullptr},
    {EventFormat::evt3, "evt3", open_evt3_file, create_evt3_file},
    {EventFormat::prophesee_dat, "dat", open_prophesee_dat_file, nullptr},
    {EventFormat::atis_bin, "nmnist", open_atis_bin_file, nullptr},
    // SHD/SSC HDF5, NPY structured arrays, CSV
    {EventFormat::shd_hdf5, "shd", open_shd_file, create_shd_file},
    {EventFormat::npy, "npy", open_npy_events_file, create_npy_events_file},
    {EventFormat::csv, "csv", open_csv_events_file, create_csv_events_file},
}};

const FormatEntry& entry(EventFormat format) {
  const auto& row = kFormats[static_cast<std::size_t>(format)];
  REEF_ASSERT(row.format == format, "event format table out of enum order");
  return row;
}

std::string lower_extension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

bool starts_with(std::string_view bytes, std::string_view prefix) { return bytes.substr(0, prefix.size()) == prefix; }

// Text that a CSV reader could take: printable ASCII, tabs and line ends only (a UTF-8 BOM allowed), with a digit.
bool looks_like_csv(std::string_view bytes) {
  if (starts_with(bytes, "\xEF\xBB\xBF")) bytes.remove_prefix(3);
  if (bytes.empty()) return false;
  const bool text = std::all_of(bytes.begin(), bytes.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 0x20 && u < 0x7f) || c == '\n' || c == '\r' || c == '\t';
  });
  return text && bytes.find_first_of("0123456789") != std::string_view::npos;
}

// N-MNIST/N-Caltech101 files have no header: 5-byte records whose 23-bit timestamps never decrease except after
// an overflow marker (y == 240).
bool looks_like_atis(std::string_view bytes) {
  std::uint32_t previous = 0;
  for (std::size_t i = 0; i + 5 <= bytes.size(); i += 5) {
    const auto b = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + k])); };
    if (b(1) == 240) {  // an overflow marker: times start again
      previous = 0;
      continue;
    }
    const std::uint32_t t = ((b(2) & 0x7f) << 16) | (b(3) << 8) | b(4);
    if (t < previous) return false;
    previous = t;
  }
  return true;
}

}  // namespace

std::string_view to_string(EventFormat format) { return entry(format).name; }

std::optional<EventFormat> event_format_from_name(std::string_view name) {
  for (const FormatEntry& row : kFormats) {
    if (row.name == name) return row.format;
  }
  return std::nullopt;
}

const std::vector<EventFormat>& all_event_formats() {
  static const std::vector<EventFormat> formats = [] {
    std::vector<EventFormat> all;
    for (const FormatEntry& row : kFormats) all.push_back(row.format);
    return all;
  }();
  return formats;
}

EventFormat detect_event_format(const std::filesystem::path& path) {
  ByteReader reader(path, ByteChunking{});
  std::array<std::uint8_t, 4096> buffer{};
  std::string head;
  for (std::size_t got; head.size() < buffer.size() && (got = reader.read(buffer)) > 0;) {
    head.append(reinterpret_cast<const char*>(buffer.data()), std::min(got, buffer.size() - head.size()));
  }
  const std::string ext = lower_extension(path);
  if (starts_with(head, "#!AER-DAT4.0")) return EventFormat::aedat4;
  if (starts_with(head, "#!AER-DAT3")) return EventFormat::aedat3;
  if (starts_with(head, "#!AER-DAT2") || starts_with(head, "#!AER-DAT1")) return EventFormat::aedat2;
  if (starts_with(head, "\x89HDF\r\n\x1a\n")) return EventFormat::shd_hdf5;
  if (starts_with(head, "\x93NUMPY")) return EventFormat::npy;
  if (starts_with(head, "% ")) {
    reader.seek(0);
    const PropheseeHeader header = read_prophesee_header(reader);
    if (const auto encoding = header.encoding()) return *encoding;
    if (header.field("format") || header.field("evt")) {
      throw FormatError(path.string(), 0,
                        "the Prophesee header names an encoding reef does not know ('" +
                            header.field("format").value_or(header.field("evt").value_or("")) +
                            "'); reef reads EVT 2.0, EVT 2.1, EVT 3.0 and DAT");
    }
    return EventFormat::prophesee_dat;  // DAT headers carry "% Version"/"% Date" lines but no encoding
  }
  if (looks_like_csv(head)) return EventFormat::csv;
  const bool atis_records = looks_like_atis(head);
  if (ext == ".bin" && atis_records) return EventFormat::atis_bin;  // a truncated tail is reported when decoding
  if (ext == ".dat") return EventFormat::prophesee_dat;  // a DAT file without '%' lines: 8-byte CD events
  if (atis_records && reader.file_size() > 0 && reader.file_size() % 5 == 0) return EventFormat::atis_bin;
  throw FormatError(path.string(), 0,
                    "no event format recognised: the file starts with none of the AEDAT, Prophesee ('% '), HDF5 or "
                    "NPY headers, is not CSV text, and is not a whole number of 5-byte N-MNIST records; pass the "
                    "format explicitly if you know it");
}

std::unique_ptr<core::EventSource> open_event_file(const std::filesystem::path& path,
                                                   const EventReadOptions& options) {
  const EventFormat format = options.format ? *options.format : detect_event_format(path);
  const FormatEntry& row = entry(format);
  if (row.open == nullptr) {
    throw UsageError("reading " + std::string(row.name) + " event files is not supported ('" + path.string() + "')");
  }
  return row.open(path, options);
}

bool can_write(EventFormat format) { return entry(format).create != nullptr; }

std::unique_ptr<core::EventSink> create_event_file(const std::filesystem::path& path, EventFormat format,
                                                   const core::StreamInfo& info) {
  const FormatEntry& row = entry(format);
  if (row.create == nullptr) {
    std::string writable;
    for (const FormatEntry& other : kFormats) {
      if (other.create != nullptr) writable += (writable.empty() ? "" : ", ") + std::string(other.name);
    }
    throw UsageError("reef cannot write " + std::string(row.name) + " event files ('" + path.string() +
                     "'); it writes " + writable);
  }
  return row.create(path, info);
}

}  // namespace reef::io
