// Bins an event stream into frames for the step engine: event counts per input channel (EventInputMapping) in
// consecutive bins of a fixed width, one frame at a time, so memory stays one frame whatever the stream length.
// A frame of a camera stream is [2, H, W] (or [H, W] with merged polarities); of a channel stream, [channels];
// the frames in order form [T, 2, H, W] / [T, channels].
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "reef/core/event_input_mapping.hpp"
#include "reef/core/event_stream.hpp"

namespace reef::core {

class EventFrameBinner {
 public:
  // Bins are [start + k*bin_width, start + (k+1)*bin_width) with start = the first event's time rounded down to a
  // multiple of bin_width. `source` must outlive the binner. Throws ValidationError for a bin width <= 0.
  EventFrameBinner(EventSource& source, EventInputMapping mapping, Time bin_width);

  // Fills `frame` (resized to mapping().channel_count()) with the counts of the next bin, empty bins included;
  // returns false once the stream has ended and every event has been binned.
  bool next(std::vector<std::uint32_t>& frame);

  const EventInputMapping& mapping() const { return mapping_; }
  Time bin_width() const { return bin_width_; }
  Time frame_start() const { return frame_start_; }  // start of the frame next() returned last
  // Events that mapped to no channel (outside the mapping) or came earlier than the current bin (a backward step).
  std::uint64_t unmapped() const { return unmapped_; }
  std::uint64_t late() const { return late_; }

 private:
  bool fill_buffer();

  EventSource& source_;
  EventInputMapping mapping_;
  Time bin_width_;
  std::vector<Event> buffer_;
  std::size_t position_ = 0;
  std::size_t size_ = 0;
  bool started_ = false;
  Time frame_start_;
  Time next_start_;
  std::uint64_t unmapped_ = 0;
  std::uint64_t late_ = 0;
};

}  // namespace reef::core
