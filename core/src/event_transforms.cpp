// The event-stream transforms of event_transforms.hpp, applied event by event as they stream through.
#include "reef/core/event_transforms.hpp"

#include <algorithm>
#include <limits>

#include "reef/core/error.hpp"

namespace reef::core {

// Per-pixel memory of the background-activity filter and the refractory period: the time of the last event
// (kept or not) and of the last kept event of every pixel.
class TransformedEventSource::PixelFilter {
 public:
  PixelFilter(std::uint16_t width, std::uint16_t height, Time dt, Time refractory)
      : width_(width), height_(height), dt_(dt.ns()), refractory_(refractory.ns()),
        last_(std::size_t{width} * height, kNever), last_kept_(refractory_ > 0 ? last_.size() : 0, kNever) {}

  // Returns the reason to drop the event, or nullptr to keep it.
  const char* check(const Event& event) {
    const std::int64_t t = event.t.ns();
    const std::size_t index = std::size_t{event.y} * width_ + event.x;
    const char* reason = nullptr;
    if (dt_ > 0 && !has_recent_neighbour(event.x, event.y, t)) reason = "background activity";
    last_[index] = t;
    if (reason == nullptr && refractory_ > 0) {
      if (t - last_kept_[index] < refractory_) return "refractory";
      last_kept_[index] = t;
    }
    return reason;
  }

 private:
  static constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::min() / 2;

  bool has_recent_neighbour(std::uint16_t x, std::uint16_t y, std::int64_t t) const {
    const int x0 = std::max(0, x - 1);
    const int x1 = std::min(width_ - 1, x + 1);
    const int y0 = std::max(0, y - 1);
    const int y1 = std::min(height_ - 1, y + 1);
    for (int ny = y0; ny <= y1; ++ny) {
      for (int nx = x0; nx <= x1; ++nx) {
        if (nx == x && ny == y) continue;
        if (t - last_[static_cast<std::size_t>(ny) * width_ + static_cast<std::size_t>(nx)] <= dt_) return true;
      }
    }
    return false;
  }

  int width_;
  int height_;
  std::int64_t dt_;
  std::int64_t refractory_;
  std::vector<std::int64_t> last_;
  std::vector<std::int64_t> last_kept_;
};

namespace {

constexpr std::size_t kBufferEvents = 4096;

std::uint16_t divide_rounding_up(std::uint16_t value, std::uint16_t factor) {
  return static_cast<std::uint16_t>((value + factor - 1) / factor);
}

}  // namespace

TransformedEventSource::TransformedEventSource(std::unique_ptr<EventSource> source, const EventTransforms& transforms)
    : source_(std::move(source)), transforms_(transforms), info_(source_->info()) {
  if (transforms_.downsample == 0) throw ValidationError("the downsampling factor must be at least 1");
  if (transforms_.window_start && transforms_.window_end && *transforms_.window_end <= *transforms_.window_start) {
    throw ValidationError("the time window [" + format_duration(*transforms_.window_start) + ", " +
                          format_duration(*transforms_.window_end) + ") is empty; its end must come after its start");
  }
  crop_width_ = info_.width;
  crop_height_ = info_.height;
  if (const auto& roi = transforms_.crop) {
    if (roi->width == 0 || roi->height == 0) throw ValidationError("the crop rectangle has no area");
    const bool sized = info_.width > 0 && info_.height > 0;
    if (sized && (roi->x + roi->width > info_.width || roi->y + roi->height > info_.height)) {
      throw ValidationError("the crop " + std::to_string(roi->width) + "x" + std::to_string(roi->height) + " at (" +
                            std::to_string(roi->x) + ", " + std::to_string(roi->y) + ") reaches outside the " +
                            std::to_string(info_.width) + "x" + std::to_string(info_.height) + " sensor of '" +
                            info_.format + "' stream; choose a rectangle inside it");
    }
    crop_width_ = roi->width;
    crop_height_ = roi->height;
  }
  if (transforms_.denoise_dt > Time() || transforms_.refractory > Time()) {
    if (crop_width_ == 0 || crop_height_ == 0) {
      throw ValidationError("the denoise and refractory filters need the sensor size, and this " + info_.format +
                            " stream does not state one; give a crop rectangle to set it");
    }
    filter_ = std::make_unique<PixelFilter>(crop_width_, crop_height_, transforms_.denoise_dt, transforms_.refractory);
  }
  info_.width = crop_width_ == 0 ? 0 : divide_rounding_up(crop_width_, transforms_.downsample);
  info_.height = crop_height_ == 0 ? 0 : divide_rounding_up(crop_height_, transforms_.downsample);
  buffer_.resize(kBufferEvents);
}

TransformedEventSource::~TransformedEventSource() = default;

std::uint8_t TransformedEventSource::polarities() const {
  return info_.channel_stream || transforms_.polarity == PolarityMode::merge ? 1 : 2;
}

bool TransformedEventSource::transform(Event& event) {
  if (!first_time_) {
    first_time_ = event.t;
    if (transforms_.time_origin == TimeOrigin::shift) offset_ = event.t;
  }
  event.t = event.t - offset_;
  if (transforms_.window_start && event.t < *transforms_.window_start) {
    drop("before the time window");
    return false;
  }
  if (transforms_.window_end && event.t >= *transforms_.window_end) {
    drop("after the time window");
    return false;
  }
  if (const auto& roi = transforms_.crop) {
    if (event.x < roi->x || event.y < roi->y || event.x >= roi->x + roi->width || event.y >= roi->y + roi->height) {
      drop("outside the crop");
      return false;
    }
    event.x = static_cast<std::uint16_t>(event.x - roi->x);
    event.y = static_cast<std::uint16_t>(event.y - roi->y);
  }
  if (filter_) {
    if (event.x >= crop_width_ || event.y >= crop_height_) {
      drop("outside the sensor size");
      return false;
    }
    if (const char* reason = filter_->check(event)) {
      drop(reason);
      return false;
    }
  }
  event.x = static_cast<std::uint16_t>(event.x / transforms_.downsample);
  event.y = static_cast<std::uint16_t>(event.y / transforms_.downsample);
  if (transforms_.polarity == PolarityMode::merge) event.polarity = 0;
  if (transforms_.polarity == PolarityMode::invert && !info_.channel_stream)
    event.polarity = event.polarity == 0 ? 1 : 0;
  return true;
}

std::size_t TransformedEventSource::read(std::span<Event> out) {
  std::size_t filled = 0;
  while (filled == 0) {
    const std::size_t want = std::min(out.size(), buffer_.size());
    if (want == 0) return 0;
    const std::size_t got = source_->read(std::span(buffer_.data(), want));
    if (got == 0) return 0;
    counts_.read += got;
    for (std::size_t i = 0; i < got; ++i) {
      Event event = buffer_[i];
      if (transform(event)) out[filled++] = event;
    }
  }
  counts_.kept += filled;
  return filled;
}

}  // namespace reef::core
