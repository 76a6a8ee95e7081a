// The broken real NIR files of SOURCES.md: each gives its specific error naming the file and the node, and
// NirReadOptions::repair fixes exactly the unambiguous ones, recording each repair.
#include <algorithm>
#include <string>

#include <doctest/doctest.h>

#include "reef/core/error.hpp"
#include "reef/io/nir.hpp"
#include "shared_data.hpp"
#include "text_helpers.hpp"

namespace {

std::string error_of(const std::filesystem::path& path, bool repair = false) {
  reef::io::NirReadOptions options;
  options.repair = repair;
  try {
    reef::io::read_nir(path, options);
  } catch (const reef::Error& e) {
    return e.what();
  }
  return "";
}

using reef::test::contains;

reef::io::NirModel repaired(const std::filesystem::path& path) {
  reef::io::NirReadOptions options;
  options.repair = true;
  return reef::io::read_nir(path, options);
}

}  // namespace

TEST_CASE("an edge naming a missing subgraph child is an error suggesting the close match, and repair rewires it") {
  for (const char* relative : {"nir/neuromorphs+NIR/paper/03_rnn/extras/braille_noDelay_bias_zero_subgraph.nir",
                               "nir/neuromorphs+NIR/paper/03_rnn/extras/braille_noDelay_noBias_subtract_subgraph.nir"}) {
    CAPTURE(relative);
    const auto path = reef::test::shared_file(relative);
    if (!path) continue;
    const std::string error = error_of(*path);
    CHECK(contains(error, path->string()));
    CHECK(contains(error, "graph 'lif1'"));
    CHECK(contains(error, "names node 'lif', which does not exist"));
    CHECK(contains(error, "did you mean \"lif1\""));
    CHECK(contains(error, "--repair"));
    const auto model = repaired(*path);
    REQUIRE(model.repairs.size() == 1);
    CHECK(contains(model.repairs[0], "'lif'"));
    const auto lif = model.graph.find("lif1.lif1");
    const auto lin = model.graph.find("lif1.lin");
    const auto fc1 = model.graph.find("fc1");
    REQUIRE((lif && lin && fc1));
    const auto& c = model.graph.connections();
    CHECK(std::find(c.begin(), c.end(), reef::core::Connection{*fc1, *lif}) != c.end());
    CHECK(std::find(c.begin(), c.end(), reef::core::Connection{*lin, *lif}) != c.end());
  }
}

TEST_CASE("a wrong Output shape is an error naming the node, and repair sets the producer's shape") {
  const auto path = reef::test::shared_file("nir/neuromorphs+NIR/paper/01_lif/lif_rockpool.nir");
  if (!path) return;
  const std::string error = error_of(*path);
  CHECK(contains(error, path->string()));
  CHECK(contains(error, "node 'output' (Output): shape (1, 1, 1) differs from its input's (1,)"));
  const auto model = repaired(*path);
  REQUIRE(model.repairs.size() == 1);
  CHECK(model.graph.node(*model.graph.find("output")).output_shape() == reef::core::Shape{1});
  const auto convention = reef::io::guess_nir_convention(model);
  CHECK(convention.profile == "rockpool");
  REQUIRE(convention.dt_s.has_value());
  CHECK(*convention.dt_s == doctest::Approx(1e-4).epsilon(1e-5));
}

TEST_CASE("transposed Linear weights and negative tau in the Spyx export: tau stays an error even with repair") {
  const auto path = reef::test::shared_file("nir/kmheckel+spyx/research/paper/spyx_shd.nir");
  if (!path) return;
  const std::string error = error_of(*path);
  CHECK(contains(error, "node 'linear' (Linear): weight (128, 64)"));
  CHECK(contains(error, "transposed"));
  CHECK(contains(error, "node 'LIF' (LIF): tau must be > 0"));
  CHECK(contains(error, "node 'LIF_1' (LIF): tau must be > 0"));
  const std::string after_repair = error_of(*path, true);
  CHECK(contains(after_repair, "node 'LIF' (LIF): tau must be > 0"));
  CHECK(contains(after_repair, "no repair exists"));
  CHECK_FALSE(contains(after_repair, "transposed"));
}

TEST_CASE("a Conv without input_shape and a batch dimension are errors, repair drops the batch and infers shapes") {
  const auto path = reef::test::shared_file("nir/neuromorphs+NIR/paper/02_cnn/scnn_mnist_batches.nir");
  if (!path) return;
  const std::string error = error_of(*path);
  CHECK(contains(error, "batch dimension"));
  CHECK(contains(error, "node '0' (Conv2d): the file has no input_shape"));
  const auto model = repaired(*path);
  CHECK(model.graph.node(*model.graph.find("input")).output_shape() == reef::core::Shape{2, 34, 34});
  CHECK(std::get<reef::core::ConvParams>(model.graph.node(*model.graph.find("0")).params).input_shape ==
        reef::core::Shape{2, 34, 34});
  CHECK(model.graph.node(*model.graph.find("1")).output_shape() == reef::core::Shape{16, 16, 16});
  CHECK(model.graph.node(*model.graph.find("8")).output_shape() == reef::core::Shape{128});
  CHECK(model.graph.node(*model.graph.find("output")).output_shape() == reef::core::Shape{10});
  CHECK(model.repairs.size() >= 4);  // batch, three Conv input_shapes, Flatten input_type
}

TEST_CASE("a nested Input whose shape differs from its neurons is an error naming the subgraph, even with repair") {
  const auto path = reef::test::shared_file("nir/synsense+rockpool/tests/tests_default/nir_graphs/braille.nir");
  if (!path) return;
  for (bool repair : {false, true}) {
    const std::string error = error_of(*path, repair);
    CHECK(contains(error, "graph 'hidden': its Input 'hidden.input' has shape (12,)"));
    CHECK(contains(error, "'hidden.lif' (CubaLIF) which takes (38,)"));
  }
}

TEST_CASE("a file that is not HDF5 is a format error naming the file") {
  const auto path = reef::test::shared_file("nir/SOURCES.md");
  if (!path) return;
  CHECK(contains(error_of(*path), "not an HDF5 file"));
  CHECK_FALSE(reef::io::is_nir_file(*path));
}
