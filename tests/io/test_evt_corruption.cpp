// Damaged copies of every Prophesee and ATIS sample (truncated at many lengths, single bytes flipped at many
// offsets): decoding never crashes or hangs, every violation lies inside the file, and strict mode stops at the
// first one.
#include <doctest/doctest.h>

#include "event_test_support.hpp"
#include "reef/core/error.hpp"
#include "reef/core/random.hpp"
#include "shared_data.hpp"

using namespace reef::test;

namespace {

const char* const kSamples[] = {"events/expelliarmus/evt2_sample.raw", "events/expelliarmus/evt3_sample.raw",
                                "events/faery/evt2.raw", "events/tonic/sample_ncars.dat",
                                "events/tonic/sample_nmnist.bin"};

// Decodes a damaged copy with the original's format; a FormatError at open (a damaged header) is acceptable.
void check_damaged(const std::filesystem::path& path, reef::io::EventFormat format, std::uint64_t size) {
  reef::io::EventReadOptions options;
  options.format = format;
  try {
    const auto decoded = decode_file(path, options);
    for (const auto& violation : decoded.report.violations) CHECK(violation.offset < size);
    options.strict = true;
    if (decoded.report.total_violations > 0) {
      try {
        decode_file(path, options);
        FAIL("strict mode decoded a file with violations");
      } catch (const reef::FormatError& error) {
        CHECK(error.offset() == decoded.report.violations.at(0).offset);
      }
    }
  } catch (const reef::FormatError& error) {
    CHECK(error.offset() <= size);
  }
}

}  // namespace

TEST_CASE("truncated_and_bit_flipped_samples_decode_without_crashing_and_report_offsets_inside_the_file") {
  ScratchDir dir;
  reef::core::Rng rng(42);
  for (const char* file : kSamples) {
    CAPTURE(file);
    const auto path = shared_file(file);
    if (!path) continue;
    const auto format = reef::io::detect_event_format(*path);
    const std::string bytes = read_bytes(*path);
    const auto damaged = dir / "damaged";
    for (int trial = 0; trial < 12; ++trial) {
      const std::size_t cut = trial < 4 ? static_cast<std::size_t>(trial) * 37 : rng.uniform_index(bytes.size());
      CAPTURE(cut);
      write_bytes(damaged, std::string_view(bytes).substr(0, cut));
      check_damaged(damaged, format, cut);
    }
    for (int trial = 0; trial < 16; ++trial) {
      std::string flipped = bytes;
      for (int k = 0; k < 8; ++k) {
        const std::size_t at = k == 0 && trial < 4 ? rng.uniform_index(400) : rng.uniform_index(bytes.size());
        flipped[at] = static_cast<char>(flipped[at] ^ (1 << rng.uniform_index(8)));
      }
      write_bytes(damaged, flipped);
      check_damaged(damaged, format, flipped.size());
    }
  }
}

TEST_CASE("a_stream_of_random_words_reports_each_violation_and_stays_bounded") {
  ScratchDir dir;
  reef::core::Rng rng(7);
  std::string noise(1 << 16, '\0');
  for (char& c : noise) c = static_cast<char>(rng.uniform_index(256));
  for (const auto& [name, format] : {std::pair{"evt2", "EVT2"}, std::pair{"evt21", "EVT21"}, std::pair{"evt3", "EVT3"}}) {
    CAPTURE(name);
    const auto path = write_file(dir, std::string(name) + ".raw", prophesee_header(format, 640, 480) + noise);
    reef::io::EventReadOptions options;
    options.max_reported_violations = 10;
    const auto decoded = decode_file(path, options);
    CHECK(decoded.report.violations.size() == 10);
    CHECK(decoded.report.total_violations > 10);
    for (const auto& e : decoded.events) CHECK((e.x < 640 && e.y < 480));
  }
}
