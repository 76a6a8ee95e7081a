// Scalar values of the network config — numbers, integers, booleans, names, durations, file references — each
// parsed from a located node, failing with the form it expected and what it got.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "config_node.hpp"
#include "reef/core/time.hpp"

namespace reef::io::detail {

enum class DurationRange { positive, non_negative };

inline constexpr std::string_view kNameForm = "a name of letters, digits, '_' and '-' starting with a letter or '_'";

// The form a duration must have, e.g. "a positive duration such as 20 ms or 0.02".
std::string_view duration_form(DurationRange range);

double parse_number(const ConfigNode& node);  // finite
std::uint64_t parse_unsigned(const ConfigNode& node);
// A node or channel count: 1 .. 2^32 - 1 (indices are 32-bit).
std::size_t parse_size(const ConfigNode& node);
bool parse_bool(const ConfigNode& node);
// Fails unless `name` is a valid name (letters, digits, '_', '-'; not starting with a digit or '-').
void check_name(const ConfigNode& node, const std::string& name);

// Seconds: a bare number is taken as it is; "20 ms" becomes exactly the double nearest 0.02.
double parse_seconds(const ConfigNode& node, DurationRange range);
core::Time parse_time(const ConfigNode& node, DurationRange range);

// A number as messages show it: "2", "-0.5", "1e-07", "nan" (up to 10 significant digits).
std::string format_number(double value);

// An array shape as messages show it: "(3, 4)".
std::string format_shape(const std::vector<std::size_t>& shape);

// A path relative to the config's folder that must name an existing regular file.
std::filesystem::path parse_existing_file(const ConfigNode& node, std::string_view expected);

// Fails at `node` when `count` items of `bytes_each` would not fit in this machine's memory, so an oversized
// network is a clear error instead of an allocation failure minutes later.
void check_fits_in_memory(const ConfigNode& node, double count, double bytes_each, std::string_view what);

}  // namespace reef::io::detail
