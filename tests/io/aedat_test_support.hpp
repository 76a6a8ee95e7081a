// Helpers for the AEDAT, SHD, NPY and CSV event-file tests: decode a whole file (optionally in random read sizes),
// and damage a sample (truncate it, flip bits) to check that decoding stays safe and reports where it broke.
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "io_test_support.hpp"
#include "reef/core/error.hpp"
#include "reef/io/event_file.hpp"

namespace reef::test {

struct DecodedFile {
  core::StreamInfo info;
  std::vector<core::Event> events;
  core::DecodeReport report;
};

// Every event of `path`, read through spans of `span_events` events.
inline DecodedFile decode_file(const std::filesystem::path& path, const io::EventReadOptions& options = {},
                               std::size_t span_events = 4096) {
  const auto source = io::open_event_file(path, options);
  DecodedFile decoded{source->info(), {}, {}};
  std::vector<core::Event> buffer(span_events);
  while (const std::size_t n = source->read(buffer)) decoded.events.insert(decoded.events.end(), buffer.begin(),
                                                                             buffer.begin() + static_cast<long>(n));
  decoded.report = source->report();
  return decoded;
}

inline io::EventReadOptions random_reads(std::uint64_t seed, std::size_t max_bytes) {
  io::EventReadOptions options;
  options.chunking = io::ByteChunking{max_bytes, seed};
  return options;
}

inline std::int64_t microseconds(const core::Event& e) { return e.t.ns() / 1000; }

// Decodes damaged copies of `sample` (cut at `cuts` offsets, single bits flipped at `flips` offsets spread over the
// file): each must decode or fail with a reef::Error, quickly, and any violation must lie inside the damaged file.
inline void check_damaged_copies(const std::filesystem::path& sample, io::EventFormat format, int cuts, int flips) {
  const std::string bytes = read_bytes(sample);
  ScratchDir dir;
  const auto damaged = dir / ("damaged" + sample.extension().string());
  io::EventReadOptions options;
  options.format = format;
  const auto decode_damaged = [&](const std::string& content, const std::string& what) {
    write_bytes(damaged, content);
    const auto start = std::chrono::steady_clock::now();
    try {
      const DecodedFile decoded = decode_file(damaged, options);
      for (const core::Violation& v : decoded.report.violations) {
        INFO(what << ": " << v.kind << " " << v.detail);
        CHECK(v.offset <= content.size());
      }
    } catch (const InternalError& e) {
      FAIL(what << ": internal error " << e.what());
    } catch (const Error&) {
    }
    CHECK_MESSAGE(std::chrono::steady_clock::now() - start < std::chrono::seconds(10), what << " took too long");
  };
  for (int i = 1; i <= cuts; ++i) {
    const std::size_t cut = bytes.size() * static_cast<std::size_t>(i) / static_cast<std::size_t>(cuts + 1);
    decode_damaged(bytes.substr(0, cut), "cut at " + std::to_string(cut));
  }
  for (int i = 0; i < flips; ++i) {
    std::string copy = bytes;
    const std::size_t at = (bytes.size() * static_cast<std::size_t>(i) / static_cast<std::size_t>(flips) +
                            static_cast<std::size_t>(i) * 7919) % bytes.size();
    copy[at] = static_cast<char>(copy[at] ^ (1 << (i % 8)));
    decode_damaged(copy, "bit " + std::to_string(i % 8) + " flipped at " + std::to_string(at));
  }
}

}  // namespace reef::test
