// Network config: populations and inputs parse into the expected graph nodes — models, defaults, units,
// per-neuron values from lists, random draws (on the documented streams) and NPY files, and every input type.
#include <doctest/doctest.h>

#include <fstream>

#include "io/network_config_helpers.hpp"
#include "reef/core/random.hpp"
#include "reef/io/npy.hpp"
#include "scratch_dir.hpp"

using reef::core::NeuronModel;
using reef::core::Time;

using reef::test::ScratchDir;

TEST_CASE("population_gets_documented_defaults") {
  const auto config = parse_config(R"(
populations:
  pop: {model: lif, size: 3, tau_mem: 10 ms}
)");
  REQUIRE(config.graph.nodes().size() == 1);
  const auto& node = config.graph.node(0);
  CHECK(node.name == "pop");
  CHECK(node.size == 3);
  const auto& p = node.neurons();
  CHECK(p.model == NeuronModel::lif);
  CHECK(p.tau_mem_s[0] == 0.01);
  CHECK(p.r.is_shared());
  CHECK(p.r[0] == 1.0);
  CHECK(p.v_leak[0] == 0.0);
  CHECK(p.v_th[0] == 1.0);
  CHECK(p.v_reset[0] == 0.0);
  CHECK(p.bias[0] == 0.0);
  CHECK(p.refractory_s[0] == 0.0);
  CHECK(p.v_initial[0] == 0.0);
  CHECK(p.reset == reef::core::ResetMode::to_value);
  CHECK(p.synapses.empty());
  CHECK(config.seed == 1);
  CHECK(config.duration == Time::from_ns(1'000'000'000));
  CHECK(config.name == "test");
  CHECK(config.record.all_spikes);
  CHECK(config.record.state.empty());
}

TEST_CASE("durations_with_units_give_the_exact_seconds_value") {
  const auto config = parse_config(R"(
populations:
  a: {model: lif, size: 1, tau_mem: 0.1ms, refractory: 2 ms}
  b: {model: lif, size: 1, tau_mem: 20 ms, refractory: 5 us}
  c: {model: lif, size: 1, tau_mem: 0.02, refractory: 100 ns}
  d: {model: lif, size: 1, tau_mem: 1 s, refractory: 0}
duration: 250 ms
)");
  const auto& nodes = config.graph.nodes();
  CHECK(nodes[0].neurons().tau_mem_s[0] == 0.0001);
  CHECK(nodes[0].neurons().refractory_s[0] == 0.002);
  CHECK(nodes[1].neurons().tau_mem_s[0] == 0.02);
  CHECK(nodes[1].neurons().refractory_s[0] == 5e-6);
  CHECK(nodes[2].neurons().tau_mem_s[0] == 0.02);
  CHECK(nodes[2].neurons().refractory_s[0] == 1e-7);
  CHECK(nodes[3].neurons().tau_mem_s[0] == 1.0);
  CHECK(config.duration == Time::from_ns(250'000'000));
}

TEST_CASE("every_model_takes_its_own_parameters") {
  const auto config = parse_config(R"(
populations:
  cuba:
    model: cuba_lif
    size: 2
    tau_mem: 20 ms
    synapses:
      exc: {tau: 5 ms}
      inh: {tau: 10 ms, initial: [0.5, -0.5]}
    v_leak: -49
    v_th: -50
    v_reset: -60
    reset: subtract
    refractory: 5 ms
    r: 2
    bias: 0.25
    v_initial: -55
  integrate: {model: if, size: 4, v_th: 2, bias: 0.1}
  readout:
    model: li
    size: 2
    tau_mem: 50 ms
    synapses: {in: {tau: 10 ms}}
)");
  const auto& cuba = config.graph.node(0).neurons();
  CHECK(cuba.model == NeuronModel::cuba_lif);
  REQUIRE(cuba.synapses.size() == 2);
  CHECK(cuba.synapses[0].name == "exc");
  CHECK(cuba.synapses[0].tau_s[0] == 0.005);
  CHECK(cuba.synapses[0].initial[0] == 0.0);
  CHECK(cuba.synapses[1].name == "inh");
  CHECK(cuba.synapses[1].tau_s[0] == 0.01);
  CHECK(cuba.synapses[1].initial.values() == std::vector<double>{0.5, -0.5});
  CHECK(cuba.v_leak[0] == -49.0);
  CHECK(cuba.v_th[0] == -50.0);
  CHECK(cuba.v_reset[0] == -60.0);
  CHECK(cuba.reset == reef::core::ResetMode::subtract);
  CHECK(cuba.refractory_s[0] == 0.005);
  CHECK(cuba.r[0] == 2.0);
  CHECK(cuba.bias[0] == 0.25);
  CHECK(cuba.v_initial[0] == -55.0);
  const auto& integrate = config.graph.node(1).neurons();
  CHECK(integrate.model == NeuronModel::integrate_and_fire);
  CHECK(integrate.v_th[0] == 2.0);
  const auto& readout = config.graph.node(2).neurons();
  CHECK(readout.model == NeuronModel::leaky_integrator);
  REQUIRE(readout.synapses.size() == 1);
  CHECK(readout.synapses[0].name == "in");
  CHECK(config.graph.node(2).kind_name() == "li");
}

TEST_CASE("per_neuron_list_gives_one_value_per_neuron_and_accepts_units_for_durations") {
  const auto config = parse_config(R"(
populations:
  pop:
    model: lif
    size: 3
    tau_mem: [10 ms, 0.02, 30ms]
    v_th: [1, 1.5, 2]
)");
  const auto& p = config.graph.node(0).neurons();
  CHECK(p.tau_mem_s.values() == std::vector<double>{0.01, 0.02, 0.03});
  CHECK(p.v_th.values() == std::vector<double>{1.0, 1.5, 2.0});
}

TEST_CASE("random_per_neuron_values_come_from_the_population_and_key_stream") {
  const auto config = parse_config(R"(
seed: 42
populations:
  exc:
    model: cuba_lif
    size: 50
    tau_mem: {uniform: [10 ms, 30 ms]}
    synapses:
      exc: {tau: {normal: [5 ms, 0.5 ms]}}
    v_initial: {uniform: [-60, -50]}
    bias: {normal: [1, 0.1]}
)");
  using reef::core::Rng;
  using reef::core::stream_tag;
  const auto& p = config.graph.node(0).neurons();
  Rng v_rng(42, stream_tag("exc"), stream_tag("v_initial"));
  Rng tau_rng(42, stream_tag("exc"), stream_tag("tau_mem"));
  Rng bias_rng(42, stream_tag("exc"), stream_tag("bias"));
  Rng syn_rng(42, stream_tag("exc"), stream_tag("synapses.exc.tau"));
  REQUIRE(p.v_initial.size() == 50);
  for (std::size_t i = 0; i < 50; ++i) {
    CHECK(p.v_initial[i] == v_rng.uniform(-60.0, -50.0));
    CHECK(p.tau_mem_s[i] == tau_rng.uniform(0.01, 0.03));
    CHECK(p.bias[i] == bias_rng.normal(1.0, 0.1));
    CHECK(p.synapses[0].tau_s[i] == syn_rng.normal(0.005, 0.0005));
  }
  CHECK(p.v_initial.min() >= -60.0);
  CHECK(p.v_initial.max() < -50.0);
}

TEST_CASE("per_neuron_values_load_from_a_1d_npy_file") {
  ScratchDir dir;
  const std::vector<double> thresholds{1.0, 1.25, 1.5, 1.75};
  const std::vector<std::size_t> shape{4};
  reef::io::write_npy(dir.path() / "v_th.npy", shape, thresholds);
  const auto config = parse_config(R"(
populations:
  pop: {model: lif, size: 4, tau_mem: 20 ms, v_th: {npy: v_th.npy}}
)",
                                   dir.path());
  CHECK(config.graph.node(0).neurons().v_th.values() == thresholds);
}

TEST_CASE("nodes_keep_document_order_with_populations_before_inputs") {
  const auto config = parse_config(R"(
inputs:
  zeta: {type: poisson, size: 2, rate: 5}
  alpha: {type: current, size: 1, amplitude: 1}
populations:
  second: {model: lif, size: 1, tau_mem: 20 ms}
  first: {model: lif, size: 1, tau_mem: 20 ms}
)");
  const auto& nodes = config.graph.nodes();
  REQUIRE(nodes.size() == 4);
  CHECK(nodes[0].name == "second");
  CHECK(nodes[1].name == "first");
  CHECK(nodes[2].name == "zeta");
  CHECK(nodes[3].name == "alpha");
}

TEST_CASE("poisson_input_gets_rates_window_and_the_seed_of_its_stream") {
  const auto config = parse_config(R"(
seed: 9
populations:
  pop: {model: lif, size: 1, tau_mem: 20 ms}
inputs:
  kick: {type: poisson, size: 50, rate: 300, start: 1 ms, stop: 51 ms}
  open: {type: poisson, size: 2, rate: [10, 20]}
)");
  const auto& kick = std::get<reef::core::PoissonSourceParams>(config.graph.node(1).params);
  CHECK(config.graph.node(1).size == 50);
  CHECK(kick.rate_hz[0] == 300.0);
  CHECK(kick.start == Time::from_ns(1'000'000));
  CHECK(kick.stop == Time::from_ns(51'000'000));
  CHECK(kick.seed == reef::core::Rng(9, reef::core::stream_tag("kick")).next_u64());
  const auto& open = std::get<reef::core::PoissonSourceParams>(config.graph.node(2).params);
  CHECK(open.rate_hz.values() == std::vector<double>{10.0, 20.0});
  CHECK(open.start == Time());
  CHECK(open.stop == Time::max());
  CHECK(open.seed != kick.seed);
}

TEST_CASE("spike_input_sorts_times_and_takes_its_size_from_the_lists") {
  const auto config = parse_config(R"(
populations:
  pop: {model: lif, size: 1, tau_mem: 20 ms}
inputs:
  stim: {type: spikes, times: [[0.002, 0.001], [], [3 ms]]}
  sized: {type: spikes, size: 1, times: [[1 us]]}
)");
  const auto& stim = config.graph.node(1);
  CHECK(stim.size == 3);
  const auto& times = std::get<reef::core::SpikeSourceParams>(stim.params).times;
  REQUIRE(times.size() == 3);
  CHECK(times[0] == std::vector<Time>{Time::from_ns(1'000'000), Time::from_ns(2'000'000)});
  CHECK(times[1].empty());
  CHECK(times[2] == std::vector<Time>{Time::from_ns(3'000'000)});
  CHECK(config.graph.node(2).size == 1);
}

TEST_CASE("spike_file_input_reads_csv_relative_to_the_config") {
  ScratchDir dir;
  std::ofstream(dir.path() / "spikes.csv") << "t,channel\n0.002,1\n0.001,0\n0.003,1\n";
  const auto config = parse_config(R"(
populations:
  pop: {model: lif, size: 1, tau_mem: 20 ms}
inputs:
  recorded: {type: spike_file, path: spikes.csv, size: 3}
)",
                                   dir.path());
  const auto& params = std::get<reef::core::SpikeSourceParams>(config.graph.node(1).params);
  REQUIRE(params.times.size() == 3);
  CHECK(params.times[0] == std::vector<Time>{Time::from_ns(1'000'000)});
  CHECK(params.times[1] == std::vector<Time>{Time::from_ns(2'000'000), Time::from_ns(3'000'000)});
  CHECK(params.times[2].empty());
}

TEST_CASE("current_input_keeps_its_amplitude") {
  const auto config = parse_config(R"(
populations:
  pop: {model: lif, size: 1, tau_mem: 20 ms}
inputs:
  drive: {type: current, size: 2, amplitude: [2.0, -1.0]}
)");
  const auto& drive = std::get<reef::core::CurrentSourceParams>(config.graph.node(1).params);
  CHECK(drive.amplitude.values() == std::vector<double>{2.0, -1.0});
  CHECK(config.graph.node(1).kind_name() == "current");
}
