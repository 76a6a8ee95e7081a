// The event-frame, event-rate and spike-raster pictures of plots.hpp.
#include "reef/io/plots.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "reef/core/error.hpp"

namespace reef::io {
namespace {

constexpr std::size_t kBufferEvents = 1 << 16;

// Width and height of the plot area plus margins and a one-pixel frame of axes around it.
RgbImage framed_canvas(std::uint32_t plot_width, std::uint32_t plot_height) {
  RgbImage image(plot_width + 2 * kPlotMargin + 2, plot_height + 2 * kPlotMargin + 2, kBackground);
  image.draw_frame(kPlotMargin, kPlotMargin, plot_width + 2, plot_height + 2, kAxis);
  return image;
}

}  // namespace

RgbImage plot_event_frame(core::EventSource& source, std::uint32_t scale) {
  const core::StreamInfo& info = source.info();
  if (info.width == 0 || info.height == 0 || info.channel_stream) {
    throw ValidationError("an event frame needs a camera stream with a sensor size; this " + info.format +
                          " stream has none (give --crop to set one, or plot --kind rate)");
  }
  if (scale == 0) throw ValidationError("the frame scale must be at least 1");
  std::vector<std::int64_t> balance(std::size_t{info.width} * info.height, 0);  // ON - OFF
  std::vector<bool> active(balance.size(), false);
  std::vector<core::Event> buffer(kBufferEvents);
  while (const std::size_t n = source.read(buffer)) {
    for (std::size_t i = 0; i < n; ++i) {
      const core::Event& event = buffer[i];
      if (event.x >= info.width || event.y >= info.height) continue;
      const std::size_t index = std::size_t{event.y} * info.width + event.x;
      balance[index] += event.polarity != 0 ? 1 : -1;
      active[index] = true;
    }
  }
  RgbImage image(info.width * scale, info.height * scale, kBackground);
  for (std::uint32_t y = 0; y < info.height; ++y) {
    for (std::uint32_t x = 0; x < info.width; ++x) {
      const std::size_t index = std::size_t{y} * info.width + x;
      if (!active[index]) continue;
      image.fill_rect(std::int64_t{x} * scale, std::int64_t{y} * scale, scale, scale,
                      balance[index] >= 0 ? kOnColour : kOffColour);
    }
  }
  return image;
}

RgbImage plot_event_rate(core::EventSource& source, core::Time bin_width, std::uint32_t bar_width,
                         std::uint32_t plot_height) {
  if (bin_width <= core::Time() || bar_width == 0 || plot_height == 0) {
    throw ValidationError("a rate plot needs a bin width > 0 and a size of at least 1 pixel");
  }
  std::vector<std::uint64_t> counts;
  std::optional<core::Time> first;
  std::vector<core::Event> buffer(kBufferEvents);
  while (const std::size_t n = source.read(buffer)) {
    for (std::size_t i = 0; i < n; ++i) {
      if (!first) first = buffer[i].t;
      const std::int64_t bin = std::max<std::int64_t>(0, (buffer[i].t - *first).ns() / bin_width.ns());
      if (static_cast<std::size_t>(bin) >= counts.size()) counts.resize(static_cast<std::size_t>(bin) + 1, 0);
      ++counts[static_cast<std::size_t>(bin)];
    }
  }
  if (counts.empty()) counts.push_back(0);
  const std::uint64_t peak = std::max<std::uint64_t>(1, *std::max_element(counts.begin(), counts.end()));
  RgbImage image = framed_canvas(static_cast<std::uint32_t>(counts.size()) * bar_width, plot_height);
  const std::int64_t bottom = kPlotMargin + 1 + plot_height;
  for (std::size_t bin = 0; bin < counts.size(); ++bin) {
    const auto height = static_cast<std::int64_t>(
        std::llround(static_cast<double>(counts[bin]) / static_cast<double>(peak) * plot_height));
    image.fill_rect(kPlotMargin + 1 + static_cast<std::int64_t>(bin * bar_width), bottom - height, bar_width, height,
                    kMarkColour);
  }
  return image;
}

RgbImage plot_spike_raster(const std::vector<core::SpikeTrain>& trains, const std::vector<std::uint32_t>& sizes,
                           core::Time bin_width) {
  if (bin_width <= core::Time()) throw ValidationError("a raster plot needs a bin width > 0");
  if (sizes.size() != trains.size()) throw InternalError("plot_spike_raster: one size per spike train");
  double last_s = 0.0;
  for (const auto& train : trains) {
    if (!train.times_s.empty()) last_s = std::max(last_s, train.times_s.back());
  }
  const auto columns = static_cast<std::uint32_t>(std::floor(last_s / bin_width.seconds())) + 1;
  const std::uint32_t rows = std::max<std::uint32_t>(1, std::accumulate(sizes.begin(), sizes.end(), 0U));
  RgbImage image = framed_canvas(columns, rows);
  std::uint32_t first_row = 0;
  for (std::size_t k = 0; k < trains.size(); ++k) {
    const auto& train = trains[k];
    for (std::size_t i = 0; i < train.times_s.size(); ++i) {
      const auto column = static_cast<std::int64_t>(std::floor(train.times_s[i] / bin_width.seconds()));
      image.set(kPlotMargin + 1 + column, kPlotMargin + 1 + first_row + train.neurons[i], kMarkColour);
    }
    first_row += sizes[k];
  }
  return image;
}

}  // namespace reef::io
