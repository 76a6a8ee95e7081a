// Simulation time as an exact signed count of nanoseconds: exact ties, deterministic ordering, exact µs conversion.
// Durations written by people ("1s", "0.1 ms", "250us") are parsed here so every front-end agrees on them.
#pragma once

#include <compare>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace reef::core {

class Time {
 public:
  constexpr Time() = default;
  static constexpr Time from_ns(std::int64_t ns) { return Time(ns); }
  // Rounds to the nearest nanosecond.
  static Time from_seconds(double seconds);
  static constexpr Time max() { return Time(std::numeric_limits<std::int64_t>::max()); }

  constexpr std::int64_t ns() const { return ns_; }
  constexpr double seconds() const { return static_cast<double>(ns_) * 1e-9; }

  constexpr auto operator<=>(const Time&) const = default;
  constexpr Time operator+(Time o) const { return Time(ns_ + o.ns_); }
  constexpr Time operator-(Time o) const { return Time(ns_ - o.ns_); }
  constexpr Time& operator+=(Time o) { ns_ += o.ns_; return *this; }

 private:
  constexpr explicit Time(std::int64_t ns) : ns_(ns) {}
  std::int64_t ns_ = 0;
};

// Parses "1s", "0.1 ms", "250us", "250µs", "100ns", "2min"; a bare number is seconds.
// Returns nullopt for anything else (negative values included: durations are never negative).
std::optional<Time> parse_duration(std::string_view text);

// "1.5 ms", "2 s", "250 ns": the shortest exact-enough human form, for messages and summaries.
std::string format_duration(Time t);

}  // namespace reef::core
