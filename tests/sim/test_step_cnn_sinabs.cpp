// The step engine's sinabs profile on the NIR paper's spiking CNN (cnn_sinabs.nir, [2, 34, 34] input): 20 generated
// event frames give the spikes an independent numpy model of Sinabs' IAF layers computes
// (tests/data/step/make_cnn_sinabs_expected.py: subtractive reset, multi-spike, min_v_mem = -v_th, v >= v_th).
#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>

#include "reef/io/nir.hpp"
#include "reef/io/npy.hpp"
#include "reef/sim/step_engine.hpp"
#include "shared_data.hpp"

namespace {

const std::filesystem::path kData = std::filesystem::path(REEF_TEST_DATA_DIR) / "step";

// np.packbits of the [T, 2, 34, 34] 0/1 frames (most significant bit first) back to one value per element.
std::vector<double> unpack_bits(const std::vector<double>& bytes, std::size_t count) {
  std::vector<double> values(count);
  for (std::size_t i = 0; i < count; ++i) {
    const auto byte = static_cast<std::uint8_t>(bytes.at(i / 8));
    values[i] = (byte >> (7 - i % 8)) & 1U ? 1.0 : 0.0;
  }
  return values;
}

const reef::core::GridTrace& spikes_of(const reef::sim::StepRun& run, const std::string& node) {
  for (const auto& trace : run.recording.grid)
    if (trace.node == node && trace.variable == "spikes") return trace;
  FAIL("no spike trace for IF node '" << node << "'");
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("sinabs_profile_runs_the_paper_cnn_with_the_spikes_of_sinabs_iaf_layers") {
  const auto model = reef::test::shared_file("nir/neuromorphs+NIR/paper/02_cnn/cnn_sinabs.nir");
  if (!model) return;
  const auto layer_spikes = reef::io::read_npy(kData / "cnn_sinabs_layer_spikes.npy");
  const auto output_spikes = reef::io::read_npy(kData / "cnn_sinabs_output_spikes.npy");
  const auto hidden_totals = reef::io::read_npy(kData / "cnn_sinabs_hidden_totals.npy");
  const std::size_t steps = layer_spikes.shape.at(0);
  const std::size_t frame = 2 * 34 * 34;

  reef::sim::StepOptions options;
  options.profile = reef::sim::StepProfile::sinabs;
  options.dt_s = 1.0;  // Sinabs counts tau in steps; IF nodes have none
  reef::sim::StepEngine engine(reef::io::read_nir(*model).graph, options);
  CHECK(*engine.options().reset == reef::sim::ResetRule::subtract);
  CHECK(*engine.options().spike_rule == reef::sim::SpikeRule::multi);
  REQUIRE(engine.input_nodes().size() == 1);
  CHECK(engine.input_shape(engine.input_nodes()[0]) == reef::core::Shape{frame});

  const auto bits = reef::io::read_npy(kData / "cnn_sinabs_input_bits.npy");
  const reef::sim::StepInput input{engine.input_nodes()[0], 1, steps, unpack_bits(bits.values, steps * frame)};
  const reef::sim::StepRun run = engine.run({input});

  // Spike counts are sums of float32 weights in double; the generator checks that every membrane value stays at
  // least 1e-9 (relative) from a spike boundary, so any summation order gives these counts exactly.
  const std::vector<std::string> if_nodes{"1", "3", "6", "10", "12"};
  for (std::size_t l = 0; l < if_nodes.size(); ++l) {
    CAPTURE(if_nodes[l]);
    const auto& trace = spikes_of(run, if_nodes[l]);
    REQUIRE(trace.steps == steps);
    for (std::size_t t = 0; t < steps; ++t) {
      double sum = 0.0;
      for (std::size_t e = 0; e < trace.elements; ++e) sum += trace.values[t * trace.elements + e];
      CAPTURE(t);
      CHECK(sum == layer_spikes.values[t * if_nodes.size() + l]);
    }
  }
  CHECK(spikes_of(run, "12").values == output_spikes.values);
  const auto& hidden = spikes_of(run, "10");
  std::vector<double> totals(hidden.elements, 0.0);
  for (std::size_t t = 0; t < steps; ++t)
    for (std::size_t e = 0; e < hidden.elements; ++e) totals[e] += hidden.values[t * hidden.elements + e];
  CHECK(totals == hidden_totals.values);
}
