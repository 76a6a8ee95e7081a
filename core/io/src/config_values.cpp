// Parsing of the config's scalar values: strict numbers (finite, whole text), integers, booleans, names,
// durations with units, and file references resolved against the config's folder.
#include "config_values.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>

#include <unistd.h>

namespace reef::io::detail {

namespace {

constexpr std::string_view kNumberForm = "a finite number such as 1.5";

// The whole text as a double (a leading '+' allowed), or nothing.
std::optional<double> to_double(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0.0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

// The whole text as an unsigned integer, or nothing.
std::optional<std::uint64_t> to_unsigned(std::string_view text) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

bool is_name_char(char c, bool first) {
  const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  return first ? letter : letter || (c >= '0' && c <= '9') || c == '-';
}

}  // namespace

std::string_view duration_form(DurationRange range) {
  return range == DurationRange::positive ? "a positive duration such as 20 ms or 0.02"
                                          : "a non-negative duration such as 2 ms or 0.002";
}

double parse_number(const ConfigNode& node) {
  const auto value = to_double(node.text(kNumberForm));
  if (!value || !std::isfinite(*value)) node.fail_expected(kNumberForm);
  return *value + 0.0;  // -0 becomes 0
}

std::uint64_t parse_unsigned(const ConfigNode& node) {
  constexpr std::string_view form = "a non-negative integer such as 1";
  const auto value = to_unsigned(node.text(form));
  if (!value) node.fail_expected(form);
  return *value;
}

std::size_t parse_size(const ConfigNode& node) {
  constexpr std::string_view form = "a positive integer such as 100";
  const auto parsed = to_unsigned(node.text(form));
  if (!parsed) node.fail_expected(form);
  const std::uint64_t value = *parsed;
  if (value == 0) node.fail("expected a positive integer such as 100, got 0 (a node cannot be empty)");
  if (value > std::numeric_limits<std::uint32_t>::max())
    node.fail("expected at most 4294967295 (indices are 32-bit), got " + node.describe());
  return static_cast<std::size_t>(value);
}

bool parse_bool(const ConfigNode& node) {
  constexpr std::string_view form = "true or false";
  const std::string& text = node.text(form);
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  node.fail_expected(form);
}

void check_name(const ConfigNode& node, const std::string& name) {
  bool valid = !name.empty();
  for (std::size_t i = 0; valid && i < name.size(); ++i) valid = is_name_char(name[i], i == 0);
  if (!valid) node.fail_expected(kNameForm);
}

double parse_seconds(const ConfigNode& node, DurationRange range) {
  const std::string_view form = duration_form(range);
  const std::string& text = node.text(form);
  double seconds = 0.0;
  if (const auto bare = to_double(text)) {
    seconds = *bare + 0.0;
  } else if (const auto time = core::parse_duration(text)) {
    seconds = static_cast<double>(time->ns()) / 1e9;  // one rounding: "20 ms" gives exactly the double 0.02
  } else {
    node.fail_expected(form);
  }
  if (!std::isfinite(seconds) || seconds < 0.0 || (range == DurationRange::positive && seconds == 0.0))
    node.fail_expected(form);
  return seconds;
}

core::Time parse_time(const ConfigNode& node, DurationRange range) {
  const std::string_view form = duration_form(range);
  const auto time = core::parse_duration(node.text(form));
  if (!time || (range == DurationRange::positive && time->ns() == 0)) node.fail_expected(form);
  return *time;
}

std::string format_number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return buffer;
}

std::string format_shape(const std::vector<std::size_t>& shape) {
  std::string text;
  for (std::size_t extent : shape) text += (text.empty() ? "" : ", ") + std::to_string(extent);
  return "(" + text + ")";
}

std::filesystem::path parse_existing_file(const ConfigNode& node, std::string_view expected) {
  const std::string& text = node.text(expected);
  if (text.empty()) node.fail_expected(expected);
  std::filesystem::path path(text);
  if (path.is_relative()) path = node.source().base_dir / path;
  std::error_code error;
  if (!std::filesystem::exists(path, error)) node.fail("file not found: " + path.string());
  if (!std::filesystem::is_regular_file(path, error)) node.fail("not a regular file: " + path.string());
  return path;
}

void check_fits_in_memory(const ConfigNode& node, double count, double bytes_each, std::string_view what) {
  const double memory = static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE));
  const double needed = count * bytes_each;
  if (memory <= 0.0 || needed <= memory) return;
  char text[160];
  std::snprintf(text, sizeof text, "%.3g %s would need about %.1f GiB; this machine has %.1f GiB of memory",
                count, std::string(what).c_str(), needed / 1073741824.0, memory / 1073741824.0);
  node.fail(text);
}

}  // namespace reef::io::detail
