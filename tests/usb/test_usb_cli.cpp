// The shipped `reef` (devices, flash, run) against the emulated board over the real USB path: every run goes
// through reef_usb_board, which plugs the board in a umockdev testbed and starts reef as its child. (run_reef.hpp
// spawns REEF_EXECUTABLE, which this suite points at the helper; REEF_CLI is reef itself.)
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "hw/test_board_images.hpp"
#include "scratch_dir.hpp"
#include "shared_data.hpp"
#include "tools/run_reef.hpp"
#include "tools/step_events_csv.hpp"
#include "text_helpers.hpp"

namespace {

using reef::test::ScratchDir;

// `reef ARGS` with the emulated board plugged in; its slots persist in `state` between calls.
ReefRun reef_with_board(const ScratchDir& state, std::vector<std::string> helper_options,
                        const std::vector<std::string>& reef_args) {
  std::vector<std::string> args{"--state", (state / "board").string()};
  args.insert(args.end(), helper_options.begin(), helper_options.end());
  args.push_back("--");
  args.push_back(REEF_CLI);
  args.insert(args.end(), reef_args.begin(), reef_args.end());
  return run_reef(args);
}

std::string small_chip_pb(const ScratchDir& dir, std::int32_t threshold = 40) {
  const std::string path = (dir / ("small" + std::to_string(threshold) + ".pb")).string();
  reef::hw::write_chip_image(path, reef::test::board_test_image(threshold));
  return path;
}

using reef::test::read_bytes;

using reef::test::contains;

}  // namespace

TEST_CASE("reef_flash_over_usb_activates_the_file_and_reef_devices_shows_its_hash") {
  ScratchDir dir;
  const std::string chip_pb = small_chip_pb(dir);
  const std::string hash = reef::hw::chip_image_hash(reef::test::board_test_image());
  const ReefRun flash = reef_with_board(dir, {}, {"flash", chip_pb, "--verify"});
  CHECK_MESSAGE(flash.exit_code == 0, flash.err);
  CHECK(contains(flash.out, "verified"));
  CHECK(contains(flash.out, "active: " + hash));
  CHECK(read_bytes((dir / "board/slot0.pb").string()) == read_bytes(chip_pb));

  const ReefRun devices = reef_with_board(dir, {}, {"devices"});
  CHECK(devices.exit_code == 0);
  CHECK(contains(devices.out, "usb 1:2"));
  CHECK(contains(devices.out, "EMU0001"));
  CHECK(contains(devices.out, hash));
}

TEST_CASE("reef_flash_dry_run_prints_the_plan_and_changes_nothing") {
  ScratchDir dir;
  const ReefRun dry = reef_with_board(dir, {}, {"flash", small_chip_pb(dir), "--dry-run"});
  CHECK(dry.exit_code == 0);
  CHECK(contains(dry.out, "to slot 0"));
  const ReefRun devices = reef_with_board(dir, {}, {"devices"});
  CHECK(contains(devices.out, "active:   none"));
}

TEST_CASE("an_unplug_during_reef_flash_exits_4_and_the_previous_configuration_stays_active") {
  ScratchDir dir;
  REQUIRE(reef_with_board(dir, {}, {"flash", small_chip_pb(dir, 40)}).exit_code == 0);
  const ReefRun cut = reef_with_board(dir, {"--unplug-after-bytes", "100"}, {"flash", small_chip_pb(dir, 41)});
  CHECK(cut.exit_code == 4);
  CHECK(contains(cut.err, "LIBUSB_ERROR_NO_DEVICE"));
  CHECK(contains(cut.err, "reconnect it"));
  const ReefRun devices = reef_with_board(dir, {}, {"devices"});
  CHECK(contains(devices.out, reef::hw::chip_image_hash(reef::test::board_test_image(40))));
  CHECK(reef_with_board(dir, {}, {"flash", small_chip_pb(dir, 41)}).exit_code == 0);
}

TEST_CASE("device_errors_exit_4_and_say_what_to_do") {
  ScratchDir dir;
  const std::string chip_pb = small_chip_pb(dir);
  const ReefRun busy = reef_with_board(dir, {"--busy"}, {"flash", chip_pb});
  CHECK(busy.exit_code == 4);
  CHECK(contains(busy.err, "another program has claimed it"));

  const ReefRun newer = reef_with_board(dir, {"--protocol", "2"}, {"flash", chip_pb});
  CHECK(newer.exit_code == 4);
  CHECK(contains(newer.err, "update reef"));

  const ReefRun none = reef_with_board(dir, {}, {"flash", chip_pb, "--usb-id", "1234:5678"});
  CHECK(none.exit_code == 4);
  CHECK(contains(none.err, "reef devices"));
}

TEST_CASE("reef_run_of_the_braille_network_on_the_board_records_what_reef_chipsim_records") {
  const auto model =
      reef::test::shared_file("nir/neuromorphs+NIR/paper/03_rnn/braille_noDelay_noBias_subtract.nir");
  const auto input = reef::test::shared_file("nir/neuromorphs+NIR/paper/03_rnn/derived/ds_test_sample0_input.npy");
  if (!model || !input) return;
  ScratchDir dir;
  const std::string chip_pb = (dir / "braille.pb").string();
  const ReefRun map = reef_with_board(dir, {}, {"map", model->string(), "--chip", "xylo-audio2", "-o", chip_pb});
  REQUIRE_MESSAGE(map.exit_code == 0, map.err);
  REQUIRE(reef_with_board(dir, {}, {"flash", chip_pb, "--verify"}).exit_code == 0);
  const ReefRun run = reef_with_board(dir, {}, {"run", "--config", chip_pb, "--input", input->string(), "-o",
                                                (dir / "board_run").string() + "/"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  const ReefRun chipsim = reef_with_board(dir, {}, {"chipsim", chip_pb, "--input", input->string(), "-o",
                                                    (dir / "chipsim_run").string() + "/"});
  REQUIRE_MESSAGE(chipsim.exit_code == 0, chipsim.err);
  const std::string board_spikes = read_bytes((dir / "board_run/lif2.spikes.npy").string());
  CHECK(!board_spikes.empty());
  CHECK(board_spikes == read_bytes((dir / "chipsim_run/lif2.spikes.npy").string()));
  CHECK(contains(run.out, "class 1"));
}

TEST_CASE("reef_replay_of_the_braille_events_onto_the_board_records_what_reef_run_records") {
  const auto model =
      reef::test::shared_file("nir/neuromorphs+NIR/paper/03_rnn/braille_noDelay_noBias_subtract.nir");
  const auto input = reef::test::shared_file("nir/neuromorphs+NIR/paper/03_rnn/derived/ds_test_sample0_input.npy");
  if (!model || !input) return;
  ScratchDir dir;
  const std::string chip_pb = (dir / "braille.pb").string();
  const std::string events = (dir / "sample0.csv").string();
  reef::test::write_step_events_csv(*input, events, 1000);  // one step per millisecond
  REQUIRE(reef_with_board(dir, {}, {"map", model->string(), "--chip", "xylo-audio2", "-o", chip_pb}).exit_code == 0);
  REQUIRE(reef_with_board(dir, {}, {"flash", chip_pb}).exit_code == 0);
  const ReefRun run = reef_with_board(dir, {}, {"run", "--config", chip_pb, "--input", input->string(), "-o",
                                                (dir / "board_run").string() + "/"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  // 256 steps of 1 ms at speed 10: the replay really waits (about 26 ms) while its blocks go over USB.
  const ReefRun replay = reef_with_board(
      dir, {}, {"replay", events, "--device", "1:2", "--config", chip_pb, "--crop", "0,0,12,1", "--map", "channels",
                "--time-origin", "absolute", "--step", "1ms", "--duration", "256ms", "--speed", "10", "-o",
                (dir / "board_replay").string() + "/"});
  REQUIRE_MESSAGE(replay.exit_code == 0, replay.err);
  CHECK(contains(replay.out, "replayed onto the board (12 channels, 256 steps)"));
  CHECK(contains(replay.out, "lateness mean"));
  const std::string run_spikes = read_bytes((dir / "board_run/lif2.spikes.npy").string());
  CHECK(!run_spikes.empty());
  CHECK(run_spikes == read_bytes((dir / "board_replay/lif2.spikes.npy").string()));
}
