// The --map option shared by `reef replay` into a network and onto a board: which input channel each event of a
// (transformed) event stream drives.
#pragma once

#include "command_line.hpp"
#include "reef/core/event_input_mapping.hpp"
#include "reef/core/event_transforms.hpp"

namespace reef::cli {

// --map pixels|channels, else the stream's natural mapping (pixels for cameras, channels for channel streams).
core::EventInputMapping event_channel_mapping(const po::variables_map& values,
                                              const core::TransformedEventSource& source);

// UsageError unless the mapping yields `channels` input channels; `target` names what has them ("input 'retina'
// of net.yaml", "braille.pb").
void require_channel_count(const core::EventInputMapping& mapping, std::size_t channels, const std::string& target);

}  // namespace reef::cli
