// XyloSim arithmetic against hand-worked numbers (rockpool_xylo.md §5.3): the worked example, the bitshift decay with
// its floor, saturating 16-bit adds repeated per event, multi-event spiking and its caps, input clipping, bias,
// weight shifts and two synaptic currents. Each expectation's arithmetic is written beside it.
#include <doctest/doctest.h>

#include <vector>

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
using V = std::vector<int>;

TEST_CASE("chip simulation reproduces the reference worked example of one input, one hidden and one output neuron") {
  auto image = blank_image(audio2(), 1, 1, 1);
  set_in(image, 0, 0, 64);
  image.hidden[0] = {.dash_mem = 3, .dash_syn = 2, .dash_syn2 = 0, .threshold = 100};
  set_out(image, 0, 0, 50);
  image.outputs[0] = {.dash_mem = 3, .dash_syn = 1, .threshold = 1000};
  XyloSim sim(image, audio2());
  const ChipSimRun run = run_recorded(sim, 5, {{1}});
  // t0: isyn 64 − (64>>2 = 16) = 48;  v 0 + 48 = 48
  // t1: isyn 48 − 12 = 36;            v 48 − (48>>3 = 6) + 36 = 78
  // t2: isyn 36 − 9 = 27;             v 78 − 9 + 27 = 96
  // t3: isyn 27 − 6 = 21;             v 96 − 12 + 21 = 105 ≥ 100: one event, v = 5
  // t4: isyn 21 − 5 = 16;             v 5 − (5>>3 = 0, floor 1) + 16 = 20
  CHECK(run.isyn == std::vector<std::int16_t>{48, 36, 27, 21, 16});
  CHECK(run.vmem == std::vector<std::int16_t>{48, 78, 96, 5, 20});
  CHECK(run.hidden_spikes == std::vector<std::uint8_t>{0, 0, 0, 1, 0});
  // The t3 event reaches the output at t4: isyn_out 50 − (50>>1 = 25) = 25, vmem_out 0 + 25 = 25.
  CHECK(run.isyn_out == std::vector<std::int16_t>{0, 0, 0, 0, 25});
  CHECK(run.vmem_out == std::vector<std::int16_t>{0, 0, 0, 0, 25});
  CHECK(run.output_spikes == std::vector<std::uint8_t>{0, 0, 0, 0, 0});
  CHECK(run.isyn2 == std::vector<std::int16_t>{0, 0, 0, 0, 0});
}

TEST_CASE("decay takes at least one step toward zero, stops at zero, and dash 0 clears the state") {
  auto image = blank_image(audio2(), 1, 4, 1);
  set_in(image, 0, 0, 3);    // dash 15: small positive values decay by the floor of 1
  set_in(image, 0, 1, -3);   // dash 15: small negative values too (−1 >> 15 = −1)
  set_in(image, 0, 2, 64);   // dash_mem 0: v is cleared every step, so v = isyn
  set_in(image, 0, 3, 100);  // dash_syn 0: the current is cleared in the step it arrives and never reaches v
  image.hidden[2].dash_mem = 0;
  image.hidden[2].dash_syn = 1;
  image.hidden[3].dash_syn = 0;
  XyloSim sim(image, audio2());
  const ChipSimRun run = run_recorded(sim, 5, {{1}});
  // neuron 0: isyn 3 → 2 → 1 → 0 → 0; v: 0+2 = 2, 2−1+1 = 2, 2−1+0 = 1, 1−1 = 0, 0 stays 0
  CHECK(column(run.isyn, 4, 0) == V{2, 1, 0, 0, 0});
  CHECK(column(run.vmem, 4, 0) == V{2, 2, 1, 0, 0});
  // neuron 1: isyn −3 − (−1) = −2 → −1 → 0; v: −2, −2+1−1 = −2, −2+1+0 = −1, −1+1 = 0, 0
  CHECK(column(run.isyn, 4, 1) == V{-2, -1, 0, 0, 0});
  CHECK(column(run.vmem, 4, 1) == V{-2, -2, -1, 0, 0});
  // neuron 2: isyn 64 → 32 → 16 → 8 → 4 → 2 (dash 1); v = −v + isyn each step
  CHECK(column(run.isyn, 4, 2) == V{32, 16, 8, 4, 2});
  CHECK(column(run.vmem, 4, 2) == V{32, 16, 8, 4, 2});
  // neuron 3: 100 − (100 >> 0) = 0
  CHECK(column(run.isyn, 4, 3) == V{0, 0, 0, 0, 0});
  CHECK(column(run.vmem, 4, 3) == V{0, 0, 0, 0, 0});
}

TEST_CASE("each input event is its own saturating add, so many events pin the state at the 16-bit limits") {
  auto image = blank_image(audio2(), 2, 2, 1);
  image.weight_shift_in = 7;
  set_in(image, 0, 0, 127);   // 127 << 7 = 16256
  set_in(image, 1, 1, -128);  // −128 << 7 = −16384
  XyloSim sim(image, audio2());
  const ChipSimRun run = run_recorded(sim, 2, {{3, 3}});
  // neuron 0, t0: 16256, 32512, then 48768 > 32767 → 32767 (3·16256 in 16 bits would wrap to −16768);
  //   decay 32767>>15 = 0 → floor 1: isyn 32766, v 32766 (below the threshold 32767).
  // neuron 1, t0: −16384, −32768, then −32768 (saturated); decay −32768>>15 = −1: isyn −32767, v −32767.
  CHECK(column(run.isyn, 2, 0) == V{32766, 32765});
  CHECK(column(run.isyn, 2, 1) == V{-32767, -32766});
  // t1, neuron 0: dv = −1 + 32765; v = 32766 + 32764 saturates at 32767 ≥ 32767: one event, v = 0
  //   (unsaturated, 65530 would give one event and leave 32763).
  // t1, neuron 1: dv = −(−1) + (−32766) = −32765; v = −32767 − 32765 saturates at −32768.
  CHECK(column(run.vmem, 2, 0) == V{32766, 0});
  CHECK(column(run.hidden_spikes, 2, 0) == V{0, 1});
  CHECK(column(run.vmem, 2, 1) == V{-32767, -32768});
}

TEST_CASE("a neuron fires one event per threshold in a step, up to 31 for hidden and 1 for output neurons") {
  auto image = blank_image(audio2(), 1, 2, 1);
  set_in(image, 0, 0, 35);
  image.hidden[0].threshold = 10;
  set_in(image, 0, 1, 100);
  image.hidden[1].threshold = 1;
  set_out(image, 1, 0, 127);
  image.outputs[0].threshold = 1;
  XyloSim sim(image, audio2());
  const ChipSimRun run = run_recorded(sim, 2, {{1}});
  // neuron 0, t0: isyn 35 − 1 = 34 = v; 34 ≥ 10 three times: 3 events, v = 4
  //         t1: isyn 33; v 4 − 1 + 33 = 36: 3 events again, v = 6
  // neuron 1, t0: isyn 99 = v with threshold 1: 99 events capped at 31, v = 99 − 31 = 68; t1 again 31
  CHECK(column(run.hidden_spikes, 2, 0) == V{3, 3});
  CHECK(column(run.vmem, 2, 0) == V{4, 6});
  CHECK(column(run.hidden_spikes, 2, 1) == V{31, 31});
  CHECK(run.vmem[1] == 68);
  // output, t1: 31 events × 127 = 3937, decay 1 → 3936 = v; threshold 1 but one event at most: v = 3935
  CHECK(run.output_spikes == std::vector<std::uint8_t>{0, 1});
  CHECK(run.vmem_out == std::vector<std::int16_t>{0, 3935});
}

TEST_CASE("input events beyond 15 per channel and step are clipped and counted") {
  auto image = blank_image(audio2(), 2, 2, 1);
  set_in(image, 0, 0, 1);
  set_in(image, 1, 1, 1);
  XyloSim sim(image, audio2());
  const ChipSimRun run = run_recorded(sim, 2, {{20, 7}, {16, 0}});
  // t0: channel 0 delivers 15 of 20 (5 clipped): isyn 15 − 1 = 14; channel 1 all 7: isyn 7 − 1 = 6
  // t1: channel 0 delivers 15 of 16 (1 clipped): 14 + 15 = 29, − 1 = 28
  CHECK(column(run.isyn, 2, 0) == V{14, 28});
  CHECK(column(run.isyn, 2, 1) == V{6, 5});
  CHECK(run.clipped_input_events == 6);
}

TEST_CASE("an enabled bias is added to the membrane of hidden and output neurons every step") {
  auto image = blank_image(audio2(), 1, 1, 1);
  image.hidden[0].bias = 7;
  image.outputs[0].bias = -3;
  image.bias_enable = true;
  XyloSim with_bias(image, audio2());
  const ChipSimRun run = run_recorded(with_bias, 3, {});
  // v: 0 + 7 = 7; 7 − 1 (floor) + 7 = 13; 13 − 1 + 7 = 19.  Output: −3; −3 + 1 − 3 = −5; −5 + 1 − 3 = −7
  CHECK(run.vmem == std::vector<std::int16_t>{7, 13, 19});
  CHECK(run.vmem_out == std::vector<std::int16_t>{-3, -5, -7});
}

TEST_CASE("input, recurrent and readout weights are shifted left by their layer's weight shift") {
  auto image = blank_image(audio2(), 1, 2, 1);
  image.weight_shift_in = 2;
  image.weight_shift_rec = 3;
  image.weight_shift_out = 1;
  set_in(image, 0, 0, 5);
  image.hidden[0].threshold = 10;
  reef::test::set_rec(image, 0, 1, 3);
  set_out(image, 0, 0, 7);
  XyloSim sim(image, audio2());
  const ChipSimRun run = run_recorded(sim, 2, {{1}});
  // t0: 5 << 2 = 20, decay 1: isyn 19 = v ≥ 10: one event, v = 9
  CHECK(column(run.isyn, 2, 0) == V{19, 18});
  CHECK(column(run.hidden_spikes, 2, 0)[0] == 1);
  // t1: neuron 1 gets 3 << 3 = 24, decay 1 → 23; the output gets 7 << 1 = 14, decay 1 → 13
  CHECK(column(run.isyn, 2, 1) == V{0, 23});
  CHECK(run.isyn_out == std::vector<std::int16_t>{0, 13});
}

TEST_CASE("two synaptic currents decay with their own dash and both drive the membrane") {
  auto image = blank_image(audio2(), 1, 1, 1, 2);
  set_in(image, 0, 0, 64, 0);
  set_in(image, 0, 0, 64, 1);
  image.hidden[0].dash_syn = 2;
  image.hidden[0].dash_syn2 = 1;
  XyloSim sim(image, audio2());
  const ChipSimRun run = run_recorded(sim, 2, {{1}});
  // isyn: 64 − 16 = 48 → 36;  isyn2: 64 − 32 = 32 → 16;  v: 48 + 32 = 80; 80 − (80>>15 → 1) + 36 + 16 = 131
  CHECK(run.isyn == std::vector<std::int16_t>{48, 36});
  CHECK(run.isyn2 == std::vector<std::int16_t>{32, 16});
  CHECK(run.vmem == std::vector<std::int16_t>{80, 131});
}
