// CSV events: a header line naming the columns (t, x, y, p in any order; y and p optional, extra columns ignored),
// then one event per line with t in µs (up to three decimals, so nanosecond times round-trip), x, y and p as
// integers. The writer emits "t,x,y,p". CSV carries no sensor size.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <cstdio>
#include <limits>
#include <optional>
#include <vector>

#include "reef/core/atomic_output.hpp"
#include "byte_decoder.hpp"
#include "event_formats.hpp"
#include "file_event_source.hpp"
#include "file_io.hpp"
#include "reef/core/error.hpp"

namespace reef::io {
namespace {

constexpr std::size_t kMaxLineBytes = 4096;
enum Column : int { kT, kX, kY, kP, kIgnored };

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// µs with up to three decimals -> ns.
std::optional<std::int64_t> parse_time_ns(std::string_view text) {
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  const std::size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  std::int64_t us = 0;
  const auto [end, error] = std::from_chars(whole.data(), whole.data() + whole.size(), us);
  if (whole.empty() || error != std::errc() || end != whole.data() + whole.size() || fraction.size() > 3 ||
      us > std::numeric_limits<std::int64_t>::max() / 1000 - 1) {
    return std::nullopt;
  }
  std::int64_t ns = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    const char c = i < fraction.size() ? fraction[i] : '0';
    if (c < '0' || c > '9') return std::nullopt;
    ns = ns * 10 + (c - '0');
  }
  const std::int64_t total = us * 1000 + ns;
  return negative ? -total : total;
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

class CsvEventDecoder final : public ByteDecoder {
 public:
  // `file_size`: a last line without a line end is complete once the bytes up to it have been fed.
  CsvEventDecoder(std::uint64_t start, std::uint64_t file_size, std::vector<Column> columns)
      : offset_(start), fed_end_(start), file_size_(file_size), columns_(std::move(columns)) {}

  // An event line holds at least one character and one separator per column.
  std::size_t max_feed_bytes(std::size_t event_room) const override {
    return event_room < 2 ? 0 : (event_room - 1) * 2 * columns_.size();
  }

  std::size_t feed(std::span<const std::uint8_t> bytes, core::Event* out, DecodeLog& log) override {
    std::size_t written = 0;
    fed_end_ += bytes.size();
    const bool at_end = fed_end_ == file_size_;
    const char* data = reinterpret_cast<const char*>(bytes.data());
    std::size_t pos = 0;
    while (pos < bytes.size()) {
      const void* found = std::memchr(data + pos, '\n', bytes.size() - pos);
      const std::size_t end = found != nullptr ? static_cast<std::size_t>(static_cast<const char*>(found) - data)
                                               : bytes.size();
      const std::string_view piece(data + pos, end - pos);
      const std::size_t ending = found != nullptr ? 1 : 0;
      if (found == nullptr && !at_end) {
        if (line_.size() + piece.size() <= kMaxLineBytes) line_.append(piece);
        line_length_ += piece.size();
        break;
      }
      if (line_length_ == 0) {
        written += parse_line(piece, piece.size() + ending, out + written, log);
      } else {
        if (line_.size() + piece.size() <= kMaxLineBytes) line_.append(piece);
        written += parse_line(line_, line_length_ + piece.size() + ending, out + written, log);
        line_.clear();
        line_length_ = 0;
      }
      pos = end + 1;
    }
    return written;
  }

  void finish(DecodeLog& log) override {  // the file shrank while it was read: its last line is incomplete
    if (line_length_ > 0) log.violation(offset_, "truncated line", "the file ends inside a line");
  }

 private:
  // Parses one line (without its '\n'), which spans `length` bytes of the file; returns the events written (0 or 1).
  std::size_t parse_line(std::string_view line, std::size_t length, core::Event* out, DecodeLog& log) {
    const std::uint64_t at = offset_;
    offset_ += length;
    ++line_number_;
    line = trim(line);
    if (line.empty()) return 0;
    if (length > kMaxLineBytes) return reject(at, "line longer than 4096 bytes", log);
    std::int64_t values[4] = {0, 0, 0, 0};
    std::size_t column = 0;
    while (true) {
      const std::size_t comma = line.find(',');
      const std::string_view field = trim(line.substr(0, comma));
      if (column >= columns_.size()) return reject(at, "more fields than the header names", log);
      const Column kind = columns_[column++];
      if (kind == kT) {
        const auto ns = parse_time_ns(field);
        if (!ns) return reject(at, "t is not a number of µs (up to three decimals)", log);
        values[kT] = *ns;
      } else if (kind != kIgnored) {
        const auto value = parse_integer(field);
        if (!value || *value < (kind == kP ? -1 : 0) || *value > 65535) {
          return reject(at, "x, y and p must be integers (x, y in 0..65535)", log);
        }
        values[kind] = *value;
      }
      if (comma == std::string_view::npos) break;
      line.remove_prefix(comma + 1);
    }
    if (column != columns_.size()) return reject(at, "fewer fields than the header names", log);
    *out = core::Event{core::Time::from_ns(values[kT]), static_cast<std::uint16_t>(values[kX]),
                       static_cast<std::uint16_t>(values[kY]), static_cast<std::uint8_t>(values[kP] > 0 ? 1 : 0)};
    return 1;
  }

  std::size_t reject(std::uint64_t at, const char* what, DecodeLog& log) {
    log.violation(at, "bad line", "line " + std::to_string(line_number_) + " of the data: " + what);
    log.skipped("bad lines", 1);
    return 0;
  }

  std::uint64_t offset_;  // file offset of the next line
  std::uint64_t fed_end_;
  std::uint64_t file_size_;
  std::vector<Column> columns_;
  std::string line_;              // the start of a line split across feeds (at most kMaxLineBytes kept)
  std::size_t line_length_ = 0;   // its full length so far
  std::uint64_t line_number_ = 1;  // the header is line 1
};

}  // namespace

namespace {

// Reads the header line and returns its columns; leaves the reader at the first data line.
std::vector<Column> read_columns(ByteReader& reader, std::uint64_t& data_offset, std::vector<std::string>& warnings) {
  std::string line;
  std::uint8_t c = 0;
  std::uint64_t offset = 0;
  while (reader.read(std::span(&c, 1)) == 1) {
    ++offset;
    if (c == '\n') break;
    if (line.size() == kMaxLineBytes) throw FormatError(reader.path().string(), 0, "CSV header line over 4096 bytes");
    line += static_cast<char>(c);
  }
  if (line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
  std::vector<Column> columns;
  std::string_view rest = line;
  bool seen[4] = {false, false, false, false};
  while (true) {
    const std::size_t comma = rest.find(',');
    std::string name(trim(rest.substr(0, comma)));
    for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const Column column = name == "t" ? kT : name == "x" ? kX : name == "y" ? kY : name == "p" ? kP : kIgnored;
    if (column != kIgnored) {
      if (seen[column]) throw FormatError(reader.path().string(), 0, "CSV header names column '" + name + "' twice");
      seen[column] = true;
    }
    columns.push_back(column);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (!seen[kT] || !seen[kX]) {
    if (parse_time_ns(trim(line.substr(0, line.find(',')))) && std::count(line.begin(), line.end(), ',') == 3) {
      warnings.push_back("the CSV file has no header line; columns read as t,x,y,p");
      reader.seek(0);
      data_offset = 0;
      return {kT, kX, kY, kP};
    }
    throw FormatError(reader.path().string(), 0,
                      "the CSV header line '" + line.substr(0, 80) + "' does not name columns t and x; reef reads "
                      "event CSV files with the header t,x,y,p (t in µs)");
  }
  data_offset = offset;
  return columns;
}

class CsvEventWriter : public core::EventSink {
 public:
  explicit CsvEventWriter(const std::filesystem::path& path)
      : atomic_(path, core::AtomicOutput::Kind::file), file_(atomic_.temporary()) {
    file_.write("t,x,y,p\n");
  }

  void write(std::span<const core::Event> events) override {
    std::string text;
    char buffer[64];
    for (const core::Event& e : events) {
      const std::int64_t ns = e.t.ns();
      const std::uint64_t magnitude = ns < 0 ? 0 - static_cast<std::uint64_t>(ns) : static_cast<std::uint64_t>(ns);
      const std::uint64_t fraction = magnitude % 1000;
      int n = std::snprintf(buffer, sizeof buffer, "%s%llu", ns < 0 ? "-" : "",
                            static_cast<unsigned long long>(magnitude / 1000));
      if (fraction != 0) n += std::snprintf(buffer + n, sizeof buffer - static_cast<std::size_t>(n), ".%03llu",
                                            static_cast<unsigned long long>(fraction));
      std::snprintf(buffer + n, sizeof buffer - static_cast<std::size_t>(n), ",%u,%u,%u\n", e.x, e.y, e.polarity);
      text += buffer;
    }
    file_.write(text);
  }

  void close() override {
    file_.close();
    atomic_.commit();
  }

 private:
  core::AtomicOutput atomic_;
  OutputFile file_;
};

}  // namespace

std::unique_ptr<core::EventSource> open_csv_events_file(const std::filesystem::path& path,
                                                        const EventReadOptions& options) {
  auto reader = std::make_unique<ByteReader>(path, options.chunking);
  std::uint64_t data_offset = 0;
  std::vector<std::string> warnings;
  std::vector<Column> columns = read_columns(*reader, data_offset, warnings);
  core::StreamInfo info;
  info.format = std::string(to_string(EventFormat::csv));
  info.channel_stream = std::find(columns.begin(), columns.end(), kY) == columns.end();
  if (info.channel_stream) info.height = 1;
  const std::uint64_t size = reader->file_size();
  auto source = std::make_unique<FileEventSource>(std::move(reader), std::move(info), options);
  for (std::string& warning : warnings) source->log().warning(std::move(warning));
  source->set_decoder(std::make_unique<CsvEventDecoder>(data_offset, size, std::move(columns)));
  return source;
}

std::unique_ptr<core::EventSink> create_csv_events_file(const std::filesystem::path& path, const core::StreamInfo&) {
  return std::make_unique<CsvEventWriter>(path);
}

}  // namespace reef::io
