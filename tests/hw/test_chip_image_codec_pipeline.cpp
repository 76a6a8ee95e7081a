// The whole path to a chip file: float graph → quantize → map → bytes → parse gives the very ChipImage the mapper
// made, and the bytes are the same every time; on the small test network and on the Braille RNN of the NIR paper.
#include <doctest/doctest.h>

#include "reef/core/graph.hpp"
#include "reef/hw/chip_image_codec.hpp"
#include "reef/hw/chip_spec.hpp"
#include "reef/hw/mapper.hpp"
#include "reef/hw/quantizer.hpp"
#include "reef/io/nir.hpp"
#include "shared_data.hpp"

using namespace reef;
using namespace reef::hw;

namespace {

// input(2) → fc1 → lif1(3, recurrent) → fc2 → lif2(2) → output.
core::Graph small_rnn() {
  const auto affine = [](const std::string& name, std::size_t out, std::size_t in, std::vector<double> w) {
    return core::Node{name, out, core::AffineParams{{{out, in}, std::move(w)}, {}}, {}};
  };
  const auto cuba = [](const std::string& name, std::size_t n, double tau_mem, double tau_syn, double v_th) {
    core::NeuronParams p;
    p.tau_mem_s = tau_mem;
    p.v_th = v_th;
    p.bias = 0.05;
    p.reset = core::ResetMode::subtract;
    p.synapses.push_back({"syn", tau_syn, 0.0, 1.0});
    return core::Node{name, n, p, {}};
  };
  core::GraphBuilder b;
  const auto input = b.add_node({"input", 2, core::InputParams{}, {2}});
  const auto fc1 = b.add_node(affine("fc1", 3, 2, {0.5, -0.25, 0.1, 0.0, -0.3, 0.2}));
  const auto lif1 = b.add_node(cuba("lif1", 3, 0.020, 0.005, 1.0));
  const auto w_rec = b.add_node(affine("w_rec", 3, 3, {0, 0.2, 0, 0, 0, -0.4, 0.25, 0, 0}));
  const auto fc2 = b.add_node(affine("fc2", 2, 3, {1.0, -0.5, 0, 0.25, 0.75, -1.0}));
  const auto lif2 = b.add_node(cuba("lif2", 2, 0.010, 0.008, 2.0));
  const auto output = b.add_node({"output", 2, core::OutputParams{}, {2}});
  for (auto [from, to] : std::vector<std::pair<core::NodeId, core::NodeId>>{
           {input, fc1}, {fc1, lif1}, {lif1, w_rec}, {w_rec, lif1}, {lif1, fc2}, {fc2, lif2}, {lif2, output}}) {
    b.add_connection({from, to, 0});
  }
  return std::move(b).build();
}

ChipImage quantize_and_map(const core::Graph& model, QuantMode mode, double dt_s) {
  const ChipSpec chip = find_chip("xylo-audio2");
  const QuantizedModel q = quantize(model, chip, {mode, dt_s});
  MapOptions options;
  options.dt_s = dt_s;
  options.provenance = {"model.nir", model.content_hash(), "test",
                        mode == QuantMode::global ? "global" : "per-channel", 0, 0};
  return map_to_chip(q.graph, chip, options);
}

void check_round_trip(const ChipImage& image) {
  const std::string bytes = encode_chip_image(image);
  CHECK(decode_chip_image(bytes, "chip.pb") == image);
  CHECK(encode_chip_image(image) == bytes);
  CHECK(chip_image_from_text(chip_image_to_text(image), "chip.txtpb") == image);
}

}  // namespace

TEST_CASE("a_quantized_and_mapped_network_parses_back_to_the_same_chip_image") {
  for (const QuantMode mode : {QuantMode::global, QuantMode::per_channel}) {
    const ChipImage image = quantize_and_map(small_rnn(), mode, 1e-3);
    CHECK(image.n_hidden == 3);
    check_round_trip(image);
  }
}

TEST_CASE("the_braille_rnn_maps_to_xylo_audio2_and_parses_back_identically") {
  const auto path = test::shared_file("nir/neuromorphs+NIR/paper/03_rnn/braille_noDelay_noBias_subtract.nir");
  if (!path) return;
  const io::NirModel model = io::read_nir(*path);
  for (const QuantMode mode : {QuantMode::global, QuantMode::per_channel}) {
    const ChipImage image = quantize_and_map(model.graph, mode, 1e-4);
    CHECK(image.n_inputs == 12);
    CHECK(image.n_hidden == 40);
    CHECK(image.n_outputs == 7);
    check_round_trip(image);
  }
}
