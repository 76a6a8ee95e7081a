// End to end on the NIR paper's Braille model (12 -> 40 recurrent -> 7, snnTorch export, dt 1e-4 s): reef quantize,
// reef map to Xylo Audio 2, reef chipsim on test sample 0 (label 1), reef inspect of the configuration, reef compare,
// and the CLI form of "serialization is byte-identical across runs".
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
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

const std::string kRnn = "nir/neuromorphs+NIR/paper/03_rnn/";
const std::string kModel = kRnn + "braille_noDelay_noBias_subtract.nir";
const std::string kSample0 = kRnn + "derived/ds_test_sample0_input.npy";
constexpr std::size_t kSample0Label = 1;  // the Braille test set's label of sample 0

using reef::test::contains;

// The text after `label` padded to the report column, up to the end of that line ("" when absent).
std::string report_value(const std::string& out, const std::string& label) {
  const std::string key = "\n" + label + std::string(10 - label.size(), ' ');
  const std::size_t at = ("\n" + out).find(key);
  if (at == std::string::npos) return "";
  const std::size_t begin = at + key.size() - 1;
  return out.substr(begin, out.find('\n', begin) - begin);
}

using reef::test::read_bytes;

// argmax over neurons of a [T, N] spike-count array summed over steps; ties to the lowest id.
std::size_t most_spikes(const reef::io::NpyArray& spikes) {
  std::vector<double> counts(spikes.shape.at(1), 0.0);
  for (std::size_t i = 0; i < spikes.values.size(); ++i) counts[i % counts.size()] += spikes.values[i];
  return static_cast<std::size_t>(std::max_element(counts.begin(), counts.end()) - counts.begin());
}

}  // namespace

TEST_CASE("the Braille model quantized and mapped to Xylo Audio 2 classifies sample 0 correctly in reef chipsim") {
  const auto model = reef::test::shared_file(kModel);
  const auto sample = reef::test::shared_file(kSample0);
  if (!model || !sample) return;
  ScratchDir dir;
  const ReefRun quantize =
      run_reef({"quantize", model->string(), "--chip", "xylo-audio2", "-o", (dir / "braille_q.nir").string()});
  REQUIRE_MESSAGE(quantize.exit_code == 0, quantize.err);
  CHECK(contains(quantize.out, "quantized global, dt 0.0001 s; hidden scale "));
  CHECK(contains(quantize.out, "clipped   "));

  // The quantized model is a model again: reef sim runs it with the profile stated in its metadata.
  const ReefRun sim = run_reef({"sim", (dir / "braille_q.nir").string(), "--input", sample->string()});
  REQUIRE_MESSAGE(sim.exit_code == 0, sim.err);
  CHECK(contains(sim.out, "profile   rockpool, dt 0.0001"));

  const ReefRun map =
      run_reef({"map", (dir / "braille_q.nir").string(), "--chip", "xylo-audio2", "-o", (dir / "braille.pb").string()});
  REQUIRE_MESSAGE(map.exit_code == 0, map.err);
  CHECK(report_value(map.out, "inputs") == "12 of 16 channels");
  CHECK(report_value(map.out, "hidden") == "40 of 1,000 neurons, 1 of 2 synapses each");
  CHECK(report_value(map.out, "outputs") == "7 of 8 neurons");

  const ReefRun chipsim =
      run_reef({"chipsim", (dir / "braille.pb").string(), "--input", sample->string(), "-o", (dir / "run/").string()});
  REQUIRE_MESSAGE(chipsim.exit_code == 0, chipsim.err);
  CHECK(contains(chipsim.out, "256 steps x batch 1"));
  // What the user reads: the readout table's row for sample 0 ("0  <counts>  <class>") ends with its class.
  const std::size_t header = chipsim.out.find("  sample  output spikes per neuron  class\n");
  REQUIRE_MESSAGE(header != std::string::npos, chipsim.out);
  std::istringstream row(chipsim.out.substr(chipsim.out.find('\n', header) + 1));
  std::string line;
  std::getline(row, line);
  std::istringstream cells(line);
  const std::vector<std::string> tokens{std::istream_iterator<std::string>(cells),
                                        std::istream_iterator<std::string>()};
  REQUIRE_MESSAGE(tokens.size() == 9, line);  // sample, 7 counts, class
  CHECK(tokens.front() == "0");
  CHECK(tokens.back() == std::to_string(kSample0Label));
  // The recording holds the readout's [T, 7] output spikes and the hidden layer's [T, 40] spikes, named by node.
  const reef::io::NpyArray output = reef::io::read_npy(dir.path() / "run" / "lif2.spikes.npy");
  CHECK(output.shape == std::vector<std::size_t>{256, 7});
  CHECK(most_spikes(output) == kSample0Label);
  CHECK(reef::io::read_npy(dir.path() / "run" / "lif1.lif.spikes.npy").shape == std::vector<std::size_t>{256, 40});

  // --labels scores the predictions: the true label gives 100 %, another one 0 %.
  for (const auto& [label, accuracy] : {std::pair{kSample0Label, "100.00% (1 of 1 samples)"},
                                        std::pair{kSample0Label + 1, "0.00% (0 of 1 samples)"}}) {
    reef::io::write_npy(dir / "label.npy", std::vector<std::size_t>{1},
                        std::vector<std::int64_t>{static_cast<std::int64_t>(label)});
    const ReefRun scored = run_reef({"chipsim", (dir / "braille.pb").string(), "--input", sample->string(),
                                     "--labels", (dir / "label.npy").string()});
    REQUIRE_MESSAGE(scored.exit_code == 0, scored.err);
    CHECK(report_value(scored.out, "accuracy") == accuracy);
  }
}

TEST_CASE("reef inspect chip.pb shows the hash reef map printed, for the binary and the text form") {
  const auto model = reef::test::shared_file(kModel);
  if (!model) return;
  ScratchDir dir;
  const ReefRun map = run_reef({"map", model->string(), "--chip", "xylo-audio2", "-o", (dir / "braille.pb").string(),
                                "--text", (dir / "braille.txtpb").string()});
  REQUIRE_MESSAGE(map.exit_code == 0, map.err);
  const std::string hash = report_value(map.out, "hash");
  REQUIRE(hash.size() == 64);
  for (const char* file : {"braille.pb", "braille.txtpb"}) {
    CAPTURE(file);
    const ReefRun inspect = run_reef({"inspect", (dir / file).string()});
    REQUIRE_MESSAGE(inspect.exit_code == 0, inspect.err);
    CHECK(report_value(inspect.out, "hash") == hash);
    CHECK(contains(inspect.out, "Xylo Audio 2 (xylo-audio2, SYNS61201)"));
    CHECK(contains(report_value(inspect.out, "source"), "braille_noDelay_noBias_subtract.nir, hash "));
    CHECK(report_value(inspect.out, "sizes") == "12 inputs, 40 hidden, 7 outputs");
  }
}

TEST_CASE("reef map run twice writes byte-identical chip configurations") {
  const auto model = reef::test::shared_file(kModel);
  if (!model) return;
  ScratchDir dir;
  for (const char* name : {"a", "b"}) {
    const std::string stem = (dir / name).string();
    const ReefRun map =
        run_reef({"map", model->string(), "--chip", "xylo-audio2", "-o", stem + ".pb", "--text", stem + ".txtpb"});
    REQUIRE_MESSAGE(map.exit_code == 0, map.err);
  }
  const std::string binary = read_bytes(dir / "a.pb");
  CHECK(binary.size() > 1000);  // 12x40 input, 40x40 recurrent and 40x7 output weights at least
  CHECK(binary == read_bytes(dir / "b.pb"));
  CHECK(read_bytes(dir / "a.txtpb") == read_bytes(dir / "b.txtpb"));
}

TEST_CASE("reef compare reports the agreement of float model, quantized model and chip on Braille sample 0") {
  const auto model = reef::test::shared_file(kModel);
  const auto sample = reef::test::shared_file(kSample0);
  if (!model || !sample) return;
  ScratchDir dir;
  const std::vector<std::size_t> shape{1};
  const std::vector<double> label{static_cast<double>(kSample0Label)};
  reef::io::write_npy(dir / "labels.npy", shape, label);
  const ReefRun compare = run_reef({"compare", model->string(), "--chip", "xylo-audio2", "--input", sample->string(),
                                    "--labels", (dir / "labels.npy").string()});
  REQUIRE_MESSAGE(compare.exit_code == 0, compare.err);
  CHECK(contains(compare.out, "  count correlation "));
  CHECK(contains(compare.out, "  readout exact match "));
  CHECK(contains(report_value(compare.out, "class"), "chip 1; label 1"));
  CHECK(contains(report_value(compare.out, "accuracy"), "chip 100.0 % (1/1)"));

  // The same comparison from a configuration written by reef map: the same configuration hash is reported.
  const ReefRun map = run_reef({"map", model->string(), "--chip", "xylo-audio2", "-o", (dir / "braille.pb").string()});
  REQUIRE_MESSAGE(map.exit_code == 0, map.err);
  const ReefRun from_config =
      run_reef({"compare", model->string(), "--config", (dir / "braille.pb").string(), "--input", sample->string()});
  REQUIRE_MESSAGE(from_config.exit_code == 0, from_config.err);
  CHECK(contains(report_value(from_config.out, "chip"), report_value(map.out, "hash")));
  CHECK(report_value(compare.out, "chip") == report_value(from_config.out, "chip"));
}
