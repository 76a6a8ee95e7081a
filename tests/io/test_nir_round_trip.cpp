// write_nir -> read_nir gives back the identical graph (content hash and every field) for every readable real file,
// with and without gzip; reef-written files state version, v_reset, w_in and metadata, and gzip compresses arrays.
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <hdf5.h>

#include "reef/core/error.hpp"
#include "reef/io/nir.hpp"
#include "scratch_dir.hpp"
#include "shared_data.hpp"

namespace {

const std::vector<std::string> kFiles = {
    "nir/neuromorphs+NIR/paper/01_lif/lif_norse.nir",
    "nir/neuromorphs+NIR/paper/01_lif/lif_rockpool.nir",
    "nir/neuromorphs+NIR/paper/01_lif/debug_spike_representation/two_lif_neurons.nir",
    "nir/neuromorphs+NIR/paper/02_cnn/cnn_sinabs.nir",
    "nir/neuromorphs+NIR/paper/02_cnn/scnn_mnist_batches.nir",
    "nir/neuromorphs+NIR/paper/03_rnn/braille_noDelay_bias_zero.nir",
    "nir/neuromorphs+NIR/paper/03_rnn/braille_noDelay_noBias_subtract.nir",
    "nir/neuromorphs+NIR/paper/03_rnn/extras/braille_noDelay_bias_zero_subgraph.nir",
    "nir/kmheckel+spyx/docs/examples/nir/rsnn/braille_noDelay_noBias_subtract_subgraph.nir",
    "nir/kmheckel+spyx/docs/examples/nir/scnn/scnn_mnist.nir",
    "nir/neuromorphs+NIRTorch/tests/feedback_graph.nir",
    "nir/neuromorphs+NIRTorch/tests/braille.nir",
};

void check_same_per_neuron(const reef::core::PerNeuron& a, const reef::core::PerNeuron& b, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) REQUIRE(a[i] == b[i]);
}

void check_same_neurons(const reef::core::NeuronParams& a, const reef::core::NeuronParams& b, std::size_t n) {
  CHECK(a.model == b.model);
  CHECK(a.reset == b.reset);
  check_same_per_neuron(a.tau_mem_s, b.tau_mem_s, n);
  check_same_per_neuron(a.r, b.r, n);
  check_same_per_neuron(a.v_leak, b.v_leak, n);
  check_same_per_neuron(a.v_th, b.v_th, n);
  check_same_per_neuron(a.v_reset, b.v_reset, n);
  REQUIRE(a.synapses.size() == b.synapses.size());
  for (std::size_t k = 0; k < a.synapses.size(); ++k) {
    CHECK(a.synapses[k].name == b.synapses[k].name);
    check_same_per_neuron(a.synapses[k].tau_s, b.synapses[k].tau_s, n);
    check_same_per_neuron(a.synapses[k].w_in, b.synapses[k].w_in, n);
  }
}

void check_same_graph(const reef::core::Graph& a, const reef::core::Graph& b) {
  CHECK(a.content_hash() == b.content_hash());
  REQUIRE(a.nodes().size() == b.nodes().size());
  for (std::size_t i = 0; i < a.nodes().size(); ++i) {
    const auto& x = a.nodes()[i];
    const auto& y = b.nodes()[i];
    CAPTURE(x.name);
    CHECK(x.name == y.name);
    CHECK(x.output_shape() == y.output_shape());
    REQUIRE(x.params.index() == y.params.index());
    if (x.is_population()) check_same_neurons(x.neurons(), y.neurons(), x.size);
    else if (const auto* affine = std::get_if<reef::core::AffineParams>(&x.params))
      CHECK(*affine == std::get<reef::core::AffineParams>(y.params));
    else if (const auto* conv = std::get_if<reef::core::ConvParams>(&x.params))
      CHECK(*conv == std::get<reef::core::ConvParams>(y.params));
    else if (const auto* pool = std::get_if<reef::core::PoolParams>(&x.params))
      CHECK(*pool == std::get<reef::core::PoolParams>(y.params));
    else if (const auto* flatten = std::get_if<reef::core::FlattenParams>(&x.params))
      CHECK(*flatten == std::get<reef::core::FlattenParams>(y.params));
  }
  CHECK(a.connections() == b.connections());
}

bool dataset_is_chunked(const std::filesystem::path& file, const char* dataset) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(f >= 0);
  const hid_t d = H5Dopen2(f, dataset, H5P_DEFAULT);
  REQUIRE(d >= 0);
  const hid_t plist = H5Dget_create_plist(d);
  const bool chunked = H5Pget_layout(plist) == H5D_CHUNKED && H5Pget_nfilters(plist) == 1;
  H5Pclose(plist);
  H5Dclose(d);
  H5Fclose(f);
  return chunked;
}

}  // namespace

TEST_CASE("every readable real NIR file survives write and read unchanged, with and without gzip") {
  reef::test::ScratchDir scratch;
  for (const std::string& relative : kFiles) {
    CAPTURE(relative);
    const auto path = reef::test::shared_file(relative);
    if (!path) continue;
    reef::io::NirReadOptions repair;
    repair.repair = true;
    const reef::io::NirModel original = reef::io::read_nir(*path, repair);
    for (bool gzip : {true, false}) {
      CAPTURE(gzip);
      const auto out = scratch.path() / ("copy" + std::to_string(gzip) + ".nir");
      reef::io::NirWriteOptions options;
      options.gzip = gzip;
      reef::io::write_nir(out, original.graph, options);
      const reef::io::NirModel copy = reef::io::read_nir(out);
      CHECK(copy.repairs.empty());
      CHECK(copy.version == "1.0.7");
      check_same_graph(original.graph, copy.graph);
    }
  }
}

TEST_CASE("reef writes explicit v_reset and w_in, gzip-compressed arrays and the dt and reset metadata") {
  const auto path = reef::test::shared_file("nir/neuromorphs+NIR/paper/03_rnn/braille_noDelay_bias_zero.nir");
  if (!path) return;
  reef::test::ScratchDir scratch;
  const auto model = reef::io::read_nir(*path);
  reef::io::NirWriteOptions options;
  options.metadata.dt_s = 1e-4;
  options.metadata.reset = "zero";
  const auto out = scratch.path() / "braille.nir";
  reef::io::write_nir(out, model.graph, options);
  CHECK(reef::io::is_nir_file(out));
  CHECK(dataset_is_chunked(out, "/node/nodes/lif1.w_rec/weight"));
  const auto copy = reef::io::read_nir(out);
  for (const auto& info : copy.nodes)
    if (info.type == "CubaLIF") CHECK((info.v_reset_present && info.w_in_present));
  REQUIRE(copy.metadata.dt_s.has_value());
  CHECK(*copy.metadata.dt_s == 1e-4);
  CHECK(copy.metadata.reset == std::optional<std::string>("zero"));
}

TEST_CASE("reset by subtraction survives a round trip through the node metadata") {
  const auto path = reef::test::shared_file("nir/neuromorphs+NIR/paper/01_lif/lif_norse.nir");
  if (!path) return;
  reef::test::ScratchDir scratch;
  reef::io::NirReadOptions subtract;
  subtract.reset_when_absent = reef::core::ResetMode::subtract;
  const auto model = reef::io::read_nir(*path, subtract);
  reef::io::write_nir(scratch.path() / "lif.nir", model.graph);
  const auto copy = reef::io::read_nir(scratch.path() / "lif.nir");
  CHECK(copy.graph.node(*copy.graph.find("1")).neurons().reset == reef::core::ResetMode::subtract);
  CHECK(copy.graph.content_hash() == model.graph.content_hash());
}

TEST_CASE("a failed write leaves no file behind") {
  const auto path = reef::test::shared_file("nir/neuromorphs+NIR/paper/01_lif/lif_norse.nir");
  if (!path) return;
  reef::test::ScratchDir scratch;
  const auto model = reef::io::read_nir(*path);
  CHECK_THROWS_AS(reef::io::write_nir(scratch.path() / "missing" / "x.nir", model.graph), reef::Error);
  CHECK(scratch.entries().empty());
}
