// The shipped Fashion-MNIST configs (configs/train/fmnist_fc.yaml and fmnist_conv.yaml) learn: one pass over the
// first 1,280 images of the real training set (the Debian package dataset-fashion-mnist; skipped with a message when
// it is not installed) already scores well above chance on test images. A network whose outputs saturate or fall
// silent (spiking outputs scored by spike counts) stays below 20 % here.
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

// Trains configs/train/NAME.yaml for one epoch on the first 1,280 training images and returns its accuracy
// on the first 500 test images, or a negative number when the run was skipped.
double one_epoch_on_a_subset(const std::string& name) {
#ifdef REEF_SANITIZED
  MESSAGE("skipped under the sanitizers: 1,280 training images take minutes there; the release suite runs it");
  return -1.0;
#endif
  if (!std::filesystem::exists(kFashionMnist / "train-images-idx3-ubyte.gz")) {
    MESSAGE("skipped: " << kFashionMnist.string() << " is missing (apt-get install dataset-fashion-mnist)");
    return -1.0;
  }
  std::ifstream in(REEF_SOURCE_DIR "/configs/train/" + name + ".yaml");
  REQUIRE(in);
  std::string config((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // The first 1,280 training images and 500 test images; everything else as shipped.
  const std::string subset = "  train_samples: 1280\n  test_samples: 500\n  scale:";
  const std::size_t at = config.find("  scale:");
  REQUIRE(at != std::string::npos);
  config.replace(at, std::string("  scale:").size(), subset);
  const reef::test::ScratchDir dir;
  const std::filesystem::path path = dir / (name + ".yaml");
  std::ofstream(path) << config;

  const ReefRun run = run_reef({"train", path.string(), "--epochs", "1", "-o", (dir / "run").string(), "-q"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  std::smatch match;
  REQUIRE_MESSAGE(std::regex_search(run.out, match, std::regex(R"(test (\d+\.\d+)%)")), run.out);
  return std::stod(match[1].str());
}

}  // namespace

TEST_CASE("reef train: the fully connected Fashion-MNIST example exceeds 50 % test accuracy after 1,280 images") {
  const double accuracy = one_epoch_on_a_subset("fmnist_fc");
  if (accuracy >= 0.0) CHECK(accuracy >= 50.0);
}

TEST_CASE("reef train: the convolutional Fashion-MNIST example exceeds 50 % test accuracy after 1,280 images") {
  const double accuracy = one_epoch_on_a_subset("fmnist_conv");
  if (accuracy >= 0.0) CHECK(accuracy >= 50.0);
}
