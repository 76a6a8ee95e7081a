// A small scanner for DV's XML stream directory: <node name=...> nesting and <attr key=...>value</attr> leaves.
// It never fails: unknown markup is skipped, and a stream keeps the attributes found before any damage.
#include "aedat4_info.hpp"

#include <charconv>
#include <optional>

namespace reef::io {
namespace {

// The value of attribute `name` inside a start tag's text, e.g. name="0".
std::optional<std::string_view> tag_attribute(std::string_view tag, std::string_view name) {
  const std::string key = std::string(name) + "=\"";
  std::size_t at = tag.find(key);
  while (at != std::string_view::npos && at > 0 && tag[at - 1] != ' ' && tag[at - 1] != '\t' &&
         tag[at - 1] != '\n') {
    at = tag.find(key, at + 1);
  }
  if (at == std::string_view::npos) return std::nullopt;
  const std::size_t begin = at + key.size();
  const std::size_t end = tag.find('"', begin);
  if (end == std::string_view::npos) return std::nullopt;
  return tag.substr(begin, end - begin);
}

std::string unescape(std::string_view text) {
  static constexpr std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool replaced = false;
    for (const auto& [entity, c] : kEntities) {
      if (text.substr(i, entity.size()) == entity) {
        out += c;
        i += entity.size() - 1;
        replaced = true;
        break;
      }
    }
    if (!replaced) out += text[i];
  }
  return out;
}

std::optional<std::int64_t> to_integer(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

void set_attribute(Aedat4StreamInfo& stream, bool in_info, std::string_view key, std::string value) {
  if (!in_info) {
    if (key == "typeIdentifier") stream.type = std::move(value);
    if (key == "originalOutputName") stream.output_name = std::move(value);
    return;
  }
  if (key == "source") stream.source = std::move(value);
  if (key == "sizeX") stream.size_x = to_integer(value).value_or(0);
  if (key == "sizeY") stream.size_y = to_integer(value).value_or(0);
}

}  // namespace

std::vector<Aedat4StreamInfo> parse_aedat4_info(std::string_view xml) {
  std::vector<Aedat4StreamInfo> streams;
  std::vector<std::string_view> path;  // names of the open <node> elements
  std::size_t pos = 0;
  while ((pos = xml.find('<', pos)) != std::string_view::npos) {
    const std::size_t close = xml.find('>', pos);
    if (close == std::string_view::npos) break;
    const std::string_view tag = xml.substr(pos + 1, close - pos - 1);
    pos = close + 1;
    if (tag.starts_with("/node")) {
      if (!path.empty()) path.pop_back();
    } else if (tag.starts_with("node ") || tag == "node") {
      if (tag.ends_with("/")) continue;
      const std::string_view name = tag_attribute(tag, "name").value_or("");
      path.push_back(name);
      if (path.size() >= 2 && path[path.size() - 2] == "outInfo") {
        if (const auto id = to_integer(name); id && *id >= INT32_MIN && *id <= INT32_MAX) {
          streams.push_back({.id = static_cast<std::int32_t>(*id)});
        }
      }
    } else if (tag.starts_with("attr ")) {
      const auto key = tag_attribute(tag, "key");
      const std::size_t end = xml.find("</attr>", pos);
      if (!key || end == std::string_view::npos || streams.empty()) continue;
      const std::string value = unescape(xml.substr(pos, end - pos));
      pos = end + 7;
      const bool in_info = path.size() >= 3 && path.back() == "info" && path[path.size() - 3] == "outInfo";
      const bool in_stream = path.size() >= 2 && path[path.size() - 2] == "outInfo";
      const std::string_view id_name = in_info ? path[path.size() - 2] : (in_stream ? path.back() : "");
      if ((in_info || in_stream) && to_integer(id_name) == streams.back().id) {
        set_attribute(streams.back(), in_info, *key, value);
      }
    }
  }
  return streams;
}

std::string aedat4_event_stream_xml(std::uint16_t width, std::uint16_t height, std::string_view source) {
  std::string escaped;
  for (const char c : source) {
    switch (c) {
      case '&': escaped += "&amp;"; break;
      case '<': escaped += "&lt;"; break;
      case '>': escaped += "&gt;"; break;
      case '"': escaped += "&quot;"; break;
      default: escaped += c;
    }
  }
  return "<dv version=\"2.0\">\n"
         "    <node name=\"outInfo\" path=\"/mainloop/Recorder/outInfo/\">\n"
         "        <node name=\"0\" path=\"/mainloop/Recorder/outInfo/0/\">\n"
         "            <attr key=\"compression\" type=\"string\">LZ4</attr>\n"
         "            <attr key=\"originalModuleName\" type=\"string\">reef</attr>\n"
         "            <attr key=\"originalOutputName\" type=\"string\">events</attr>\n"
         "            <attr key=\"typeDescription\" type=\"string\">Array of events (polarity ON/OFF).</attr>\n"
         "            <attr key=\"typeIdentifier\" type=\"string\">EVTS</attr>\n"
         "            <node name=\"info\" path=\"/mainloop/Recorder/outInfo/0/info/\">\n"
         "                <attr key=\"sizeX\" type=\"int\">" + std::to_string(width) + "</attr>\n"
         "                <attr key=\"sizeY\" type=\"int\">" + std::to_string(height) + "</attr>\n"
         "                <attr key=\"source\" type=\"string\">" + escaped + "</attr>\n"
         "            </node>\n"
         "        </node>\n"
         "    </node>\n"
         "</dv>\n";
}

}  // namespace reef::io
