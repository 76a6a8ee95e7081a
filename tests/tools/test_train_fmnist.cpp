// The shipped configs/train/fmnist_fc.yaml learns: one pass over the first 1,280 images of the real Fashion-MNIST
// training set (the Debian package dataset-fashion-mnist; skipped with a message when it is not installed) already
// scores well above chance on test images. A network whose outputs saturate or fall silent (spiking outputs scored by spike counts) stays
// below 20 % here.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>

#include "run_reef.hpp"
#include "scratch_dir.hpp"

namespace {

const std::filesystem::path kFashionMnist = "/usr/share/datasets/fashion-mnist";

}  // namespace

TEST_CASE("reef train: the Fashion-MNIST example config exceeds 50 % test accuracy after 1,280 images") {
#ifdef REEF_SANITIZED
  MESSAGE("skipped under the sanitizers: 1,280 training images take minutes there; the release suite runs it");
  return;
#endif
  if (!std::filesystem::exists(kFashionMnist / "train-images-idx3-ubyte.gz")) {
    MESSAGE("skipped: " << kFashionMnist.string() << " is missing (apt-get install dataset-fashion-mnist)");
    return;
  }
  std::ifstream in(REEF_SOURCE_DIR "/configs/train/fmnist_fc.yaml");
  REQUIRE(in);
  std::string config((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // The first 1,280 training images and 500 test images; everything else as shipped.
  const std::string subset = "  train_samples: 1280\n  test_samples: 500\n  scale:";
  const std::size_t at = config.find("  scale:");
  REQUIRE(at != std::string::npos);
  config.replace(at, std::string("  scale:").size(), subset);
  const reef::test::ScratchDir dir;
  std::ofstream(dir / "fmnist_fc.yaml") << config;

  const ReefRun run =
      run_reef({"train", (dir / "fmnist_fc.yaml").string(), "--epochs", "1", "-o", (dir / "run").string(), "-q"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  std::smatch match;
  REQUIRE_MESSAGE(std::regex_search(run.out, match, std::regex(R"(test (\d+\.\d+)%)")), run.out);
  CHECK(std::stod(match[1].str()) >= 50.0);
}
