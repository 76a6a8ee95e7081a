// Spike files for input sources: CSV text (`t,channel` rows, seconds) or an (n, 2) NPY array, chosen by the file
// extension (.npy is NPY, anything else CSV). Every bad value is reported with its line and column or byte offset.
#include "reef/io/spike_file.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>

#include "file_io.hpp"
#include "npy_format.hpp"
#include "reef/core/error.hpp"

namespace reef::io {
namespace {

// core::Time holds int64 nanoseconds: about 292 years.
constexpr double kMaxTimeSeconds = 9.2e9;

using Trains = std::vector<std::vector<core::Time>>;

// An error message for a bad spike time, or nothing.
std::optional<std::string> time_problem(double seconds) {
  if (std::isnan(seconds)) return "expected a time in seconds, not NaN";
  if (seconds < 0.0) return "expected a time >= 0 s";
  if (seconds >= kMaxTimeSeconds) return "expected a time below 9.2e9 s (the range of a nanosecond clock)";
  return std::nullopt;
}

// An error message for a bad channel index, or nothing.
std::optional<std::string> channel_problem(double channel, std::size_t channels) {
  if (std::isfinite(channel) && channel >= 0.0 && channel == std::floor(channel) &&
      channel < static_cast<double>(channels)) {
    return std::nullopt;
  }
  return "expected an integer channel in [0, " + std::to_string(channels) + ")";
}

std::string quoted(std::string_view text) { return ", found '" + std::string(text) + "'"; }

std::string found(double value) {
  char text[32];
  const auto result = std::to_chars(text, text + sizeof text, value);
  return ", found " + std::string(text, result.ptr);
}

// One comma-separated field with surrounding spaces removed, and its 1-based column.
struct Field {
  std::string_view text;
  int column = 1;
};

std::vector<Field> split_fields(std::string_view line) {
  std::vector<Field> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = std::min(line.find(',', start), line.size());
    std::size_t begin = start;
    std::size_t end = comma;
    while (begin < end && (line[begin] == ' ' || line[begin] == '\t')) ++begin;
    while (end > begin && (line[end - 1] == ' ' || line[end - 1] == '\t')) --end;
    fields.push_back({line.substr(begin, end - begin), static_cast<int>(begin) + 1});
    if (comma == line.size()) return fields;
    start = comma + 1;
  }
}

bool parse_number(std::string_view text, double& value) {
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return !text.empty() && ec == std::errc() && ptr == end;
}

class CsvSpikeReader {
 public:
  CsvSpikeReader(std::string file, std::size_t channels) : file_(std::move(file)), channels_(channels) {}

  Trains read(std::string_view text) {
    Trains trains(channels_);
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    bool have_header = false;
    int line_number = 0;
    while (!text.empty()) {
      ++line_number;
      const std::size_t newline = std::min(text.find('\n'), text.size());
      std::string_view line = text.substr(0, newline);
      text.remove_prefix(std::min(newline + 1, text.size()));
      if (line.ends_with('\r')) line.remove_suffix(1);
      const std::size_t first = line.find_first_not_of(" \t");
      if (first == std::string_view::npos || line[first] == '#') continue;
      const std::vector<Field> fields = split_fields(line);
      if (!have_header) {
        read_header(fields, line_number);
        have_header = true;
      } else {
        read_row(fields, line, line_number, trains);
      }
    }
    if (!have_header) fail(std::max(line_number, 1), 1, "expected the header `t,channel`, found no rows");
    return trains;
  }

 private:
  [[noreturn]] void fail(int line, int column, const std::string& message) const {
    throw ConfigError(file_, line, column, message);
  }

  void read_header(const std::vector<Field>& fields, int line_number) {
    const auto is_time = [](std::string_view name) { return name == "t" || name == "time" || name == "t_s"; };
    const bool time_first = fields.size() == 2 && is_time(fields[0].text) && fields[1].text == "channel";
    const bool channel_first = fields.size() == 2 && fields[0].text == "channel" && is_time(fields[1].text);
    if (!time_first && !channel_first) {
      fail(line_number, fields[0].column, "expected the header `t,channel` (or `time,channel`, `t_s,channel`)");
    }
    time_column_ = time_first ? 0 : 1;
  }

  void read_row(const std::vector<Field>& fields, std::string_view line, int line_number, Trains& trains) const {
    if (fields.size() < 2) {
      fail(line_number, static_cast<int>(line.size()) + 1, "expected 2 columns `t,channel`, found 1");
    }
    if (fields.size() > 2) {
      fail(line_number, fields[2].column, "expected 2 columns `t,channel`, found " + std::to_string(fields.size()));
    }
    const Field& time = fields[time_column_];
    const Field& channel = fields[1 - time_column_];
    double seconds = 0.0;
    if (!parse_number(time.text, seconds)) {
      fail(line_number, time.column, "expected a time in seconds" + quoted(time.text));
    }
    if (const auto problem = time_problem(seconds)) fail(line_number, time.column, *problem + quoted(time.text));
    double index = 0.0;
    const bool number = parse_number(channel.text, index);
    if (const auto problem = channel_problem(number ? index : NAN, channels_)) {
      fail(line_number, channel.column, *problem + quoted(channel.text));
    }
    trains[static_cast<std::size_t>(index)].push_back(core::Time::from_seconds(seconds));
  }

  std::string file_;
  std::size_t channels_;
  std::size_t time_column_ = 0;
};

Trains read_npy_spikes(const std::string& bytes, const std::string& file, std::size_t channels) {
  const NpyFile npy = parse_npy(bytes, file);
  const std::vector<std::size_t>& shape = npy.array.shape;
  if (shape.size() != 2 || shape[1] != 2) {
    throw FormatError(file, npy.shape_offset,
                      "expected an array of shape (n, 2) holding [time_s, channel] rows, found shape " +
                          npy_shape_text(shape));
  }
  Trains trains(channels);
  const std::vector<double>& values = npy.array.values;
  for (std::size_t row = 0; row < shape[0]; ++row) {
    const double seconds = values[2 * row];
    const double channel = values[2 * row + 1];
    const std::string where = "row " + std::to_string(row) + ": ";
    if (const auto problem = time_problem(seconds)) {
      throw FormatError(file, npy.offset_of(2 * row), where + *problem + found(seconds));
    }
    if (const auto problem = channel_problem(channel, channels)) {
      throw FormatError(file, npy.offset_of(2 * row + 1), where + *problem + found(channel));
    }
    trains[static_cast<std::size_t>(channel)].push_back(core::Time::from_seconds(seconds));
  }
  return trains;
}

bool is_npy_path(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension == ".npy";
}

}  // namespace

std::vector<std::vector<core::Time>> read_spike_file(const std::filesystem::path& path, std::size_t channels) {
  const std::string bytes = read_file_bytes(path);
  Trains trains = is_npy_path(path) ? read_npy_spikes(bytes, path.string(), channels)
                                    : CsvSpikeReader(path.string(), channels).read(bytes);
  for (std::vector<core::Time>& train : trains) std::sort(train.begin(), train.end());
  return trains;
}

}  // namespace reef::io
