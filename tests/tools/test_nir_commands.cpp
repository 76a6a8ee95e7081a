// `reef inspect MODEL.nir` and `reef convert` for network models: what inspect prints, exit code 3 naming the file
// and node for a broken export, --repair, and YAML <-> NIR conversion through the CLI.
#include <fstream>
#include <string>

#include <doctest/doctest.h>

#include "scratch_dir.hpp"
#include "shared_data.hpp"
#include "tools/run_reef.hpp"
#include "text_helpers.hpp"

namespace {

using reef::test::contains;

}  // namespace

TEST_CASE("inspect MODEL.nir names nodes, edges, the cycle and the snntorch convention with dt") {
  const auto path = reef::test::shared_file("nir/neuromorphs+NIR/paper/03_rnn/braille_noDelay_bias_zero.nir");
  if (!path) return;
  const auto run = run_reef({"inspect", path->string()});
  CHECK(run.exit_code == 0);
  CHECK(contains(run.out, "NIR version 0.2.0"));
  CHECK(contains(run.out, "lif1.lif    CubaLIF  (38,)"));
  CHECK(contains(run.out, "lif1.lif -> lif1.w_rec"));
  CHECK(contains(run.out, "cycles    lif1.w_rec -> lif1.lif, lif1.lif -> lif1.w_rec"));
  CHECK(contains(run.out, "convention snntorch, dt 0.0001"));
}

TEST_CASE("inspect of a broken export exits 3 naming the file and node, --repair lists the repair") {
  const auto path = reef::test::shared_file("nir/neuromorphs+NIR/paper/01_lif/lif_rockpool.nir");
  if (!path) return;
  const auto broken = run_reef({"inspect", path->string()});
  CHECK(broken.exit_code == 3);
  CHECK(contains(broken.err, path->string()));
  CHECK(contains(broken.err, "node 'output' (Output)"));
  const auto repaired = run_reef({"inspect", path->string(), "--repair"});
  CHECK(repaired.exit_code == 0);
  CHECK(contains(repaired.out, "repair    node 'output' (Output): shape (1, 1, 1)"));
  CHECK(contains(repaired.out, "convention rockpool"));
}

TEST_CASE("convert YAML -> NIR -> YAML -> NIR reproduces the same NIR model") {
  reef::test::ScratchDir scratch;
  const std::string yaml = (scratch / "net.yaml").string();
  {
    std::ofstream out(yaml);
    out << "populations:\n  a: {model: lif, size: 3, tau_mem: 20 ms}\n"
           "  b: {model: cuba_lif, size: 2, tau_mem: 10 ms, synapses: {in: {tau: 5 ms}}}\n"
           "projections:\n  ab: {from: a, to: b, connect: {rule: all_to_all}, weight: 0.5, delay: 1 ms}\n";
  }
  CHECK(run_reef({"convert", yaml, (scratch / "one.nir").string()}).exit_code == 0);
  CHECK(run_reef({"convert", (scratch / "one.nir").string(), (scratch / "back.yaml").string()}).exit_code ==
        0);
  CHECK(run_reef({"convert", (scratch / "back.yaml").string(), (scratch / "two.nir").string()})
            .exit_code == 0);
  const auto one = run_reef({"inspect", (scratch / "one.nir").string()});
  const auto two = run_reef({"inspect", (scratch / "two.nir").string()});
  const auto hash = [](const std::string& text) { return text.substr(text.find("hash "), 21); };
  CHECK(hash(one.out) == hash(two.out));
}

TEST_CASE("convert NIR -> YAML lists the Input nodes it leaves out") {
  const auto path = reef::test::shared_file("nir/neuromorphs+NIR/paper/03_rnn/braille_noDelay_bias_zero.nir");
  if (!path) return;
  reef::test::ScratchDir scratch;
  const auto run = run_reef({"convert", path->string(), (scratch / "braille.yaml").string()});
  CHECK(run.exit_code == 3);  // fc1/fc2 carry a non-zero Affine bias, which YAML projections cannot express
  CHECK(contains(run.err, "node 'fc1' (affine)"));
  const auto subtract = reef::test::shared_file("nir/neuromorphs+NIR/paper/03_rnn/braille_noDelay_noBias_subtract.nir");
  if (!subtract) return;
  const auto ok = run_reef({"convert", subtract->string(), (scratch / "s.yaml").string()});
  CHECK(ok.exit_code == 0);
  CHECK(contains(ok.err, "note: Input 'input' (12,) left out"));
  CHECK(contains(ok.err, "'lif1.lif' is named 'lif1_lif' in YAML"));
}
