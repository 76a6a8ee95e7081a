// `reef sim` end to end on the demo network: the summary, every output format, --record, fail-fast on a bad -o,
// and identical output for identical seeds.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "reef/io/network_config.hpp"
#include "reef/io/npy.hpp"
#include "run_reef.hpp"
#include "scratch_dir.hpp"
#include "text_helpers.hpp"

using reef::test::ScratchDir;

namespace {

const std::string kDemo = REEF_SOURCE_DIR "/configs/examples/demo.yaml";

using reef::test::contains;

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> demo_populations() {
  const reef::io::NetworkConfig config = reef::io::load_network_config(kDemo);
  std::vector<std::string> names;
  for (const auto& node : config.graph.nodes()) {
    if (node.is_population()) names.push_back(node.name);
  }
  REQUIRE(names.size() >= 2);
  return names;
}

}  // namespace

TEST_CASE("reef sim prints a summary with network, counts, speed and a line per population") {
  const ReefRun run = run_reef({"sim", kDemo});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  for (const char* label : {"network ", "neurons ", "simulated ", "spikes ", "population ", "output "}) {
    CAPTURE(label);
    const bool present = contains(run.out, std::string("\n") + label) || run.out.starts_with(label);
    CHECK(present);
  }
  CHECK(contains(run.out, "synaptic events"));
  CHECK(contains(run.out, "real time"));
  for (const auto& population : demo_populations()) CHECK(contains(run.out, "\n" + population + " "));
  CHECK(run.err.empty());
}

TEST_CASE("--duration overrides the config's run length") {
  const ReefRun run = run_reef({"sim", kDemo, "--duration", "50ms"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(contains(run.out, "simulated 50 ms in "));
}

TEST_CASE("-o DIR/ writes one (n, 2) NPY spike array per population") {
  const ScratchDir scratch;
  const std::string out = scratch / "run/";
  const ReefRun run = run_reef({"sim", kDemo, "-o", out});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(contains(run.out, "NPY"));
  for (const auto& population : demo_populations()) {
    const auto file = std::filesystem::path(out) / (population + ".spikes.npy");
    CAPTURE(file);
    REQUIRE(std::filesystem::exists(file));
    const reef::io::NpyArray spikes = reef::io::read_npy(file);
    REQUIRE(spikes.shape.size() == 2);
    CHECK(spikes.shape[1] == 2);
  }
}

TEST_CASE("-o run.h5 writes an HDF5 file") {
  const ScratchDir scratch;
  const std::string out = scratch / "run.h5";
  const ReefRun run = run_reef({"sim", kDemo, "-o", out});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(contains(run.out, "(HDF5)"));
  CHECK(read_text(out).starts_with("\x89HDF\r\n\x1a\n"));
}

TEST_CASE("-o run.csv writes CSV rows under the documented header") {
  const ScratchDir scratch;
  const std::string out = scratch / "run.csv";
  const ReefRun run = run_reef({"sim", kDemo, "-o", out});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(read_text(out).starts_with("kind,population,neuron,variable,time_s,value\n"));
}

TEST_CASE("an -o whose format cannot be told exits 2 before running and writes nothing") {
  const ScratchDir scratch;
  const std::string out = scratch / "run.txt";
  const ReefRun run = run_reef({"sim", kDemo, "-o", out});
  CHECK(run.exit_code == 2);
  CHECK(run.err.starts_with("reef: error: "));
  CHECK(run.out.empty());
  CHECK(std::filesystem::is_empty(scratch.path()));
}

TEST_CASE("-o into a folder that does not exist exits 2 before running") {
  const ScratchDir scratch;
  const ReefRun run = run_reef({"sim", kDemo, "-o", scratch / "missing/run.h5"});
  CHECK(run.exit_code == 2);
  CHECK(contains(run.err, "does not exist"));
  CHECK(run.out.empty());
}

TEST_CASE("--record replaces the config's record section with state samples of chosen neurons") {
  const ScratchDir scratch;
  const std::string population = demo_populations().front();
  const std::string out = scratch / "run/";
  const ReefRun run = run_reef({"sim", kDemo, "--duration", "20ms", "--record", population + ".v[0:2]@1ms", "-o", out});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  const reef::io::NpyArray v = reef::io::read_npy(std::filesystem::path(out) / (population + ".v.npy"));
  REQUIRE(v.shape.size() == 2);
  CHECK(v.shape[1] == 2);                  // two neurons
  CHECK(v.shape[0] >= 19);                 // a sample every ms for 20 ms
  CHECK(v.shape[0] <= 21);
  CHECK_FALSE(std::filesystem::exists(std::filesystem::path(out) / (population + ".spikes.npy")));
}

TEST_CASE("a --record naming what the network does not have exits 2 and says what it has") {
  const std::string population = demo_populations().front();
  const std::vector<std::string> specs{"nosuchpop",           population + ".nosuchvar",
                                       population + ".v[0:100000000]", population + ".v@never",
                                       population + ".v[2:1]",         "[0]"};
  for (const std::string& spec : specs) {
    CAPTURE(spec);
    const ReefRun run = run_reef({"sim", kDemo, "--record", spec});
    CHECK(run.exit_code == 2);
    CHECK(contains(run.err, "--record"));
    CHECK(run.err.find('\n') == run.err.size() - 1);
  }
}

TEST_CASE("the same network and seed give identical recordings") {
  const ScratchDir scratch;
  for (const char* name : {"a.csv", "b.csv"}) {
    const ReefRun run = run_reef({"sim", kDemo, "--seed", "42", "-o", scratch / name});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  }
  CHECK(read_text(scratch / "a.csv") == read_text(scratch / "b.csv"));
}

TEST_CASE("--quiet keeps stderr empty and the summary on stdout") {
  const ReefRun run = run_reef({"-q", "sim", kDemo});
  REQUIRE(run.exit_code == 0);
  CHECK(run.err.empty());
  CHECK(contains(run.out, "simulated "));
}
