// Pull (EventSource) and push (EventSink) streams of events, and what a decoder reports about its input.
// Files and boards are both sources: a source decodes bytes from its producer, whatever the split of its reads.
// Contracts: read() returns events in the order they were stored (non-decreasing t unless the format allows small
// backward steps, which are reported); a source and a sink are used by one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "reef/core/event.hpp"

namespace reef::core {

// What a stream says about itself; zero width/height when the file does not state a sensor size.
struct StreamInfo {
  std::string format;        // "aedat4", "evt3", "nmnist", ...
  std::uint16_t width = 0;   // sensor size (x < width); channels for channel streams
  std::uint16_t height = 0;  // 1 for channel streams
  bool channel_stream = false;                    // events are (t, channel) spikes, not pixels
  std::map<std::string, std::string> properties;  // header fields worth showing (camera, serial, date, ...)
};

// A piece of input that could not be decoded as the format says: where (byte offset in the file) and what.
struct Violation {
  std::uint64_t offset = 0;
  std::string kind;    // short, stable: "truncated packet", "unknown event type", "time went backwards", ...
  std::string detail;  // what was found and what was expected
};

// Everything a decoder noticed; events it could not decode are counted per reason, never dropped silently.
struct DecodeReport {
  std::vector<Violation> violations;          // the first ones, up to a limit (see total_violations)
  std::uint64_t total_violations = 0;
  std::map<std::string, std::uint64_t> skipped_events;  // reason -> events (or records) skipped
  std::vector<std::string> warnings;          // things that are valid but worth knowing
};

class EventSource {
 public:
  virtual ~EventSource() = default;
  virtual const StreamInfo& info() const = 0;
  // Fills `out` from the front with the next events and returns how many; 0 means the stream has ended.
  virtual std::size_t read(std::span<Event> out) = 0;
  virtual const DecodeReport& report() const = 0;
};

class EventSink {
 public:
  virtual ~EventSink() = default;
  // Appends events (non-decreasing t).
  virtual void write(std::span<const Event> events) = 0;
  // Completes the output (a file appears only now, whole); a sink destroyed without close() leaves nothing behind.
  virtual void close() = 0;
};

}  // namespace reef::core
