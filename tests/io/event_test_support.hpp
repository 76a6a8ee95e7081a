// Helpers for the event-file reader tests: reading a whole source (optionally in random read sizes), damaging a
// sample (truncating it, flipping bits) to check that decoding stays safe and reports where it broke, and building
// Prophesee files word by word (EVT 2.0/2.1/3.0 words, '%' headers) for cases no sample file shows.
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <vector>

#include "io_test_support.hpp"
#include "reef/core/error.hpp"
#include "reef/core/event.hpp"
#include "reef/io/event_file.hpp"

namespace reef::test {

struct DecodedFile {
  core::StreamInfo info;
  std::vector<core::Event> events;
  core::DecodeReport report;
};

// Reads every event of `path`, asking for `batch` events per read().
inline DecodedFile decode_file(const std::filesystem::path& path, const io::EventReadOptions& options = {},
                               std::size_t batch = 4096) {
  auto source = io::open_event_file(path, options);
  DecodedFile decoded;
  std::vector<core::Event> buffer(batch);
  while (const std::size_t n = source->read(buffer)) {
    decoded.events.insert(decoded.events.end(), buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n));
  }
  decoded.info = source->info();
  decoded.report = source->report();
  return decoded;
}

// Options reading `path` in random read sizes of 1..chunk_bytes bytes from `seed`.
inline io::EventReadOptions random_chunks(std::uint64_t seed, std::size_t chunk_bytes) {
  io::EventReadOptions options;
  options.chunking = io::ByteChunking{chunk_bytes, seed};
  return options;
}

inline core::Event event_us(std::int64_t t_us, std::uint16_t x, std::uint16_t y, std::uint8_t p) {
  return core::Event{core::Time::from_ns(t_us * 1000), x, y, p};
}

inline std::int64_t us(const core::Event& e) { return e.t.ns() / 1000; }

// Little-endian bytes of 16-bit (EVT 3.0) or 32-bit (EVT 2.0) words.
inline std::string le_words16(std::initializer_list<std::uint16_t> words) {
  std::string bytes;
  for (const std::uint16_t w : words) {
    bytes += static_cast<char>(w & 0xff);
    bytes += static_cast<char>(w >> 8);
  }
  return bytes;
}
inline std::string le_words32(const std::vector<std::uint32_t>& words) {
  std::string bytes;
  for (const std::uint32_t w : words) {
    for (int k = 0; k < 4; ++k) bytes += static_cast<char>((w >> (8 * k)) & 0xff);
  }
  return bytes;
}

// EVT 3.0 words.
inline std::uint16_t evt3_y(unsigned y) { return static_cast<std::uint16_t>(0x0000 | y); }
inline std::uint16_t evt3_x(unsigned x, unsigned p) { return static_cast<std::uint16_t>(0x2000 | p << 11 | x); }
inline std::uint16_t evt3_base(unsigned x, unsigned p) { return static_cast<std::uint16_t>(0x3000 | p << 11 | x); }
inline std::uint16_t evt3_vect12(unsigned mask) { return static_cast<std::uint16_t>(0x4000 | mask); }
inline std::uint16_t evt3_vect8(unsigned mask) { return static_cast<std::uint16_t>(0x5000 | mask); }
inline std::uint16_t evt3_low(unsigned low) { return static_cast<std::uint16_t>(0x6000 | low); }
inline std::uint16_t evt3_high(unsigned high) { return static_cast<std::uint16_t>(0x8000 | high); }

// EVT 2.0 words (EVT 2.1 upper halves have the same layout).
inline std::uint32_t evt2_cd(unsigned p, unsigned ts_lsb, unsigned x, unsigned y) {
  return p << 28 | ts_lsb << 22 | x << 11 | y;
}
inline std::uint32_t evt2_high(std::uint32_t high) { return 0x80000000u | high; }

inline std::string prophesee_header(const std::string& format, unsigned width, unsigned height) {
  return "% camera_integrator_name Prophesee\n% date 2024-01-02 03:04:05\n% format " + format +
         ";height=" + std::to_string(height) + ";width=" + std::to_string(width) + "\n% serial_number 00ff0042\n% end\n";
}

// Writes `bytes` to `name` in `dir` and returns the path.
inline std::filesystem::path write_file(const ScratchDir& dir, const std::string& name, const std::string& bytes) {
  const std::filesystem::path path = dir / name;
  write_bytes(path, bytes);
  return path;
}

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
