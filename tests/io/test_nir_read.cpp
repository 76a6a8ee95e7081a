// Reading the real NIR files in ../shared/data/nir: node counts, shapes and parameters against nir_files.md (values
// checked with h5py), nested graphs flattened, absent v_reset/w_in recorded, and the exporter convention guess.
#include <algorithm>
#include <string>

#include <doctest/doctest.h>

#include "reef/core/error.hpp"
#include "reef/io/nir.hpp"
#include "shared_data.hpp"

namespace {

using reef::core::NeuronModel;
using reef::core::Shape;

const reef::core::Node& node(const reef::io::NirModel& model, const std::string& name) {
  const auto id = model.graph.find(name);
  REQUIRE_MESSAGE(id.has_value(), "no node " << name);
  return model.graph.node(*id);
}

const reef::io::NirNodeInfo& info(const reef::io::NirModel& model, const std::string& name) {
  const auto found = std::find_if(model.nodes.begin(), model.nodes.end(), [&](const auto& n) { return n.name == name; });
  REQUIRE(found != model.nodes.end());
  return *found;
}

bool has_connection(const reef::io::NirModel& model, const std::string& from, const std::string& to) {
  const auto s = model.graph.find(from);
  const auto t = model.graph.find(to);
  if (!s || !t) return false;
  const auto& c = model.graph.connections();
  return std::find(c.begin(), c.end(), reef::core::Connection{*s, *t}) != c.end();
}

}  // namespace

TEST_CASE("reads the single-LIF Norse file with its version, parameters and a missing v_reset recorded") {
  const auto path = reef::test::shared_file("nir/neuromorphs+NIR/paper/01_lif/lif_norse.nir");
  if (!path) return;
  const reef::io::NirModel model = reef::io::read_nir(*path);
  CHECK(model.version == "0.1.1");
  CHECK(model.graph.nodes().size() == 4);
  CHECK(model.graph.connections().size() == 3);
  const auto& lif = node(model, "1");
  REQUIRE(lif.is_population());
  CHECK(lif.neurons().model == NeuronModel::lif);
  CHECK(lif.neurons().tau_mem_s[0] == doctest::Approx(0.0025).epsilon(1e-7));
  CHECK(lif.neurons().v_th[0] == doctest::Approx(0.1).epsilon(1e-7));
  CHECK(lif.neurons().reset == reef::core::ResetMode::to_value);
  CHECK_FALSE(info(model, "1").v_reset_present);
  CHECK(info(model, "1").type == "LIF");
  CHECK(has_connection(model, "input", "0"));
  CHECK(has_connection(model, "1", "output"));
  CHECK(model.repairs.empty());
  const auto convention = reef::io::guess_nir_convention(model);
  CHECK(convention.profile == "norse");
  CHECK_FALSE(convention.dt_s.has_value());
}

TEST_CASE("a missing v_reset becomes reset by subtraction when the options ask for it") {
  const auto path = reef::test::shared_file("nir/neuromorphs+NIR/paper/01_lif/lif_norse.nir");
  if (!path) return;
  reef::io::NirReadOptions options;
  options.reset_when_absent = reef::core::ResetMode::subtract;
  const auto model = reef::io::read_nir(*path, options);
  CHECK(node(model, "1").neurons().reset == reef::core::ResetMode::subtract);
  CHECK(node(model, "1").neurons().v_reset[0] == 0.0);
}

TEST_CASE("reads the snnTorch Braille file: flat dotted names, recurrent edges and the snntorch guess with dt 1e-4") {
  const auto path = reef::test::shared_file("nir/neuromorphs+NIR/paper/03_rnn/braille_noDelay_bias_zero.nir");
  if (!path) return;
  const auto model = reef::io::read_nir(*path);
  CHECK(model.graph.nodes().size() == 7);
  CHECK(model.graph.connections().size() == 7);
  const auto& lif = node(model, "lif1.lif");
  CHECK(lif.neurons().model == NeuronModel::cuba_lif);
  CHECK(lif.size == 38);
  REQUIRE(lif.neurons().synapses.size() == 1);
  CHECK(lif.neurons().synapses[0].w_in[0] == doctest::Approx(2.22222).epsilon(1e-5));
  CHECK(lif.neurons().synapses[0].tau_s[0] == doctest::Approx(0.000222222).epsilon(1e-5));
  CHECK(lif.neurons().r[0] == doctest::Approx(10.0));
  CHECK(info(model, "lif1.lif").w_in_present);
  CHECK(has_connection(model, "lif1.lif", "lif1.w_rec"));
  CHECK(has_connection(model, "lif1.w_rec", "lif1.lif"));
  const auto& w_rec = std::get<reef::core::AffineParams>(node(model, "lif1.w_rec").params);
  CHECK(w_rec.weight.shape == Shape{38, 38});
  CHECK(w_rec.has_bias());
  const auto convention = reef::io::guess_nir_convention(model);
  CHECK(convention.profile == "snntorch");
  REQUIRE(convention.dt_s.has_value());
  CHECK(*convention.dt_s == doctest::Approx(1e-4).epsilon(1e-6));
  CHECK(convention.confidence > 0.9);
}

TEST_CASE("reads Linear nodes without bias in the subtract Braille file") {
  const auto path = reef::test::shared_file("nir/neuromorphs+NIR/paper/03_rnn/braille_noDelay_noBias_subtract.nir");
  if (!path) return;
  const auto model = reef::io::read_nir(*path);
  const auto& fc1 = std::get<reef::core::AffineParams>(node(model, "fc1").params);
  CHECK(fc1.weight.shape == Shape{40, 12});
  CHECK_FALSE(fc1.has_bias());
  CHECK(info(model, "fc1").type == "Linear");
  CHECK(node(model, "lif1.lif").size == 40);
}

TEST_CASE("reads the Sinabs CNN: conv, IF feature maps, pooling shapes inferred, flatten and affine") {
  const auto path = reef::test::shared_file("nir/neuromorphs+NIR/paper/02_cnn/cnn_sinabs.nir");
  if (!path) return;
  const auto model = reef::io::read_nir(*path);
  CHECK(model.graph.nodes().size() == 15);
  CHECK(model.graph.connections().size() == 14);
  const auto& conv = std::get<reef::core::ConvParams>(node(model, "0").params);
  CHECK(conv.input_shape == Shape{2, 34, 34});
  CHECK(conv.stride == std::vector<std::size_t>{2, 2});
  CHECK(node(model, "0").shape == Shape{16, 16, 16});
  CHECK(node(model, "1").shape == Shape{16, 16, 16});
  CHECK(node(model, "1").neurons().model == NeuronModel::integrate_and_fire);
  CHECK(std::get<reef::core::PoolParams>(node(model, "4").params).input_shape == Shape{16, 16, 16});
  CHECK(node(model, "4").shape == Shape{16, 8, 8});
  CHECK(node(model, "7").shape == Shape{8, 4, 4});
  CHECK(node(model, "8").shape == Shape{128});
  CHECK(node(model, "12").size == 10);
  CHECK(reef::io::guess_nir_convention(model).profile == "sinabs");
}

TEST_CASE("reads the feedback graph with int64 parameters, an explicit v_reset and a cycle") {
  const auto path = reef::test::shared_file("nir/neuromorphs+NIRTorch/tests/feedback_graph.nir");
  if (!path) return;
  const auto model = reef::io::read_nir(*path);
  CHECK(model.version == "1.0.7.dev8+gaf2635601");
  const auto& state = node(model, "state");
  CHECK(state.size == 2000);
  CHECK(state.neurons().r[0] == 1.0);
  CHECK(info(model, "state").v_reset_present);
  CHECK(node(model, "feedback_ir").neurons().model == NeuronModel::leaky_integrator);
  CHECK(has_connection(model, "feedback_ir", "state_weights"));
  CHECK(std::get<reef::core::AffineParams>(node(model, "feedback_weights").params).bias == std::vector<double>(3, 0.0));
}

TEST_CASE("flattens the repaired nested Braille graph into '<graph>.<child>' nodes wired through its ports") {
  const auto path =
      reef::test::shared_file("nir/kmheckel+spyx/docs/examples/nir/rsnn/braille_noDelay_bias_zero_subgraph.nir");
  if (!path) return;
  const auto model = reef::io::read_nir(*path);
  CHECK(model.graph.nodes().size() == 7);  // input, fc1, lif1.lif1, lif1.lin, fc2, lif2, output
  CHECK(node(model, "lif1.lif1").size == 38);
  CHECK(has_connection(model, "fc1", "lif1.lif1"));
  CHECK(has_connection(model, "lif1.lif1", "lif1.lin"));
  CHECK(has_connection(model, "lif1.lin", "lif1.lif1"));
  CHECK(has_connection(model, "lif1.lif1", "fc2"));
  CHECK(model.graph.connections().size() == 7);
  CHECK_FALSE(model.graph.find("lif1.input").has_value());
}

TEST_CASE("reads the other real Braille copies and the two-neuron file") {
  for (const char* relative : {"nir/neuromorphs+NIRTorch/tests/braille.nir", "nir/norse+norse/norse/torch/utils/test/braille.nir",
                               "nir/kmheckel+spyx/docs/examples/nir/rsnn/braille_noDelay_noBias_subtract_subgraph.nir",
                               "nir/kmheckel+spyx/docs/examples/nir/scnn/scnn_mnist.nir",
                               "nir/neuromorphs+NIR/paper/01_lif/debug_spike_representation/two_lif_neurons.nir"}) {
    CAPTURE(relative);
    const auto path = reef::test::shared_file(relative);
    if (!path) continue;
    const auto model = reef::io::read_nir(*path);
    CHECK(model.graph.nodes().size() == model.nodes.size());
    CHECK(model.repairs.empty());
  }
}
