// The event-file options shared by inspect, convert, replay and plot, parsed into reef_io / reef_core settings.
#include "event_options.hpp"

#include <charconv>
#include <filesystem>
#include <vector>

#include "reef/core/error.hpp"
#include "text_format.hpp"

namespace reef::cli {
namespace {

std::string format_names() {
  std::string names;
  for (const auto format : io::all_event_formats())
    names += (names.empty() ? "" : ", ") + std::string(io::to_string(format));
  return names;
}

std::string option_text(const po::variables_map& values, const char* name) { return values[name].as<std::string>(); }

// One side of --window: empty (open) or a duration >= 0.
std::optional<core::Time> window_bound(const std::string& text, const std::string& whole) {
  if (text.empty()) return std::nullopt;
  const auto time = core::parse_duration(text);
  if (!time) {
    throw UsageError("invalid value '" + whole + "' for --window: expected START:END with durations >= 0, either "
                     "side may be empty, e.g. 100ms:300ms, :1s or 2s:");
  }
  return *time;
}

std::uint16_t parse_u16(const std::string& text, const std::string& option, const std::string& expected) {
  unsigned value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value > 65535) {
    throw UsageError("invalid value '" + text + "' for " + option + ": expected " + expected);
  }
  return static_cast<std::uint16_t>(value);
}

core::Roi parse_crop(const std::string& text) {
  std::vector<std::uint16_t> numbers;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    numbers.push_back(parse_u16(text.substr(start, comma - start), "--crop",
                                "X,Y,WIDTH,HEIGHT in pixels, e.g. 10,10,100,80"));
    start = comma + 1;
  }
  if (numbers.size() != 4) {
    throw UsageError("invalid value '" + text + "' for --crop: expected X,Y,WIDTH,HEIGHT in pixels, e.g. 10,10,100,80");
  }
  return core::Roi{numbers[0], numbers[1], numbers[2], numbers[3]};
}

core::Time filter_time(const po::variables_map& values, const char* name) {
  if (values.count(name) == 0) return {};
  return parse_duration_option(option_text(values, name), std::string("--") + name);
}

}  // namespace

void add_event_read_options(po::options_description& options) {
  options.add_options()
      ("input-format", po::value<std::string>()->value_name("F"),
       ("read the file as format F instead of detecting it from its first bytes: " + format_names()).c_str())
      ("strict", "stop at the first violation of the format with exit code 3 (default: decode everything valid, "
                 "report each violation with its byte offset)")
      ("dvs128", po::value<std::string>()->value_name("jaer|tonic")->default_value("jaer"),
       "x/y convention of DVS128 AEDAT 2.0 files: jAER's as stored, or Tonic's (mirrored to image order)");
}

io::EventReadOptions event_read_options(const po::variables_map& values) {
  io::EventReadOptions options;
  if (values.count("input-format") != 0) {
    const std::string name = option_text(values, "input-format");
    options.format = io::event_format_from_name(name);
    if (!options.format) throw UsageError("unknown event format '" + name + "'; the formats are " + format_names());
  }
  options.strict = values.count("strict") != 0;
  const std::string dvs128 = option_text(values, "dvs128");
  if (dvs128 != "jaer" && dvs128 != "tonic") {
    throw UsageError("invalid value '" + dvs128 + "' for --dvs128: expected jaer or tonic");
  }
  options.dvs128 = dvs128 == "tonic" ? io::Dvs128Convention::tonic : io::Dvs128Convention::jaer;
  return options;
}

void add_event_transform_options(po::options_description& options) {
  options.add_options()("time-origin", po::value<std::string>()->value_name("shift|absolute")->default_value("shift"),
                        "shift: the first event is at t = 0; absolute: keep the device's timestamps")(
      "window", po::value<std::string>()->value_name("START:END"),
      "keep events with START <= t < END (after the time origin), e.g. 100ms:300ms, :1s (default: all)")(
      "crop", po::value<std::string>()->value_name("X,Y,W,H"),
      "keep the W x H pixels from (X, Y), moved to (0, 0) (default: the whole sensor)")(
      "denoise", po::value<std::string>()->value_name("DT"),
      "background-activity filter: keep an event only if a neighbouring pixel fired within DT, e.g. 1ms (default: "
      "off)")("refractory", po::value<std::string>()->value_name("DT"),
              "drop a pixel's events within DT of its last kept event (default: off)")(
      "downsample", po::value<std::string>()->value_name("K")->default_value("1"),
      "divide x and y by K (sensor size rounded up)")(
      "polarity", po::value<std::string>()->value_name("keep|merge|invert")->default_value("keep"),
      "merge: every event becomes polarity 0 (one channel per pixel); invert: swap ON and OFF");
}

core::EventTransforms event_transforms(const po::variables_map& values) {
  core::EventTransforms transforms;
  const std::string origin = option_text(values, "time-origin");
  if (origin != "shift" && origin != "absolute") {
    throw UsageError("invalid value '" + origin + "' for --time-origin: expected shift or absolute");
  }
  transforms.time_origin = origin == "shift" ? core::TimeOrigin::shift : core::TimeOrigin::absolute;
  if (values.count("window") != 0) {
    const std::string window = option_text(values, "window");
    const std::size_t colon = window.find(':');
    if (colon == std::string::npos) {
      throw UsageError("invalid value '" + window + "' for --window: expected START:END, e.g. 100ms:300ms or :1s");
    }
    transforms.window_start = window_bound(window.substr(0, colon), window);
    transforms.window_end = window_bound(window.substr(colon + 1), window);
  }
  if (values.count("crop") != 0) transforms.crop = parse_crop(option_text(values, "crop"));
  transforms.denoise_dt = filter_time(values, "denoise");
  transforms.refractory = filter_time(values, "refractory");
  transforms.downsample =
      parse_u16(option_text(values, "downsample"), "--downsample", "a whole number from 1 to 65535");
  if (transforms.downsample == 0) throw UsageError("invalid value '0' for --downsample: expected a factor >= 1");
  const std::string polarity = option_text(values, "polarity");
  if (polarity == "keep") {
    transforms.polarity = core::PolarityMode::keep;
  } else if (polarity == "merge") {
    transforms.polarity = core::PolarityMode::merge;
  } else if (polarity == "invert") {
    transforms.polarity = core::PolarityMode::invert;
  } else {
    throw UsageError("invalid value '" + polarity + "' for --polarity: expected keep, merge or invert");
  }
  return transforms;
}

std::unique_ptr<core::TransformedEventSource> open_transformed_events(const std::string& path,
                                                                      const po::variables_map& values) {
  const core::EventTransforms transforms = event_transforms(values);
  return std::make_unique<core::TransformedEventSource>(io::open_event_file(path, event_read_options(values)),
                                                        transforms);
}

bool names_event_file(const Args& args) {
  for (const auto& arg : args) {
    if (arg == "--input-format" || arg.starts_with("--input-format=")) return true;
    if (arg.starts_with("-")) continue;
    const std::filesystem::path path(arg);
    const std::string extension = path.extension().string();
    if (extension == ".yaml" || extension == ".yml") return false;
    if (!std::filesystem::is_regular_file(path)) continue;
    try {
      io::detect_event_format(path);
      return true;
    } catch (const FormatError&) {
      return false;
    }
  }
  return false;
}

std::string dropped_text(const std::map<std::string, std::uint64_t>& counts) {
  std::string text;
  for (const auto& [reason, count] : counts) text += (text.empty() ? "" : "; ") + reason + ": " + group_digits(count);
  return text.empty() ? "none" : text;
}

}  // namespace reef::cli
