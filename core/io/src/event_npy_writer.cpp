// NPY event writer: a 1-D structured array [('x', '<u2'), ('y', '<u2'), ('t', '<i8'), ('p', '|u1')] (Tonic's
// field names; t in µs) streamed to disk; the header's shape is patched in on close(), its length fixed up front.
#include <limits>

#include "reef/core/atomic_output.hpp"
#include "event_formats.hpp"
#include "file_io.hpp"
#include "npy_format.hpp"
#include "reef/core/error.hpp"

namespace reef::io {
namespace {

constexpr std::string_view kDescr = "[('x', '<u2'), ('y', '<u2'), ('t', '<i8'), ('p', '|u1')]";
constexpr std::size_t kRecordBytes = 13;

std::string dictionary(std::uint64_t count) {
  return "{'descr': " + std::string(kDescr) + ", 'fortran_order': False, 'shape': (" + std::to_string(count) + ",), }";
}

// A version 1.0 header for `count` records, padded (as numpy pads, to a multiple of 64 bytes) to the length the
// largest count needs, so the final header overwrites the first exactly.
std::string header_for(std::uint64_t count) {
  const std::size_t total = (10 + dictionary(std::numeric_limits<std::uint64_t>::max()).size() + 1 + 63) / 64 * 64;
  std::string dict = dictionary(count);
  dict.append(total - 10 - dict.size() - 1, ' ');
  dict += '\n';
  std::string out(kNpyMagic);
  out += '\x01';
  out += '\0';
  out += static_cast<char>(dict.size() & 0xff);
  out += static_cast<char>(dict.size() >> 8);
  return out + dict;
}

class NpyEventWriter : public core::EventSink {
 public:
  explicit NpyEventWriter(const std::filesystem::path& path)
      : atomic_(path, core::AtomicOutput::Kind::file), file_(atomic_.temporary()) {
    file_.write(header_for(0));
  }

  void write(std::span<const core::Event> events) override {
    std::string records;
    records.reserve(events.size() * kRecordBytes);
    for (const core::Event& e : events) {
      const std::int64_t ns = e.t.ns();
      if (ns % 1000 != 0) {
        throw Error("cannot write '" + atomic_.target().string() + "': an event at " + std::to_string(ns) +
                    " ns does not fall on a whole microsecond, and event NPY files store t in µs");
      }
      const std::int64_t us = ns / 1000;
      const auto le = [&](std::uint64_t v, int bytes) {
        for (int i = 0; i < bytes; ++i) records += static_cast<char>((v >> (8 * i)) & 0xff);
      };
      le(e.x, 2);
      le(e.y, 2);
      le(static_cast<std::uint64_t>(us), 8);
      le(e.polarity, 1);
    }
    file_.write(records);
    count_ += events.size();
  }

  void close() override {
    file_.seek(0);
    file_.write(header_for(count_));
    file_.close();
    atomic_.commit();
  }

 private:
  core::AtomicOutput atomic_;
  OutputFile file_;
  std::uint64_t count_ = 0;
};

}  // namespace

std::unique_ptr<core::EventSink> create_npy_events_file(const std::filesystem::path& path, const core::StreamInfo&) {
  return std::make_unique<NpyEventWriter>(path);
}

}  // namespace reef::io
