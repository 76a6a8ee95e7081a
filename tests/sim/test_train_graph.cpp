// A trained model exported as a core::Graph (and through NIR) runs on sim::StepEngine's snntorch profile with outputs
// identical to the model's own float64 forward pass, and reads back into an identical model.
#include <doctest/doctest.h>

#include <algorithm>

#include "reef/core/error.hpp"
#include "reef/io/nir.hpp"
#include "reef/sim/step_engine.hpp"
#include "reef/sim/train/model.hpp"
#include "scratch_dir.hpp"
#include "sim/train_test_support.hpp"

namespace reef::sim::train {
namespace {

std::vector<double> step_engine_output(const core::Graph& graph, double dt_s, const std::vector<float>& input,
                                       std::size_t steps, std::size_t batch) {
  StepOptions options;
  options.profile = StepProfile::snntorch;
  options.dt_s = dt_s;
  StepEngine engine(graph, options);
  StepInput in{"input", batch, steps, std::vector<double>(input.begin(), input.end())};
  const StepRun run = engine.run({in});
  for (const core::GridTrace& trace : run.recording.grid)
    if (trace.node == "output" && trace.variable == "output") return trace.values;
  FAIL("the step engine recorded no output");
  return {};
}

// The model's forward pass in float64, the step engine's arithmetic.
std::vector<double> float64_forward(Model& model, const std::vector<float>& input, std::size_t steps,
                                    std::size_t batch) {
  ExecutionOptions options;
  options.precision = Precision::float64;
  model.set_execution(options);
  return model.forward(input.data(), steps, batch);
}

TEST_CASE("exported_model_runs_on_the_step_engine_with_identical_outputs") {
  Model model(test::neuron_chain_spec({SurrogateKind::arctan, 2.0}), 3);
  // Move the learned decays and thresholds off their initial values, as training would.
  for (Parameter& p : model.parameters())
    for (std::size_t e = 0; e < p.value.size(); ++e)
      if (p.name.find("beta") != std::string::npos || p.name.find("alpha") != std::string::npos ||
          p.name.find("threshold") != std::string::npos)
        p.value[e] *= 1.0F - 0.01F * static_cast<float>(e % 5);
  ExecutionOptions options;
  options.precision = Precision::float64;
  model.set_execution(options);
  const std::size_t steps = 40, batch = 3;
  const std::vector<float> input = test::sparse_input(steps * batch * 6, 0.4, 3.0, 17);
  const std::vector<double> trained = model.forward(input.data(), steps, batch);
  double activity = 0.0;
  for (double v : trained) activity += std::abs(v);
  REQUIRE(activity > 0.0);  // the readout moved: spikes reached it
  CHECK(step_engine_output(model.to_graph(), model.spec().dt_s, input, steps, batch) == trained);

  test::ScratchDir dir;
  io::write_nir(dir / "model.nir", model.to_graph());
  const io::NirModel read = io::read_nir(dir / "model.nir");
  CHECK(step_engine_output(read.graph, model.spec().dt_s, input, steps, batch) == trained);
  const io::NirConvention guess = io::guess_nir_convention(read);
  CHECK(guess.profile == "snntorch");

  Model back = Model::from_graph(read.graph, model.spec().dt_s, {SurrogateKind::arctan, 2.0});
  back.set_execution(options);
  CHECK(back.forward(input.data(), steps, batch) == trained);
}

TEST_CASE("exported_conv_model_runs_on_the_step_engine_with_identical_outputs") {
  ModelSpec spec;
  spec.input_shape = {1, 8, 8};
  spec.dt_s = 1e-3;
  LayerSpec conv{LayerKind::conv2d, "conv", 4};
  conv.kernel = 3;
  conv.padding = 1;
  LayerSpec lif{LayerKind::cuba_lif, "lif"};
  lif.v_th = 0.3;
  LayerSpec pool{LayerKind::avg_pool2d, "pool"};
  pool.kernel = 2;
  LayerSpec flat{LayerKind::flatten, "flat"};
  LayerSpec fc{LayerKind::linear, "fc", 3};
  LayerSpec out{LayerKind::if_neuron, "out"};
  out.v_th = 0.2;
  out.reset = NeuronReset::zero;
  spec.layers = {conv, lif, pool, flat, fc, out};
  Model model(spec, 9);
  const std::size_t steps = 20, batch = 2;
  const std::vector<float> input = test::sparse_input(steps * batch * 64, 0.3, 2.0, 2);
  const std::vector<double> trained = float64_forward(model, input, steps, batch);
  REQUIRE(std::count(trained.begin(), trained.end(), 1.0) > 0);
  CHECK(step_engine_output(model.to_graph(), spec.dt_s, input, steps, batch) == trained);
}

TEST_CASE("an_image_model_flattening_h_w_reads_back_from_its_export_and_runs_on_the_step_engine_alike") {
  // The shape of the Fashion-MNIST example: 2-d images flattened into a linear layer, an LI readout.
  ModelSpec spec;
  spec.input_shape = {5, 5};
  spec.dt_s = 1e-3;
  LayerSpec hidden{LayerKind::cuba_lif, "hidden"};
  hidden.v_th = 0.3;
  spec.layers = {{LayerKind::flatten, "flat"}, {LayerKind::linear, "fc1", 8}, hidden, {LayerKind::linear, "fc2", 3},
                 {LayerKind::li, "readout"}};
  Model model(spec, 5);
  const std::size_t steps = 15, batch = 2;
  const std::vector<float> input = test::sparse_input(steps * batch * 25, 0.3, 2.0, 8);
  const std::vector<double> trained = float64_forward(model, input, steps, batch);
  CHECK(step_engine_output(model.to_graph(), spec.dt_s, input, steps, batch) == trained);

  test::ScratchDir dir;
  io::write_nir(dir / "model.nir", model.to_graph());
  Model back = Model::from_graph(io::read_nir(dir / "model.nir").graph, spec.dt_s);
  CHECK(float64_forward(back, input, steps, batch) == trained);
}

TEST_CASE("float32_training_forward_gives_the_same_spikes_as_float64_on_a_typical_network") {
  Model model(test::neuron_chain_spec({SurrogateKind::arctan, 2.0}), 4);
  const std::size_t steps = 30, batch = 4;
  const std::vector<float> input = test::sparse_input(steps * batch * 6, 0.4, 3.0, 6);
  const std::vector<double> single = model.forward(input.data(), steps, batch);
  ExecutionOptions options;
  options.precision = Precision::float64;
  model.set_execution(options);
  const std::vector<double> twice = model.forward(input.data(), steps, batch);
  REQUIRE(single.size() == twice.size());
  for (std::size_t e = 0; e < single.size(); ++e) CHECK(single[e] == doctest::Approx(twice[e]).epsilon(1e-4));
}

TEST_CASE("from_graph_names_the_node_a_trainable_model_cannot_hold") {
  core::GraphBuilder builder;
  const core::NodeId in = builder.add_node({"in", 2, core::InputParams{}, {2}});
  core::NeuronParams n;
  n.model = core::NeuronModel::lif;
  n.v_leak = 0.5;
  const core::NodeId lif = builder.add_node({"leaky", 2, n});
  const core::NodeId out = builder.add_node({"out", 2, core::OutputParams{}, {2}});
  builder.add_connection({in, lif});
  builder.add_connection({lif, out});
  const core::Graph graph = std::move(builder).build();
  CHECK_THROWS_WITH_AS(Model::from_graph(graph, 1e-3), doctest::Contains("'leaky'"), ValidationError);
}

}  // namespace
}  // namespace reef::sim::train
