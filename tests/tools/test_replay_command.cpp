// `reef replay`: N-MNIST events drive the example network's input and a recording is written; realtime pacing
// keeps the mean release lateness under 1 ms; a channel-count mismatch is a usage error naming both counts.
#include <doctest/doctest.h>

#include <filesystem>
#include <regex>
#include <string>

#include "reef/io/recording_reader.hpp"
#include "run_reef.hpp"
#include "scratch_dir.hpp"
#include "shared_data.hpp"

namespace {

const std::string kNetwork = REEF_SOURCE_DIR "/configs/examples/nmnist_replay.yaml";

}  // namespace

TEST_CASE("replaying N-MNIST in real time writes a recording and paces releases within 1 ms on average") {
  const auto events = reef::test::shared_file("events/tonic/sample_nmnist.bin");
  if (!events) return;
  reef::test::ScratchDir dir;
  const std::string output = (dir.path() / "run.h5").string();
  // The file spans 0.31 s, so it is replayed for real at speed 1.
  const ReefRun run = run_reef({"replay", events->string(), "--net", kNetwork, "--crop", "0,0,34,34", "--speed",
                                "realtime", "-o", output});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(run.out.find("4,325 read, 4,325 replayed into 'retina' (2,312 channels)") != std::string::npos);
  std::smatch match;
  REQUIRE(std::regex_search(run.out, match, std::regex("lateness mean ([0-9.]+) ms, max ([0-9.]+) ms")));
  MESSAGE("pacing lateness: mean " << match[1] << " ms, max " << match[2] << " ms");
  CHECK(std::stod(match[1]) < 1.0);
  const auto trains = reef::io::read_recorded_spikes(output);
  REQUIRE(trains.size() == 1);
  CHECK(trains[0].population == "hidden");
  CHECK(!trains[0].times_s.empty());
}

TEST_CASE("replay refuses an input whose size does not match the mapped channels") {
  const auto events = reef::test::shared_file("events/tonic/sample_nmnist.bin");
  if (!events) return;
  const ReefRun run =
      run_reef({"replay", events->string(), "--net", kNetwork, "--crop", "0,0,17,34", "--speed", "max"});
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("1,156 channels") != std::string::npos);
  CHECK(run.err.find("has 2,312") != std::string::npos);
}
