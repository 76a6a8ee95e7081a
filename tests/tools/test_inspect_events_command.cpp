// `reef inspect` on event files: the figures of SOURCES.md appear (format, sensor size, count, last timestamp,
// ON count), and a file cut short reports a violation with its byte offset, or exits 3 with --strict.
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "run_reef.hpp"
#include "scratch_dir.hpp"
#include "shared_data.hpp"
#include "text_helpers.hpp"

namespace {

using reef::test::contains;

}  // namespace

TEST_CASE("reef inspect describes an EVT 3.0 file with the reference figures") {
  const auto events = reef::test::shared_file("events/expelliarmus/evt3_sample.raw");
  if (!events) return;
  const ReefRun run = run_reef({"inspect", events->string()});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(contains(run.out, "format    evt3"));
  CHECK(contains(run.out, "sensor    1280 x 720"));
  CHECK(contains(run.out, "events    219,596"));
  CHECK(contains(run.out, "last 11,727,457 us"));
  CHECK(contains(run.out, "ON 115,532"));
}

TEST_CASE("reef inspect reports a truncated event file's violation with a byte offset, --strict exits 3") {
  const auto events = reef::test::shared_file("events/expelliarmus/evt2_sample.raw");
  if (!events) return;
  reef::test::ScratchDir dir;
  const auto cut = dir.path() / "cut.raw";
  {
    std::ifstream in(*events, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() - 3);
  }
  const ReefRun run = run_reef({"inspect", cut.string()});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(contains(run.out, "violations 1"));
  CHECK(contains(run.out, "  - byte "));
  const ReefRun strict = run_reef({"inspect", cut.string(), "--strict"});
  CHECK(strict.exit_code == 3);
  CHECK(contains(strict.err, cut.string()));
}
