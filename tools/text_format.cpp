// Formatting helpers for the CLI reports: grouped digits, SI and binary prefixes, aligned columns.
// Widths count UTF-8 code points, so "→" and "µ" do not break alignment.
#include "text_format.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace reef::cli {
namespace {

std::string printf_string(const char* format, double value) {
  std::array<char, 64> buffer{};
  std::snprintf(buffer.data(), buffer.size(), format, value);
  return buffer.data();
}

std::size_t display_width(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // count every byte that starts a code point
  }));
}

// Three significant digits, at most one decimal above 100: 22.2, 5.62, 123.
std::string three_digits(double value) {
  const double magnitude = std::fabs(value);
  if (magnitude >= 100 || magnitude == 0) return printf_string("%.0f", value);
  if (magnitude >= 10) return printf_string("%.1f", value);
  return printf_string("%.2f", value);
}

}  // namespace

std::string group_digits(std::uint64_t value) {
  std::string digits = std::to_string(value);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), ",");
  return digits;
}

std::string fixed(double value, int decimals) {
  if (std::isnan(value)) return "n/a";
  std::array<char, 64> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.*f", decimals, value);
  return buffer.data();
}

std::string compact(double value) {
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return printf_string("%.6g", value);
}

std::string si_prefixed(double value) {
  constexpr std::array<const char*, 4> kPrefixes{"k", "M", "G", "T"};
  if (std::fabs(value) < 1000) return three_digits(value);
  std::size_t prefix = 0;
  value /= 1000;
  while (std::fabs(value) >= 1000 && prefix + 1 < kPrefixes.size()) {
    value /= 1000;
    ++prefix;
  }
  return three_digits(value) + " " + kPrefixes[prefix];
}

std::string binary_bytes(std::uint64_t bytes) {
  constexpr std::array<const char*, 5> kUnits{"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < kUnits.size()) {
    value /= 1024;
    ++unit;
  }
  return (unit == 0 ? std::to_string(bytes) : three_digits(value)) + " " + kUnits[unit];
}

std::string seconds_text(double seconds) {
  if (seconds < 1) return printf_string("%.3f", seconds) + " s";
  return three_digits(seconds) + " s";
}

std::string real_time_ratio(double bio_seconds, double wall_seconds) {
  if (wall_seconds <= 0 || bio_seconds <= 0) return "no measurable wall time";
  const double ratio = bio_seconds / wall_seconds;
  if (ratio >= 1) return three_digits(ratio) + "x faster than real time";
  return three_digits(1 / ratio) + "x slower than real time";
}

std::string report_line(const std::string& label, const std::string& text) {
  constexpr std::size_t kLabelWidth = 10;
  std::string line = label;
  line.append(label.size() < kLabelWidth ? kLabelWidth - label.size() : 1, ' ');
  return line + text + "\n";
}

TextTable::TextTable(std::vector<std::string> header, std::vector<bool> right_aligned)
    : right_aligned_(std::move(right_aligned)) {
  right_aligned_.resize(header.size(), false);
  rows_.push_back(std::move(header));
}

void TextTable::add_row(std::vector<std::string> cells) {
  cells.resize(right_aligned_.size());
  rows_.push_back(std::move(cells));
}

std::string TextTable::render(const std::string& indent) const {
  std::vector<std::size_t> widths(right_aligned_.size(), 0);
  for (const auto& row : rows_) {
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], display_width(row[i]));
  }
  std::string text;
  for (const auto& row : rows_) {
    std::string line = indent;
    for (std::size_t i = 0; i < row.size(); ++i) {
      const std::string padding(widths[i] - display_width(row[i]), ' ');
      if (i > 0) line += "  ";
      line += right_aligned_[i] ? padding + row[i] : row[i] + padding;
    }
    line.erase(line.find_last_not_of(' ') + 1);
    text += line + "\n";
  }
  return text;
}

}  // namespace reef::cli
