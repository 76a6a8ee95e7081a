// `reef sim MODEL.nir` on the NIR paper's files and `reef sim net.yaml --engine step`: the [T, N] spike-count
// arrays named by node, the printed profile/dt guess and the command line overriding it, the input-shape, missing
// --input and unknown-profile errors; `reef bench braille` and `reef bench cuba --engine step` on short settings.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "reef/io/npy.hpp"
#include "run_reef.hpp"
#include "scratch_dir.hpp"
#include "shared_data.hpp"
#include "text_helpers.hpp"

using reef::test::ScratchDir;

namespace {

const std::string kDemo = REEF_SOURCE_DIR "/configs/examples/demo.yaml";
const std::filesystem::path kStepData = std::filesystem::path(REEF_TEST_DATA_DIR) / "step";
const std::string kRnn = "nir/neuromorphs+NIR/paper/03_rnn/";
const std::string kCnn = "nir/neuromorphs+NIR/paper/02_cnn/cnn_sinabs.nir";

using reef::test::contains;

// The CNN regression input (tests/data/step, bit-packed [20, 2, 34, 34]) written as a float NPY of `shape`.
std::filesystem::path write_cnn_frames(const ScratchDir& dir, const std::vector<std::size_t>& shape) {
  const reef::io::NpyArray bits = reef::io::read_npy(kStepData / "cnn_sinabs_input_bits.npy");
  std::vector<double> values(20 * 2 * 34 * 34);
  for (std::size_t i = 0; i < values.size(); ++i)
    values[i] = (static_cast<std::uint8_t>(bits.values.at(i / 8)) >> (7 - i % 8)) & 1U ? 1.0 : 0.0;
  const auto path = dir.path() / "frames.npy";
  reef::io::write_npy(path, shape, values);
  return path;
}

}  // namespace

TEST_CASE("reef sim model.nir writes a [T, N] spike count array per spiking node, named by the NIR node") {
  const auto model = reef::test::shared_file(kCnn);
  if (!model) return;
  ScratchDir dir;
  const auto input = write_cnn_frames(dir, {20, 2, 34, 34});
  const ReefRun run = run_reef({"sim", model->string(), "--input", input.string(), "-o", (dir.path() / "out/").string()});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  for (const auto& [node, neurons] : std::vector<std::pair<std::string, std::size_t>>{
           {"1", 4096}, {"3", 4096}, {"6", 512}, {"10", 256}, {"12", 10}}) {
    CAPTURE(node);
    const reef::io::NpyArray spikes = reef::io::read_npy(dir.path() / "out" / (node + ".spikes.npy"));
    CHECK(spikes.shape == std::vector<std::size_t>{20, neurons});
  }
  // The last IF node's counts are the ones the independent Sinabs model computed (make_cnn_sinabs_expected.py).
  CHECK(reef::io::read_npy(dir.path() / "out" / "12.spikes.npy").values ==
        reef::io::read_npy(kStepData / "cnn_sinabs_output_spikes.npy").values);
  CHECK(contains(run.out, "profile   sinabs, dt 1, spike rule multi"));
}

TEST_CASE("reef sim model.nir prints the guessed profile and dt, and the command line overrides both") {
  const auto model = reef::test::shared_file(kRnn + "braille_noDelay_bias_zero.nir");
  const auto input = reef::test::shared_file(kRnn + "derived/ds_test_sample0_input.npy");
  if (!model || !input) return;
  const ReefRun guessed = run_reef({"sim", model->string(), "--input", input->string()});
  REQUIRE_MESSAGE(guessed.exit_code == 0, guessed.err);
  CHECK(contains(guessed.out, "guess     snntorch, dt 0.0001: "));
  CHECK(contains(guessed.out, "profile   snntorch, dt 0.0001, spike rule single, recurrent bias at t = 0"));
  CHECK(contains(guessed.out, "256 steps x batch 1"));

  const ReefRun chosen =
      run_reef({"sim", model->string(), "--input", input->string(), "--profile", "euler", "--dt", "0.2ms"});
  REQUIRE_MESSAGE(chosen.exit_code == 0, chosen.err);
  CHECK(contains(chosen.out, "guess     snntorch, dt 0.0001: "));
  CHECK(contains(chosen.out, "profile   euler, dt 0.0002, spike rule single\n"));
}

TEST_CASE("reef sim model.nir rejects input of the wrong shape with exit 3 naming both shapes") {
  const auto model = reef::test::shared_file(kCnn);
  if (!model) return;
  ScratchDir dir;
  const auto input = write_cnn_frames(dir, {20, 2, 1156});
  const ReefRun run = run_reef({"sim", model->string(), "--input", input.string()});
  CHECK(run.exit_code == 3);
  CHECK(contains(run.err, "(20, 2, 1156)"));
  CHECK(contains(run.err, "(2, 34, 34)"));
  CHECK(contains(run.err, "'input'"));
}

TEST_CASE("reef sim model.nir without --input or with an unknown profile exits 2 and says what to give") {
  const auto model = reef::test::shared_file(kCnn);
  if (!model) return;
  const ReefRun missing = run_reef({"sim", model->string()});
  CHECK(missing.exit_code == 2);
  CHECK(contains(missing.err, "--input IN.npy is required"));
  ScratchDir dir;
  const auto input = write_cnn_frames(dir, {20, 2, 34, 34});
  const ReefRun unknown = run_reef({"sim", model->string(), "--input", input.string(), "--profile", "brian2"});
  CHECK(unknown.exit_code == 2);
  CHECK(contains(unknown.err, "--profile 'brian2': expected exact, euler"));
}

TEST_CASE("reef sim net.yaml --engine step runs the YAML network on a 0.1 ms grid") {
  ScratchDir dir;
  const ReefRun run = run_reef({"sim", kDemo, "--engine", "step", "--dt", "0.1ms", "--duration", "100ms", "-o",
                                (dir.path() / "out/").string()});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(contains(run.out, "engine    step, exact propagators, dt 100 us"));
  CHECK(contains(run.out, "simulated 100 ms in "));
  CHECK(std::filesystem::exists(dir.path() / "out" / "metadata.json"));
}

TEST_CASE("reef bench braille and reef bench cuba --engine step run and name their figures") {
  const auto model = reef::test::shared_file(kRnn + "braille_noDelay_bias_zero.nir");
  const auto input = reef::test::shared_file(kRnn + "derived/ds_test_sample0_input.npy");
  if (model && input) {
    const ReefRun braille = run_reef({"bench", "braille", "--batch", "2", "--repeat", "1", "--model", model->string(),
                                      "--input", input->string()});
    REQUIRE_MESSAGE(braille.exit_code == 0, braille.err);
    CHECK(contains(braille.out, "with its test sample"));
    CHECK(contains(braille.out, "batch 2 "));
    CHECK(contains(braille.out, " per forward pass of 256 steps (best of 1): "));
    CHECK(contains(braille.out, " steps/s, "));
    CHECK(contains(braille.out, " samples/s"));
  }
  CHECK(run_reef({"bench", "braille", "--model", "missing.nir", "--repeat", "1"}).exit_code == 2);

  const ReefRun cuba =
      run_reef({"bench", "cuba", "--engine", "step", "--duration", "50ms", "--scale", "0.25", "--dt", "0.1ms"});
  REQUIRE_MESSAGE(cuba.exit_code == 0, cuba.err);
  CHECK(contains(cuba.out, "W1 cuba on the step engine"));
  CHECK(contains(cuba.out, "simulated 50 ms in "));
  CHECK(contains(cuba.out, " Hz mean over all neurons; mean CV of ISI "));
  CHECK(contains(cuba.out, "Brian2 2.5.1 C++ standalone"));
}

TEST_CASE("reef sim model.nir --engine event spikes inside the steps lif_exact.csv marks, at exact times") {
  const auto model = reef::test::shared_file("nir/neuromorphs+NIR/paper/01_lif/lif_norse.nir");
  const auto trace = reef::test::shared_file("nir/neuromorphs+NIR/paper/01_lif/lif_exact.csv");
  if (!model || !trace) return;
  // Column 0 of the CSV (input, value held over each 0.1 ms step) as a [T, 1] array; column 2 marks spike steps.
  std::ifstream csv(*trace);
  std::vector<double> input;
  std::vector<double> expected_steps;
  for (std::string line; std::getline(csv, line);) {
    std::istringstream row(line);
    std::string x, v, spike;
    std::getline(row, x, ',');
    std::getline(row, v, ',');
    std::getline(row, spike, ',');
    if (std::stod(spike) > 0.0) expected_steps.push_back(static_cast<double>(input.size()));
    input.push_back(std::stod(x));
  }
  ScratchDir dir;
  const auto input_path = dir.path() / "pulses.npy";
  reef::io::write_npy(input_path, std::vector<std::size_t>{input.size(), 1}, input);
  const ReefRun run = run_reef({"sim", model->string(), "--input", input_path.string(), "--engine", "event", "--dt",
                                "0.1ms", "--reset", "subtract", "-o", (dir.path() / "out/").string()});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(contains(run.out, "engine    event"));
  const reef::io::NpyArray spikes = reef::io::read_npy(dir.path() / "out" / "1.spikes.npy");  // rows (t_s, neuron)
  REQUIRE(spikes.shape == std::vector<std::size_t>{expected_steps.size(), 2});
  for (std::size_t i = 0; i < expected_steps.size(); ++i)
    CHECK(std::floor(spikes.values[2 * i] / 1e-4) == expected_steps[i]);

  const ReefRun mixed = run_reef({"sim", model->string(), "--input", input_path.string(), "--engine", "event",
                                  "--dt", "0.1ms", "--profile", "euler"});
  CHECK(mixed.exit_code == 2);
  CHECK(contains(mixed.err, "--profile applies to the step engine"));
}
