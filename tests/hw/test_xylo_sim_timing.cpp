// XyloSim ordering within and across steps against hand-worked numbers (rockpool_xylo.md §5.3): input acts in its own
// step, hidden→hidden and hidden→output one step later, alias copies in id order, state kept between evolve() calls
// until reset(), and every limit taken from the ChipSpec rather than built in.
#include <doctest/doctest.h>

#include <vector>

#include "reef/core/error.hpp"
#include "reef/hw/chip_spec.hpp"
#include "reef/hw/xylo_sim.hpp"
#include "test_xylo_sim_images.hpp"

using reef::hw::ChipSimRun;
using reef::hw::XyloSim;
using reef::test::audio2;
using reef::test::blank_image;
using reef::test::column;
using reef::test::run_recorded;
using reef::test::set_in;
using reef::test::set_out;
using reef::test::set_rec;
using V = std::vector<int>;

namespace {

// The worked example of the reference (one input → one hidden neuron → one output neuron).
reef::hw::ChipImage worked_example() {
  auto image = blank_image(audio2(), 1, 1, 1);
  set_in(image, 0, 0, 64);
  image.hidden[0] = {.dash_mem = 3, .dash_syn = 2, .dash_syn2 = 0, .threshold = 100};
  set_out(image, 0, 0, 50);
  image.outputs[0] = {.dash_mem = 3, .dash_syn = 1, .threshold = 1000};
  return image;
}

}  // namespace

TEST_CASE("input acts in its own step while hidden-to-hidden and hidden-to-output events arrive one step later") {
  auto image = blank_image(audio2(), 1, 2, 1);
  set_in(image, 0, 0, 10);
  set_rec(image, 0, 1, 10);
  set_out(image, 0, 0, 10);
  for (auto& neuron : image.hidden) neuron = {.dash_mem = 15, .dash_syn = 1, .dash_syn2 = 0, .threshold = 5};
  image.outputs[0] = {.dash_mem = 15, .dash_syn = 1, .threshold = 5};
  XyloSim sim(image, audio2());
  const ChipSimRun run = run_recorded(sim, 3, {{1}});
  // neuron 0, t0: isyn 10 − 5 = 5 = v ≥ 5: one event, v = 0; t1: isyn 3, v 3; t2: isyn 2, v 3 − 1 + 2 = 4: silent
  // neuron 1, t1: the t0 event, isyn 10 − 5 = 5 = v: one event.  Output, t1: the same, one event.
  CHECK(column(run.hidden_spikes, 2, 0) == V{1, 0, 0});
  CHECK(column(run.hidden_spikes, 2, 1) == V{0, 1, 0});
  CHECK(run.output_spikes == std::vector<std::uint8_t>{0, 1, 0});
}

TEST_CASE("alias copies count toward a higher target's cap in the same step and reach a lower target next step") {
  // Aliases 0 → 2 → 3 (forward) and 3 → 1 (backward); channel 0 drives neurons 0, 1 and 2; only neuron 1 has a
  // readout.
  auto image = blank_image(audio2(), 1, 4, 1);
  set_in(image, 0, 0, 21);
  set_in(image, 0, 1, 6);
  set_in(image, 0, 2, 21);
  image.hidden[0].threshold = 1;
  image.hidden[1].threshold = 1;
  image.hidden[2].threshold = 1;
  image.hidden[3].threshold = 1;
  image.hidden[0].alias_target = 2;
  image.hidden[2].alias_target = 3;
  image.hidden[3].alias_target = 1;
  set_out(image, 1, 0, 1);
  XyloSim sim(image, audio2());
  const ChipSimRun run = run_recorded(sim, 2, {{1}});
  // t0: neuron 0: isyn 21 − 1 = 20 = v, threshold 1: 20 events, v = 0; copies → neuron 2 holds 20.
  //     neuron 1: isyn 6 − 1 = 5 = v: 5 events of its own, v = 0.
  //     neuron 2: starts at 20, v = 20 allows 11 more before the cap of 31: v = 20 − 11 = 9; copies → neuron 3: 31.
  //     neuron 3: starts at 31 (v = 0 fires nothing); copies → neuron 1, already updated: min(5 + 31, 31) = 31.
  CHECK(V(run.hidden_spikes.begin(), run.hidden_spikes.begin() + 4) == V{20, 31, 31, 31});
  CHECK(V(run.vmem.begin(), run.vmem.begin() + 4) == V{0, 0, 9, 0});
  // t1: neuron 1's 31 copied events go out through its readout weight 1: isyn_out 31 − 1 = 30 = vmem_out.
  CHECK(run.isyn_out == std::vector<std::int16_t>{0, 30});
  CHECK(run.vmem_out == std::vector<std::int16_t>{0, 30});
}

TEST_CASE("state carries over between evolve calls, and reset clears it") {
  XyloSim sim(worked_example(), audio2());
  const ChipSimRun whole = run_recorded(sim, 5, {{1}});
  sim.reset();
  const ChipSimRun first = run_recorded(sim, 4, {{1}});
  const ChipSimRun second = run_recorded(sim, 1, {});
  // The split run continues the worked example: the hidden event of t3 reaches the output in the next call (t4).
  CHECK(first.vmem == std::vector<std::int16_t>{48, 78, 96, 5});
  CHECK(second.vmem == std::vector<std::int16_t>{20});
  CHECK(second.isyn_out == std::vector<std::int16_t>{25});
  CHECK(whole.vmem_out.back() == 25);
  sim.reset();
  const ChipSimRun quiet = run_recorded(sim, 2, {});
  CHECK(quiet.vmem == std::vector<std::int16_t>{0, 0});
  CHECK(quiet.isyn_out == std::vector<std::int16_t>{0, 0});
}

TEST_CASE("state range, input cap and spike cap come from the chip spec") {
  reef::hw::ChipSpec chip = audio2();
  chip.state = {-100, 100};
  chip.max_input_events_per_step = 3;
  chip.max_hidden_spikes_per_step = 2;
  auto image = blank_image(chip, 1, 1, 1);
  set_in(image, 0, 0, 60);
  image.hidden[0].threshold = 10;
  XyloSim sim(image, chip);
  const ChipSimRun run = run_recorded(sim, 1, {{5}});
  // 3 of 5 events: 60, 120 → 100 (saturated), 100; decay 100>>15 → 1: isyn 99 = v; threshold 10 but 2 events at
  // most: v = 99 − 20 = 79
  CHECK(run.clipped_input_events == 2);
  CHECK(run.isyn == std::vector<std::int16_t>{99});
  CHECK(run.hidden_spikes == std::vector<std::uint8_t>{2});
  CHECK(run.vmem == std::vector<std::int16_t>{79});
}

TEST_CASE("a weight shift that moves a weight outside the state range is refused rather than wrapped") {
  reef::hw::ChipSpec chip = audio2();
  chip.weight_shift = {0, 9};
  auto image = blank_image(chip, 1, 1, 1);
  image.weight_shift_in = 9;
  set_in(image, 0, 0, 127);  // 127 << 9 = 65024 > 32767 (xylosim's int16 would make it −512)
  CHECK_THROWS_WITH_AS(XyloSim(image, chip), doctest::Contains("rule weight_shift: input weight 127 << 9 = 65024"),
                       reef::MappingError);
}

TEST_CASE("chip simulation refuses input whose size is not steps times input channels") {
  XyloSim sim(worked_example(), audio2());
  const std::vector<std::uint16_t> counts(3, 0);
  CHECK_THROWS_AS(sim.evolve(counts, 4), reef::ValidationError);
}
