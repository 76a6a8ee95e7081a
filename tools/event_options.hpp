// Command-line options shared by the event-file commands (inspect, convert, replay, plot): how to read the file
// (--input-format, --strict, --dvs128) and the stream transforms of core/event_transforms.hpp, with one help text.
#pragma once

#include <memory>
#include <string>

#include "command_line.hpp"
#include "reef/core/event_transforms.hpp"
#include "reef/io/event_file.hpp"

namespace reef::cli {

// --input-format, --strict, --dvs128.
void add_event_read_options(po::options_description& options);
io::EventReadOptions event_read_options(const po::variables_map& values);

// --time-origin, --window, --crop, --denoise, --refractory, --downsample, --polarity.
void add_event_transform_options(po::options_description& options);
core::EventTransforms event_transforms(const po::variables_map& values);

// Opens `path` with the read options and wraps it in the transforms.
std::unique_ptr<core::TransformedEventSource> open_transformed_events(const std::string& path,
                                                                      const po::variables_map& values);

// True when `args` name an event file rather than a YAML network: --input-format is given, or the first argument
// that is an existing file, not named .yaml/.yml, starts with the bytes of a known event format.
bool names_event_file(const Args& args);

// "reason: count; reason: count" of dropped or skipped events, or "none".
std::string dropped_text(const std::map<std::string, std::uint64_t>& counts);

}  // namespace reef::cli
