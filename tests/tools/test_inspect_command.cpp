// `reef inspect` on the example networks: every population and projection appears with its figures, the memory
// estimate and warnings sections are always there, and lint findings are listed one per line.
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "reef/io/network_config.hpp"
#include "run_reef.hpp"
#include "scratch_dir.hpp"
#include "text_helpers.hpp"

using reef::test::ScratchDir;

namespace {

using reef::test::contains;

}  // namespace

TEST_CASE("reef inspect names every population, input and projection of the example networks") {
  for (const char* example : {"demo", "cuba", "brunel"}) {
    CAPTURE(example);
    const std::string path = std::string(REEF_SOURCE_DIR "/configs/examples/") + example + ".yaml";
    const ReefRun run = run_reef({"inspect", path});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    const auto config = reef::io::load_network_config(path);
    for (const auto& node : config.graph.nodes()) CHECK(contains(run.out, "\n  " + node.name + " "));
    for (const auto& edge : config.graph.edges()) CHECK(contains(run.out, "\n  " + edge.name + " "));
    CHECK(contains(run.out, config.graph.content_hash()));
    for (const char* section : {"\npopulations\n", "\ntotals ", "\nmemory ", "\nwarnings "}) {
      CHECK(contains(run.out, section));
    }
  }
}

TEST_CASE("reef inspect reports the CUBA network's size and in-degree") {
  const ReefRun run = run_reef({"inspect", REEF_SOURCE_DIR "/configs/examples/cuba.yaml"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(contains(run.out, "4,000 neurons in 2 populations"));
  CHECK(contains(run.out, " MiB for the event engine"));
  CHECK(contains(run.out, "warnings  none"));
}

TEST_CASE("reef inspect lists the lint warnings of a network that cannot do anything") {
  const ScratchDir scratch;
  const std::string path = scratch / "lonely.yaml";
  std::ofstream(path) << "name: lonely\n"
                         "populations:\n"
                         "  quiet: {model: lif, size: 3, tau_mem: 20 ms, v_th: 1}\n"
                         "inputs:\n"
                         "  orphan: {type: poisson, size: 2, rate: 10}\n";
  const ReefRun run = run_reef({"inspect", path});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(contains(run.out, "\nwarnings  2\n"));
  CHECK(contains(run.out, "\n  - population 'quiet' receives no projection, so all 3 neurons can never spike"));
  CHECK(contains(run.out, "\n  - input 'orphan' is not connected"));
}
