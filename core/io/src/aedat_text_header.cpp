// Reading jAER/cAER '#' header lines through a ByteReader, whatever its read sizes.
#include "aedat_text_header.hpp"

#include <array>
#include <cctype>

#include "reef/core/error.hpp"

namespace reef::io {
namespace {

constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;
constexpr std::uint64_t kMaxHeaderBytes = std::uint64_t{64} << 20;

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<std::string> AedatTextHeader::value(std::string_view key) const {
  for (const std::string& line : lines) {
    const std::string_view text = trim(line);
    if (text.size() > key.size() && text.substr(0, key.size()) == key && text[key.size()] == ':') {
      return std::string(trim(text.substr(key.size() + 1)));
    }
  }
  return std::nullopt;
}

std::optional<std::pair<std::uint16_t, std::uint16_t>> inivation_sensor_size(std::string_view chip) {
  std::string name(chip);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static constexpr struct { const char* key; std::uint16_t width, height; } kChips[] = {
      {"dvs128", 128, 128}, {"tmpdiff128", 128, 128}, {"davis240", 240, 180}, {"davis346", 346, 260},
      {"davis640", 640, 480}, {"davis128", 128, 128}, {"davis208", 208, 192}};
  for (const auto& known : kChips) {
    if (name.find(known.key) != std::string::npos) return std::pair{known.width, known.height};
  }
  return std::nullopt;
}

AedatTextHeader read_aedat_text_header(ByteReader& reader, bool ends_with_end_header) {
  const std::string file = reader.path().string();
  AedatTextHeader header;
  std::array<std::uint8_t, 4096> buffer{};
  std::size_t size = 0;
  std::size_t pos = 0;
  std::uint64_t buffer_offset = 0;  // file offset of buffer[0]
  std::string line;
  bool at_line_start = true;
  while (true) {
    if (pos == size) {
      buffer_offset += size;
      size = reader.read(buffer);
      pos = 0;
      if (size == 0) break;
    }
    const std::uint8_t c = buffer[pos];
    if (at_line_start && c != '#') break;
    ++pos;
    at_line_start = c == '\n';
    if (!at_line_start) {
      if (line.size() == kMaxLineBytes) throw FormatError(file, buffer_offset + pos, "AEDAT header line over 1 MiB");
      line += static_cast<char>(c);
      continue;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    header.lines.push_back(line.substr(1));
    line.clear();
    if (buffer_offset + pos > kMaxHeaderBytes) throw FormatError(file, buffer_offset + pos, "AEDAT header over 64 MiB");
    if (ends_with_end_header && header.lines.back() == "!END-HEADER") {
      header.data_offset = buffer_offset + pos;
      reader.seek(header.data_offset);
      return header;
    }
  }
  if (ends_with_end_header) {
    throw FormatError(file, buffer_offset + pos, "the file ends before the AEDAT 3.1 header's \"#!END-HEADER\" line");
  }
  if (!line.empty()) {  // the file ends inside a '#' line: a header-only file without a final line ending
    if (line.back() == '\r') line.pop_back();
    header.lines.push_back(line.substr(1));
  }
  header.data_offset = buffer_offset + pos;
  reader.seek(header.data_offset);
  return header;
}

}  // namespace reef::io
