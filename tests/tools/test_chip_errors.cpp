// The chip commands' failures a user meets: a model breaking a chip's design rule (exit 3 naming the rule), input of
// the wrong width or not made of event counts, a file that is not a chip configuration, and missing options.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
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

using reef::test::contains;

void write_text(const std::filesystem::path& path, const std::string& text) { std::ofstream(path) << text; }

// Maps the Braille model to Xylo Audio 2 into dir/braille.pb.
std::filesystem::path braille_config(const ScratchDir& dir, const std::filesystem::path& model) {
  const ReefRun map = run_reef({"map", model.string(), "--chip", "xylo-audio2", "-o", (dir / "braille.pb").string()});
  REQUIRE_MESSAGE(map.exit_code == 0, map.err);
  return dir / "braille.pb";
}

}  // namespace

TEST_CASE("reef map exits 3 naming the rule when the model needs more hidden neurons than the chip has") {
  const auto model = reef::test::shared_file(kModel);
  if (!model) return;
  ScratchDir dir;
  // Xylo Audio 2's spec with 30 hidden neurons instead of 1000: the Braille model's 40 hidden neurons do not fit.
  std::ifstream in(REEF_SOURCE_DIR "/configs/chips/xylo-audio2.yaml");
  std::stringstream spec;
  spec << in.rdbuf();
  const std::string small = std::regex_replace(spec.str(), std::regex("\n  hidden: 1000 "), "\n  hidden: 30 ");
  REQUIRE(small != spec.str());
  write_text(dir / "small.yaml", small);
  const ReefRun map = run_reef({"map", model->string(), "--chip", (dir / "small.yaml").string(), "-o",
                                (dir / "never.pb").string()});
  CHECK(map.exit_code == 3);
  CHECK_MESSAGE(contains(map.err, "max_hidden"), map.err);
  CHECK(contains(map.err, "40"));
  CHECK_FALSE(std::filesystem::exists(dir / "never.pb"));
}

TEST_CASE("reef chipsim rejects input of the wrong width and values that are not event counts") {
  const auto model = reef::test::shared_file(kModel);
  if (!model) return;
  ScratchDir dir;
  const auto config = braille_config(dir, *model);
  const std::vector<std::size_t> narrow{4, 10};
  reef::io::write_npy(dir / "narrow.npy", narrow, std::vector<double>(40, 1.0));
  const ReefRun wrong_width = run_reef({"chipsim", config.string(), "--input", (dir / "narrow.npy").string()});
  CHECK(wrong_width.exit_code == 3);
  CHECK_MESSAGE(contains(wrong_width.err, "has shape (4, 10)"), wrong_width.err);
  CHECK(contains(wrong_width.err, "takes (12,)"));

  const std::vector<std::size_t> shape{2, 12};
  std::vector<double> values(24, 0.0);
  values[13] = 0.5;  // sample 0, step 1, channel 1
  reef::io::write_npy(dir / "fraction.npy", shape, values);
  const ReefRun fraction = run_reef({"chipsim", config.string(), "--input", (dir / "fraction.npy").string()});
  CHECK(fraction.exit_code == 3);
  CHECK_MESSAGE(contains(fraction.err, "step 1, channel 1 is not an event count"), fraction.err);
}

TEST_CASE("a file that is not a chip configuration is a clear error in chipsim and inspect") {
  ScratchDir dir;
  write_text(dir / "garbage.pb", "this is not a protobuf chip configuration\n\xff\xff\xff");
  const std::vector<std::size_t> shape{1, 12};
  reef::io::write_npy(dir / "in.npy", shape, std::vector<double>(12, 0.0));
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"chipsim", (dir / "garbage.pb").string(), "--input", (dir / "in.npy").string()},
        std::vector<std::string>{"inspect", (dir / "garbage.pb").string()}}) {
    CAPTURE(args.front());
    const ReefRun run = run_reef(args);
    CHECK(run.exit_code == 3);
    CHECK_MESSAGE(contains(run.err, "garbage.pb"), run.err);
    CHECK(run.err.starts_with("reef: error: "));
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
  }
}

TEST_CASE("the chip commands say which option is missing") {
  ScratchDir dir;
  const ReefRun map = run_reef({"map", "model.nir", "-o", (dir / "x.pb").string()});
  CHECK(map.exit_code == 2);
  CHECK(contains(map.err, "--chip is required"));
  const ReefRun compare = run_reef({"compare", "model.nir", "--input", "in.npy"});
  CHECK(compare.exit_code == 2);
  CHECK(contains(compare.err, "give either --chip CHIP"));
  const ReefRun chipsim = run_reef({"chipsim", "chip.pb"});
  CHECK(chipsim.exit_code == 2);
  CHECK(contains(chipsim.err, "--input IN.npy is required"));
}
