// Files written by other tools than reef: the committed h5py generator (gzip, int64, scalars, "same" padding,
// nested graph, batch dimension) and the reference `nir` Python package reading what reef writes. Both need
// /usr/bin/python3 (with h5py; the second also the `nir` package, on REEF_NIR_PYTHONPATH) and skip with a message
// otherwise.
#include <algorithm>
#include <cstdlib>
#include <string>

#include <doctest/doctest.h>

#include "reef/core/error.hpp"
#include "reef/io/nir.hpp"
#include "scratch_dir.hpp"
#include "shared_data.hpp"

namespace {

const std::filesystem::path kScripts = std::filesystem::path(REEF_TEST_DATA_DIR) / "nir";

// Runs a shell command, returning its exit status and output.
std::pair<int, std::string> run(const std::string& command) {
  std::string output;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

std::string python_path_prefix() {
  const char* path = std::getenv("REEF_NIR_PYTHONPATH");
  return path == nullptr ? "" : "PYTHONPATH='" + std::string(path) + "' ";
}

bool python_has(const std::string& module, const std::string& prefix = "") {
  if (run(prefix + "/usr/bin/python3 -c 'import " + module + "'").first == 0) return true;
  MESSAGE("skipped: /usr/bin/python3 cannot import " << module
                                                     << (module == "nir" ? " (set REEF_NIR_PYTHONPATH to a NIR source "
                                                                           "tree, see docs/nir.md)"
                                                                         : ""));
  return false;
}

}  // namespace

TEST_CASE("reads h5py-written gzip datasets, int64 and scalar parameters, 'same' padding and a nested graph") {
  if (!python_has("h5py")) return;
  reef::test::ScratchDir scratch;
  const auto [status, output] =
      run("/usr/bin/python3 '" + (kScripts / "make_nir_fixtures.py").string() + "' '" + scratch.path().string() + "'");
  REQUIRE_MESSAGE(status == 0, output);
  const auto model = reef::io::read_nir(scratch / "gzip_int64_nested.nir");
  const auto& g = model.graph;
  CHECK(g.nodes().size() == 7);
  const auto& conv = std::get<reef::core::ConvParams>(g.node(*g.find("conv")).params);
  CHECK(conv.padding == std::vector<std::size_t>{1, 1});
  CHECK(conv.weight.values[17] == doctest::Approx(1.7));
  CHECK(g.node(*g.find("conv")).output_shape() == reef::core::Shape{2, 4, 4});
  const auto& lif = g.node(*g.find("rec.lif")).neurons();
  CHECK(lif.tau_mem_s[2] == 20.0);
  CHECK(lif.synapses[0].tau_s[1] == 3.0);
  CHECK(lif.synapses[0].w_in[0] == 1.0);
  CHECK(lif.v_th[2] == 1.5);
  for (const auto& info : model.nodes)
    if (info.name == "rec.lif") CHECK((!info.w_in_present && !info.v_reset_present));
  const auto fc = *g.find("fc");
  const auto rec = *g.find("rec.lif");
  const auto w = *g.find("rec.w");
  const auto out = *g.find("out");
  const auto& c = g.connections();
  for (const reef::core::Connection e : {reef::core::Connection{fc, rec}, {rec, w}, {w, rec}, {rec, out}})
    CHECK(std::find(c.begin(), c.end(), e) != c.end());
  CHECK(reef::io::guess_nir_convention(model).profile == "sinabs");

  const std::string batch_error = [&] {
    try {
      reef::io::read_nir(scratch / "batched.nir");
    } catch (const reef::ValidationError& e) {
      return std::string(e.what());
    }
    return std::string();
  }();
  CHECK(batch_error.find("batch dimension of 1 (node 'input' (Input) has shape (1, 3))") != std::string::npos);
  reef::io::NirReadOptions repair;
  repair.repair = true;
  const auto fixed = reef::io::read_nir(scratch / "batched.nir", repair);
  CHECK(fixed.graph.node(*fixed.graph.find("lif")).output_shape() == reef::core::Shape{2});
  CHECK(fixed.repairs.size() == 1);
}

TEST_CASE("files reef writes load with the reference nir package") {
  const std::string prefix = python_path_prefix();
  if (!python_has("nir", prefix)) return;
  reef::test::ScratchDir scratch;
  std::string files;
  for (const char* relative : {"nir/neuromorphs+NIR/paper/03_rnn/braille_noDelay_bias_zero.nir",
                               "nir/neuromorphs+NIR/paper/02_cnn/cnn_sinabs.nir",
                               "nir/neuromorphs+NIRTorch/tests/feedback_graph.nir"}) {
    const auto path = reef::test::shared_file(relative);
    if (!path) continue;
    for (bool gzip : {true, false}) {
      const auto out = scratch / (path->stem().string() + (gzip ? ".gz.nir" : ".nir"));
      reef::io::NirWriteOptions options;
      options.gzip = gzip;
      options.metadata.dt_s = 1e-4;
      reef::io::write_nir(out, reef::io::read_nir(*path).graph, options);
      files += " '" + out.string() + "'";
    }
  }
  if (files.empty()) return;
  const auto [status, output] =
      run(prefix + "/usr/bin/python3 '" + (kScripts / "check_with_reference_nir.py").string() + "'" + files);
  MESSAGE(output);
  CHECK(status == 0);
}
