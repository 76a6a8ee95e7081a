// The pictures of `reef plot`, drawn on an RgbImage without text: an accumulated event frame of a camera stream,
// event rate over time, and a spike raster of a recording. Colours and layout are fixed so tests can count pixels.
#pragma once

#include <cstdint>
#include <vector>

#include "reef/core/event_stream.hpp"
#include "reef/core/recording.hpp"
#include "reef/io/image.hpp"

namespace reef::io {

constexpr Rgb kBackground{255, 255, 255};
constexpr Rgb kAxis{0, 0, 0};
constexpr Rgb kOnColour{30, 90, 220};   // frame pixels with at least as many ON as OFF events
constexpr Rgb kOffColour{220, 50, 30};  // frame pixels with more OFF than ON events
constexpr Rgb kMarkColour{20, 20, 20};  // raster dots and rate bars
constexpr std::uint32_t kPlotMargin = 8;  // blank border around the axes of rate and raster plots

// Every event of `source` accumulated per pixel; each sensor pixel becomes a `scale` x `scale` block coloured by
// kOnColour / kOffColour, or left kBackground when it had no event. Needs the sensor size (ValidationError).
RgbImage plot_event_frame(core::EventSource& source, std::uint32_t scale);

// Events per bin of `bin_width` from the first event, as bars from the bottom axis (one bar per bin, `bar_width`
// pixels wide, the tallest bar `plot_height` pixels high), inside a frame of axes.
RgbImage plot_event_rate(core::EventSource& source, core::Time bin_width, std::uint32_t bar_width,
                         std::uint32_t plot_height);

// One dot per spike: x from time (pixels of `bin_width`), y the neuron index, populations stacked top to bottom
// in the recording's order, inside a frame of axes; at least 1 pixel row per neuron.
RgbImage plot_spike_raster(const std::vector<core::SpikeTrain>& trains, const std::vector<std::uint32_t>& sizes,
                           core::Time bin_width);

}  // namespace reef::io
