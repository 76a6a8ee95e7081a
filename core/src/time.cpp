// Time conversions and the one parser for human-written durations.
#include "reef/core/time.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace reef::core {

Time Time::from_seconds(double seconds) { return Time(static_cast<std::int64_t>(std::llround(seconds * 1e9))); }

namespace {

struct Unit {
  std::string_view suffix;
  double seconds;
};

constexpr std::array<Unit, 7> kUnits{{{"ns", 1e-9}, {"us", 1e-6}, {"µs", 1e-6}, {"ms", 1e-3},
                                      {"min", 60.0}, {"s", 1.0}, {"h", 3600.0}}};

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<Time> parse_duration(std::string_view text) {
  text = trim(text);
  double scale = 1.0;
  for (const Unit& unit : kUnits) {
    if (text.size() > unit.suffix.size() && text.ends_with(unit.suffix)) {
      text = trim(text.substr(0, text.size() - unit.suffix.size()));
      scale = unit.seconds;
      break;
    }
  }
  double value = 0.0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(value) || value < 0.0) return std::nullopt;
  const double seconds = value * scale;
  if (seconds * 1e9 >= 9.2e18) return std::nullopt;
  return Time::from_seconds(seconds);
}

std::string format_duration(Time t) {
  const std::int64_t ns = t.ns();
  const std::int64_t magnitude = ns < 0 ? -ns : ns;
  double value = static_cast<double>(ns);
  const char* unit = "ns";
  if (magnitude >= 1'000'000'000) {
    value *= 1e-9;
    unit = "s";
  } else if (magnitude >= 1'000'000) {
    value *= 1e-6;
    unit = "ms";
  } else if (magnitude >= 1'000) {
    value *= 1e-3;
    unit = "us";
  }
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.10g %s", value, unit);
  return buffer;
}

}  // namespace reef::core
