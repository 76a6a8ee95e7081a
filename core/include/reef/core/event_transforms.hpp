// Format-independent transforms of an event stream, applied by an EventSource decorator while events stream
// through it (constant memory: one read buffer plus, for the denoise filter, two timestamps per pixel).
// Order: time origin -> time window -> crop -> denoise/refractory -> downsampling -> polarity mapping.
// Every event the transforms drop is counted under its reason (TransformCounts), never dropped silently.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "reef/core/event_stream.hpp"

namespace reef::core {

// Default `shift`: the first event read becomes t = 0 (OpenEB's default "time shifting"); `absolute` keeps the
// device's timestamps (e.g. Unix-epoch µs in AEDAT 4).
enum class TimeOrigin { shift, absolute };
// Default `keep`; `merge` makes every event polarity 0 (one polarity channel); `invert` swaps ON and OFF.
enum class PolarityMode { keep, merge, invert };

// A rectangle of the sensor; events inside keep their place relative to (x, y), the rest are dropped.
struct Roi {
  std::uint16_t x = 0;
  std::uint16_t y = 0;
  std::uint16_t width = 0;
  std::uint16_t height = 0;
};

struct EventTransforms {
  TimeOrigin time_origin = TimeOrigin::shift;
  // Keeps t in [window_start, window_end), times after the time origin is applied; default: everything.
  std::optional<Time> window_start;
  std::optional<Time> window_end;
  std::optional<Roi> crop;  // default: the whole sensor
  // Background-activity filter: keeps an event only when one of its 8 neighbours had an event (kept or not) at most
  // `denoise_dt` earlier. Zero (default) turns it off.
  Time denoise_dt;
  // Drops an event when the same pixel had a kept event less than `refractory` earlier. Zero (default): off.
  Time refractory;
  std::uint16_t downsample = 1;  // x and y divided by this factor (sensor size rounded up); default 1: none
  PolarityMode polarity = PolarityMode::keep;
};

// What the transforms did: events read from the source, events passed on, and events dropped per reason
// ("before the time window", "after the time window", "outside the crop", "background activity", "refractory",
// "outside the sensor size").
struct TransformCounts {
  std::uint64_t read = 0;
  std::uint64_t kept = 0;
  std::map<std::string, std::uint64_t> dropped;
};

class TransformedEventSource : public EventSource {
 public:
  // Throws ValidationError for transforms that do not fit the stream: a crop outside the sensor, a zero
  // downsampling factor, an empty window, or denoise/refractory on a stream that states no sensor size.
  TransformedEventSource(std::unique_ptr<EventSource> source, const EventTransforms& transforms);
  ~TransformedEventSource() override;

  // The source's info with the sensor size after crop and downsampling.
  const StreamInfo& info() const override { return info_; }
  std::size_t read(std::span<Event> out) override;
  const DecodeReport& report() const override { return source_->report(); }

  const TransformCounts& counts() const { return counts_; }
  // Polarity channels of the output: 1 after `merge`, else 2 (1 for channel streams).
  std::uint8_t polarities() const;
  // What the time origin subtracted from every timestamp (zero for `absolute` or before the first event).
  Time time_offset() const { return offset_; }

 private:
  class PixelFilter;
  bool transform(Event& event);
  void drop(const char* reason) { ++counts_.dropped[reason]; }

  std::unique_ptr<EventSource> source_;
  EventTransforms transforms_;
  StreamInfo info_;
  std::uint16_t crop_width_ = 0;   // sensor size after cropping (the denoise filter's grid)
  std::uint16_t crop_height_ = 0;
  std::unique_ptr<PixelFilter> filter_;
  std::vector<Event> buffer_;
  std::optional<Time> first_time_;
  Time offset_;
  TransformCounts counts_;
};

}  // namespace reef::core
