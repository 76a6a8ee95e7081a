// `reef train` / `reef eval` on a tiny synthetic NPY dataset: a run prints its epochs and writes a checkpoint and
// NIR/YAML exports; two epochs straight equal one epoch plus a resumed one bit for bit; the exported NIR run by
// `reef sim --profile snntorch` gives exactly the outputs of the training-time evaluation; config mistakes name
// their line; the real Fashion-MNIST config loads (when the Debian dataset is installed).
#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "reef/io/checkpoint.hpp"
#include "reef/io/npy.hpp"
#include "run_reef.hpp"
#include "scratch_dir.hpp"
#include "text_helpers.hpp"

namespace {

using reef::test::ScratchDir;

using reef::test::contains;
using reef::test::read_bytes;

// 48 samples of 4 features, two classes lighting different halves; a config training 4-8-2 LIF on them (without
// biases, so the YAML export, which has no biases, can hold the model).
std::string write_tiny_setup(const ScratchDir& dir, const std::string& extra = "") {
  std::vector<double> values;
  std::vector<std::int64_t> labels;
  for (int i = 0; i < 48; ++i) {
    const bool one = i % 2 == 1;
    const double jitter = 0.02 * (i % 5);
    values.insert(values.end(), {one ? jitter : 0.9, one ? 0.1 : 0.8, one ? 0.9 : jitter, one ? 0.8 : 0.1});
    labels.push_back(one ? 1 : 0);
  }
  reef::io::write_npy(dir / "x.npy", std::vector<std::size_t>{48, 4}, values);
  reef::io::write_npy(dir / "y.npy", std::vector<std::size_t>{48}, labels);
  const std::string config = dir / "tiny.yaml";
  std::ofstream(config) << "name: tiny\n"
                           "seed: 4\n"
                           "epochs: 2\n"
                           "batch: 8\n"
                           "threads: 1\n"
                           "data:\n"
                           "  format: npy\n"
                           "  train: {data: x.npy, labels: y.npy}\n"
                           "  test_fraction: 0.25\n"
                           "encoder: {kind: rate, steps: 8}\n"
                           "model:\n"
                           "  dt: 1ms\n"
                           "  layers:\n"
                           "    - {kind: linear, out: 8, bias: false}\n"
                           "    - {kind: lif, tau_mem: 10ms}\n"
                           "    - {kind: linear, out: 2, bias: false}\n"
                           "    - {kind: lif, tau_mem: 10ms}\n"
                           "loss: {kind: ce_count}\n"
                           "optimizer: {kind: adam, lr: 0.01}\n"
                        << extra;
  return config;
}

std::vector<reef::io::CheckpointArray> parameters_of(const std::string& checkpoint) {
  std::vector<reef::io::CheckpointArray> parameters;
  for (auto& array : reef::io::read_checkpoint(checkpoint).arrays) {
    if (array.name.starts_with("param:")) parameters.push_back(std::move(array));
  }
  return parameters;
}

TEST_CASE("reef train prints each epoch and writes a checkpoint, a NIR model and a YAML network") {
  ScratchDir dir;
  const std::string config = write_tiny_setup(dir);
  const ReefRun run = run_reef({"train", config, "-o", (dir / "run").string()});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(contains(run.out, "36 training, 12 test samples, 2 classes"));
  CHECK(contains(run.out, "epoch 1/2  loss "));
  CHECK(contains(run.out, "epoch 2/2  loss "));
  CHECK(contains(run.out, "  test "));
  CHECK(contains(run.out, "samples/s"));
  CHECK(std::filesystem::exists(dir / "run" / "last.ckpt"));
  CHECK(std::filesystem::exists(dir / "run" / "model.nir"));
  CHECK(std::filesystem::exists(dir / "run" / "model.yaml"));
  for (const auto& entry : std::filesystem::directory_iterator(dir / "run")) {
    CHECK_MESSAGE(!contains(entry.path().filename().string(), ".tmp-"), entry.path().string());
  }
}

TEST_CASE("reef train: two epochs straight equal one epoch and a resumed second epoch, bit for bit") {
  ScratchDir dir;
  const std::string config = write_tiny_setup(dir);
  const ReefRun straight = run_reef({"train", config, "-o", (dir / "straight").string()});
  REQUIRE_MESSAGE(straight.exit_code == 0, straight.err);
  const ReefRun first = run_reef({"train", config, "--epochs", "1", "-o", (dir / "parts").string()});
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  const ReefRun second = run_reef({"train", config, "--epochs", "2", "--resume",
                                   (dir / "parts" / "last.ckpt").string(), "-o", (dir / "parts").string()});
  REQUIRE_MESSAGE(second.exit_code == 0, second.err);
  CHECK(contains(second.out, "at epoch 2, batch 0"));
  CHECK_FALSE(contains(second.out, "epoch 1/2"));
  const auto expected = parameters_of(dir / "straight" / "last.ckpt");
  const auto resumed = parameters_of(dir / "parts" / "last.ckpt");
  REQUIRE(expected.size() == resumed.size());
  REQUIRE(expected.size() == 2);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CHECK(resumed[i].name == expected[i].name);
    CHECK(resumed[i].values == expected[i].values);
  }
}

TEST_CASE("reef eval scores a checkpoint and its NIR export alike, and the NIR on reef sim gives the same outputs") {
  ScratchDir dir;
  const std::string config = write_tiny_setup(dir);
  REQUIRE(run_reef({"train", config, "-o", (dir / "run").string()}).exit_code == 0);
  const ReefRun checkpoint = run_reef({"eval", (dir / "run" / "last.ckpt").string(), "--config", config});
  REQUIRE_MESSAGE(checkpoint.exit_code == 0, checkpoint.err);
  CHECK(contains(checkpoint.out, "12 samples, accuracy "));

  const std::string model = dir / "run" / "model.nir";
  const ReefRun nir = run_reef({"eval", model, "--config", config, "--float64", "--inputs", dir / "in.npy",
                                "--outputs", dir / "out.npy"});
  REQUIRE_MESSAGE(nir.exit_code == 0, nir.err);
  const auto accuracy = [](const std::string& out) { return out.substr(out.find("accuracy")); };
  CHECK(accuracy(nir.out) == accuracy(checkpoint.out));

  const ReefRun sim = run_reef({"sim", model, "--input", dir / "in.npy", "--profile", "snntorch", "--dt", "1ms",
                                "-o", (dir / "sim").string() + "/"});
  REQUIRE_MESSAGE(sim.exit_code == 0, sim.err);
  const reef::io::NpyArray trained = reef::io::read_npy(dir / "out.npy");
  const reef::io::NpyArray simulated = reef::io::read_npy(dir / "sim" / "lif3.spikes.npy");
  CHECK(trained.shape == std::vector<std::size_t>{12, 8, 2});
  CHECK(simulated.shape == trained.shape);
  CHECK(simulated.values == trained.values);
  double spikes = 0;
  for (const double value : trained.values) spikes += value;
  CHECK(spikes > 0);
}

TEST_CASE("reef train: a model with biases is exported to NIR and says why it has no YAML form") {
  ScratchDir dir;
  const std::string config = write_tiny_setup(dir);
  std::string text = read_bytes(config);
  text.replace(text.find(", bias: false"), 13, "");
  std::ofstream(config) << text;
  const ReefRun run = run_reef({"train", config, "--epochs", "1", "-o", (dir / "run").string()});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(std::filesystem::exists(dir / "run" / "model.nir"));
  CHECK_FALSE(std::filesystem::exists(dir / "run" / "model.yaml"));
  CHECK(contains(run.out, "no YAML export: node 'linear0'"));
}

TEST_CASE("reef train names the augmentation of its training images in the run header") {
  ScratchDir dir;
  std::string text = read_bytes(write_tiny_setup(dir, "augment: {flip: true, shift: 1}\n"));
  text.replace(text.find("  test_fraction"), 0, "  shape: [2, 2]\n");
  text.replace(text.find("    - {kind: linear"), 0, "    - {kind: flatten}\n");
  std::ofstream(dir / "images.yaml") << text;
  const ReefRun run = run_reef({"train", dir / "images.yaml", "--epochs", "1", "-o", (dir / "run").string()});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(contains(run.out, "augment   mirror left-right, shift up to 1 pixel (training images only)"));
  const ReefRun plain = run_reef({"train", write_tiny_setup(dir), "--epochs", "1", "-o", (dir / "plain").string()});
  REQUIRE_MESSAGE(plain.exit_code == 0, plain.err);
  CHECK_FALSE(contains(plain.out, "augment"));
}

TEST_CASE("reef train: an unknown key or a bad value in the config exits 3 naming its line") {
  ScratchDir dir;
  const std::string config = write_tiny_setup(dir, "epoch_count: 3\n");
  const ReefRun unknown = run_reef({"train", config});
  CHECK(unknown.exit_code == 3);
  CHECK(contains(unknown.err, "tiny.yaml:20:1: unknown key 'epoch_count'"));
  std::ofstream(dir / "bad.yaml") << "epochs: 2\ndata:\n  format: parquet\n";
  const ReefRun format = run_reef({"train", dir / "bad.yaml"});
  CHECK(format.exit_code == 3);
  CHECK(contains(format.err, "bad.yaml:3:11: data format 'parquet' is not one of: idx, npy, hdf5, shd, events"));
}

TEST_CASE("reef eval without --config, or on a file that is no model, is a usage error") {
  ScratchDir dir;
  const std::string config = write_tiny_setup(dir);
  CHECK(run_reef({"eval", config}).exit_code == 2);
  const ReefRun wrong = run_reef({"eval", dir / "x.npy", "--config", config});
  CHECK(wrong.exit_code == 2);
  CHECK(contains(wrong.err, "neither a training checkpoint"));
}

TEST_CASE("reef bench train --snntorch refuses a folder without snnTorch before it times anything") {
  ScratchDir dir;
  const ReefRun run = run_reef({"bench", "train", "--snntorch", dir.path().string()});
  CHECK(run.exit_code == 2);
  CHECK(contains(run.err, "not an snnTorch source checkout"));
  CHECK(run.out.empty());
}

TEST_CASE("data.sequence makes the first sample axis time; reef eval --labels saves the test labels in input order") {
  ScratchDir dir;
  std::string text = read_bytes(write_tiny_setup(dir));
  text.replace(text.find("  test_fraction"), 0, "  shape: [2, 2]\n  sequence: true\n");
  std::ofstream(dir / "sequence.yaml") << text;

  const ReefRun run = run_reef({"train", dir / "sequence.yaml", "-o", (dir / "run").string()});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(contains(run.out, "encoder   rate, 2 steps"));  // the samples' own steps, not the encoder's 8
  const ReefRun eval = run_reef({"eval", (dir / "run" / "last.ckpt").string(), "--config", dir / "sequence.yaml",
                                 "--inputs", dir / "in.npy", "--labels", dir / "labels.npy"});
  REQUIRE_MESSAGE(eval.exit_code == 0, eval.err);
  CHECK(reef::io::read_npy(dir / "in.npy").shape == std::vector<std::size_t>{12, 2, 2});
  const reef::io::NpyArray labels = reef::io::read_npy(dir / "labels.npy");
  REQUIRE(labels.shape == std::vector<std::size_t>{12});
  std::set<double> classes(labels.values.begin(), labels.values.end());
  CHECK(classes == std::set<double>{0.0, 1.0});

  // Samples of one axis have no time axis to take.
  std::ofstream(dir / "flat.yaml") << text.erase(text.find("  shape: [2, 2]\n"), 16);
  const ReefRun flat = run_reef({"train", dir / "flat.yaml"});
  CHECK(flat.exit_code != 0);
  CHECK(contains(flat.err, "have no time axis"));
}

}  // namespace
