// `reef replay --device emu`: the Braille test sample, as an event file, replayed onto the emulated board (its slots
// kept in a scratch folder) records what `reef chipsim` records; --device without --config is a usage error.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "run_reef.hpp"
#include "scratch_dir.hpp"
#include "shared_data.hpp"
#include "step_events_csv.hpp"
#include "text_helpers.hpp"

namespace {

// Points the emulated board at `dir` for the lifetime of the object.
class EmulatedBoardDir {
 public:
  explicit EmulatedBoardDir(const std::string& dir) { setenv("REEF_EMULATED_BOARD_DIR", dir.c_str(), 1); }
  ~EmulatedBoardDir() { unsetenv("REEF_EMULATED_BOARD_DIR"); }
  EmulatedBoardDir(const EmulatedBoardDir&) = delete;
  EmulatedBoardDir& operator=(const EmulatedBoardDir&) = delete;
};

using reef::test::read_bytes;

using reef::test::contains;

}  // namespace

TEST_CASE("replaying the braille sample onto the emulated board records what reef chipsim records") {
  const auto model =
      reef::test::shared_file("nir/neuromorphs+NIR/paper/03_rnn/braille_noDelay_noBias_subtract.nir");
  const auto input = reef::test::shared_file("nir/neuromorphs+NIR/paper/03_rnn/derived/ds_test_sample0_input.npy");
  if (!model || !input) return;
  reef::test::ScratchDir dir;
  const EmulatedBoardDir board((dir / "board").string());
  const std::string chip_pb = (dir / "braille.pb").string();
  const std::string events = (dir / "sample0.csv").string();
  // The model's dt is 0.1 ms, the board's default step: one step per 100 µs.
  reef::test::write_step_events_csv(*input, events, 100);
  REQUIRE(run_reef({"map", model->string(), "--chip", "xylo-audio2", "-o", chip_pb}).exit_code == 0);
  REQUIRE(run_reef({"flash", chip_pb, "--device", "emu"}).exit_code == 0);
  const ReefRun replay = run_reef({"replay", events, "--device", "emu", "--config", chip_pb, "--crop", "0,0,12,1",
                                   "--map", "channels", "--time-origin", "absolute", "--duration", "25.6ms",
                                   "--speed", "realtime", "-o", (dir / "replay").string() + "/"});
  REQUIRE_MESSAGE(replay.exit_code == 0, replay.err);
  CHECK(contains(replay.out, "step 0.1 ms"));
  CHECK(contains(replay.out, "replayed onto the board (12 channels, 256 steps)"));
  CHECK(contains(replay.out, "pacing    speed 1:"));
  CHECK(contains(replay.out, "class 1"));
  const ReefRun chipsim = run_reef({"chipsim", chip_pb, "--input", input->string(), "-o",
                                    (dir / "chipsim").string() + "/"});
  REQUIRE_MESSAGE(chipsim.exit_code == 0, chipsim.err);
  const std::string chipsim_spikes = read_bytes((dir / "chipsim/lif2.spikes.npy").string());
  CHECK(!chipsim_spikes.empty());
  CHECK(chipsim_spikes == read_bytes((dir / "replay/lif2.spikes.npy").string()));
}

TEST_CASE("replay onto a board without --config says which configuration to name") {
  reef::test::ScratchDir dir;
  const EmulatedBoardDir board((dir / "board").string());
  const std::string events = (dir / "one.csv").string();
  std::ofstream(events) << "t,x\n0,0\n";
  const ReefRun replay = run_reef({"replay", events, "--device", "emu", "--crop", "0,0,12,1"});
  CHECK(replay.exit_code == 2);
  CHECK(contains(replay.err, "missing --config CHIP.pb"));
}
