// `reef convert` for event files: converting keeps every event (read back and compared), transforms are applied
// and counted, and an unknown output extension is a usage error.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "reef/io/event_file.hpp"
#include "run_reef.hpp"
#include "scratch_dir.hpp"
#include "shared_data.hpp"

namespace {

std::vector<reef::core::Event> decode(const std::filesystem::path& path) {
  const auto source = reef::io::open_event_file(path);
  std::vector<reef::core::Event> all;
  std::vector<reef::core::Event> buffer(4096);
  while (const std::size_t n = source->read(buffer)) all.insert(all.end(), buffer.begin(), buffer.begin() + n);
  return all;
}

}  // namespace

TEST_CASE("converting N-MNIST events to NPY with absolute times keeps every event") {
  const auto events = reef::test::shared_file("events/tonic/sample_nmnist.bin");
  if (!events) return;
  reef::test::ScratchDir dir;
  const auto output = dir.path() / "digits.npy";
  const ReefRun run = run_reef({"convert", events->string(), output.string(), "--time-origin", "absolute"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(run.out.find("4,325 written of 4,325 read") != std::string::npos);
  CHECK(decode(output) == decode(*events));
}

TEST_CASE("convert applies the time window and counts what it dropped") {
  const auto events = reef::test::shared_file("events/tonic/sample_nmnist.bin");
  if (!events) return;
  reef::test::ScratchDir dir;
  const auto output = dir.path() / "slice.csv";
  const ReefRun run = run_reef({"convert", events->string(), output.string(), "--window", ":100ms"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  const auto all = decode(*events);
  const auto slice = decode(output);
  std::size_t expected = 0;
  for (const auto& event : all) expected += (event.t - all.front().t).ns() < 100'000'000 ? 1 : 0;
  CHECK(slice.size() == expected);
  CHECK(slice.front().t == reef::core::Time());
  CHECK(run.out.find("after the time window: " ) != std::string::npos);
  CHECK(run_reef({"convert", events->string(), (dir.path() / "x.txt").string()}).exit_code == 2);
}
