// The body of the event-decoder fuzz targets: arbitrary bytes read as one forced event format, whole and in random
// read sizes. Decoding may end only in a reef::Error; a successful decode must give the same events both ways, keep
// every address inside a stated sensor, and report violations at offsets inside the input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "parser_contract.hpp"
#include "reef/io/event_file.hpp"
#include "scratch_file.hpp"

namespace reef::fuzz {

inline std::vector<core::Event> decode_events(const std::filesystem::path& path, io::EventFormat format,
                                              std::uint64_t seed, std::size_t size) {
  io::EventReadOptions options;
  options.format = format;
  options.chunking = io::ByteChunking{seed == 0 ? std::size_t{1} << 16 : 97, seed};
  auto source = io::open_event_file(path, options);
  std::vector<core::Event> events;
  std::vector<core::Event> buffer(seed == 0 ? 4096 : 5);
  while (const std::size_t n = source->read(buffer)) events.insert(events.end(), buffer.begin(), buffer.begin() + n);
  const core::StreamInfo& info = source->info();
  for (const core::Event& e : events) {
    require(info.width == 0 || e.x < info.width, "events inside the stated sensor width");
    require(info.height == 0 || e.y < info.height, "events inside the stated sensor height");
  }
  for (const core::Violation& violation : source->report().violations) {
    require(violation.offset <= size, "violation offsets inside the input");
  }
  return events;
}

inline void fuzz_event_format(const std::uint8_t* data, std::size_t size, io::EventFormat format,
                              const std::string& suffix) {
  static const ScratchFile file(suffix);
  const auto& path = file.write(data, size);
  expect_only_reef_errors([&] {
    const auto whole = decode_events(path, format, 0, size);
    require(decode_events(path, format, 0x5eed, size) == whole, "the same events whatever the read split");
  });
}

}  // namespace reef::fuzz
