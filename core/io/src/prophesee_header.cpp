// Parsing of Prophesee "% key value" headers and the sensor facts they state or imply.
#include "prophesee_header.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "reef/core/error.hpp"

namespace reef::io {
namespace {

constexpr std::size_t kMaxLineBytes = std::size_t{1} << 16;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<std::uint16_t> parse_size(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  unsigned value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || value == 0 || value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

// "key=value" items after the first ';' of a "% format" value, e.g. "EVT3;height=720;width=1280".
std::optional<std::string> format_option(std::string_view format, std::string_view key) {
  std::size_t pos = format.find(';');
  while (pos != std::string_view::npos) {
    const std::size_t next = format.find(';', pos + 1);
    const std::string_view item = format.substr(pos + 1, next == std::string_view::npos ? next : next - pos - 1);
    const std::size_t eq = item.find('=');
    if (eq != std::string_view::npos && iequals(item.substr(0, eq), key)) return std::string(item.substr(eq + 1));
    pos = next;
  }
  return std::nullopt;
}

struct KnownSensor {
  std::string_view system_id;
  std::uint16_t width;
  std::uint16_t height;
};
// Systems whose old headers carry no geometry (OpenEB's psee_raw_file_header table): 21 = CCAM3 Gen3 (VGA),
// 48 = EVK3 Gen4.1 (IMX636 HD).
constexpr std::array<KnownSensor, 2> kKnownSystems{{{"21", 640, 480}, {"48", 1280, 720}}};

}  // namespace

std::optional<std::string> PropheseeHeader::field(std::string_view key) const {
  for (const auto& [name, value] : fields) {
    if (iequals(name, key)) return value;
  }
  return std::nullopt;
}

std::optional<EventFormat> PropheseeHeader::encoding() const {
  if (const auto format = field("format")) {
    const std::string name = lower(format->substr(0, format->find(';')));
    if (name == "evt3" || name == "evt3.0") return EventFormat::evt3;
    if (name == "evt21" || name == "evt2.1") return EventFormat::evt21;
    if (name == "evt2" || name == "evt2.0") return EventFormat::evt2;
  }
  if (const auto evt = field("evt")) {
    if (*evt == "3.0" || *evt == "3") return EventFormat::evt3;
    if (*evt == "2.1") return EventFormat::evt21;
    if (*evt == "2.0" || *evt == "2") return EventFormat::evt2;
  }
  return std::nullopt;
}

bool PropheseeHeader::evt21_little_endian() const {
  std::optional<std::string> endianness;
  if (const auto format = field("format")) endianness = format_option(*format, "endianness");
  if (!endianness) endianness = field("endianness");
  return endianness && iequals(*endianness, "little");
}

void PropheseeHeader::describe(core::StreamInfo& info, std::vector<std::string>& warnings) const {
  for (const auto& [name, value] : fields) info.properties.emplace(lower(name), value);
  if (const auto camera = field("camera_integrator_name")) info.properties["camera"] = *camera;
  else if (const auto plugin = field("plugin_name")) info.properties["camera"] = *plugin;
  if (const auto serial = field("serial_number")) info.properties["serial"] = *serial;
  if (const auto date = field("date")) info.properties["date"] = *date;

  std::optional<std::uint16_t> width, height;
  if (const auto format = field("format")) {
    if (const auto w = format_option(*format, "width")) width = parse_size(*w);
    if (const auto h = format_option(*format, "height")) height = parse_size(*h);
  }
  if ((!width || !height) && field("geometry")) {
    const std::string geometry = *field("geometry");
    const std::size_t x = geometry.find_first_of("xX");
    if (x != std::string::npos) {
      width = parse_size(std::string_view(geometry).substr(0, x));
      height = parse_size(std::string_view(geometry).substr(x + 1));
    }
  }
  if ((!width || !height) && field("width") && field("height")) {
    width = parse_size(*field("width"));
    height = parse_size(*field("height"));
  }
  if (width && height) {
    info.width = *width;
    info.height = *height;
    return;
  }
  const auto system = field("system_ID");
  for (const KnownSensor& sensor : kKnownSystems) {
    if (system && *system == sensor.system_id) {
      info.width = sensor.width;
      info.height = sensor.height;
      warnings.push_back("the header states no sensor size; " + std::to_string(sensor.width) + "x" +
                         std::to_string(sensor.height) + " inferred from system_ID " + *system);
      return;
    }
  }
  warnings.push_back("the header states no sensor size and names no known system; width and height are unknown");
}

PropheseeHeader read_prophesee_header(ByteReader& reader) {
  PropheseeHeader header;
  const std::uint64_t start = reader.offset();
  std::string text;      // bytes read so far, from `start`
  std::size_t line = 0;  // start of the line being examined, within text
  std::array<std::uint8_t, 4096> buffer{};
  bool eof = false;
  auto more = [&] {
    const std::size_t got = reader.read(buffer);
    if (got == 0) eof = true;
    text.append(reinterpret_cast<const char*>(buffer.data()), got);
  };
  while (true) {
    while (!eof && text.size() < line + 2) more();
    if (text.size() < line + 2 || text[line] != '%' || text[line + 1] != ' ') break;
    std::size_t newline;
    while ((newline = text.find('\n', line)) == std::string::npos && !eof) {
      if (text.size() - line > kMaxLineBytes) {
        throw FormatError(reader.path().string(), start + line,
                          "a '%' header line runs past 64 KiB without a line end; the header is damaged");
      }
      more();
    }
    std::string_view content(text.data() + line + 2,
                              (newline == std::string::npos ? text.size() : newline) - line - 2);
    if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
    line = newline == std::string::npos ? text.size() : newline + 1;
    if (content == "end") break;
    const std::size_t space = content.find(' ');
    header.fields.emplace_back(std::string(content.substr(0, space)), space == std::string_view::npos
                                                                          ? std::string()
                                                                          : std::string(content.substr(space + 1)));
  }
  header.data_offset = start + line;
  reader.seek(header.data_offset);
  return header;
}

}  // namespace reef::io
