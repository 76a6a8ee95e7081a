// NIR graphs on the exact event engine against closed forms: single neurons driven by a piecewise-constant Input
// signal through an Affine node (LIF, CubaLIF, IF), spikes passed on as Dirac impulses, the reset rule, and the
// clear rejection of what the engine cannot run exactly. The reference is long double and shares no engine code.
#include <cmath>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "reef/core/error.hpp"
#include "reef/core/graph.hpp"
#include "reef/sim/event_engine.hpp"

namespace {

using reef::core::Connection;
using reef::core::GraphBuilder;
using reef::core::NeuronModel;
using reef::core::NeuronParams;
using reef::core::Node;
using reef::core::NodeId;
using reef::core::Time;

constexpr double kDt = 1e-3;
constexpr double kRelative = 1e-9;

Node input_node(std::string name, std::size_t channels) {
  return {std::move(name), channels, reef::core::InputParams{}, {channels}};
}

Node affine_node(std::string name, std::size_t out, std::size_t in, std::vector<double> weight,
                 std::vector<double> bias) {
  reef::core::AffineParams p{{{out, in}, std::move(weight)}, std::move(bias)};
  return {std::move(name), out, std::move(p), {out}};
}

Node neuron_node(std::string name, NeuronParams p, std::size_t size = 1) { return {std::move(name), size, p, {size}}; }

NeuronParams lif(double tau, double r, double v_leak, double v_th) {
  NeuronParams p;
  p.model = NeuronModel::lif;
  p.tau_mem_s = tau;
  p.r = r;
  p.v_leak = v_leak;
  p.v_th = v_th;
  p.v_reset = 0.0;
  p.reset = reef::core::ResetMode::subtract;
  return p;
}

NeuronParams cuba_lif(double tau_mem, double tau_syn, double w_in, double r, double v_th) {
  NeuronParams p = lif(tau_mem, r, 0.0, v_th);
  p.model = NeuronModel::cuba_lif;
  p.reset = reef::core::ResetMode::to_value;
  p.synapses = {{"syn", tau_syn, 0.0, w_in}};
  return p;
}

// in(1) → affine(w, b) → neuron, the neuron also wired to an Output node.
reef::core::Graph single_neuron(NeuronParams neuron, double w, double b) {
  GraphBuilder g;
  const NodeId in = g.add_node(input_node("in", 1));
  const NodeId fc = g.add_node(affine_node("fc", 1, 1, {w}, {b}));
  const NodeId n = g.add_node(neuron_node("n", std::move(neuron)));
  const NodeId out = g.add_node({"out", 1, reef::core::OutputParams{}, {1}});
  g.add_connection({in, fc});
  g.add_connection({fc, n});
  g.add_connection({n, out});
  return std::move(g).build();
}

// The input: a few held values, one per step of kDt.
const std::vector<double> kSignal = {0.0, 2.0, 2.0, 2.0, -1.0, 0.5, 3.5, 3.5, 3.5, 3.5, 3.5, 0.0, 1.0};

reef::sim::RunResult run_signal(const reef::core::Graph& graph, const std::vector<double>& values, double duration,
                                double sample_interval, reef::sim::EngineOptions engine_options = {}) {
  reef::sim::EventEngine engine(graph, engine_options);
  reef::sim::RunOptions options;
  options.duration = Time::from_seconds(duration);
  options.record.state.push_back({"n", {0}, {"v"}, Time::from_seconds(sample_interval)});
  options.signals.push_back({"in", Time::from_seconds(kDt), values});
  return engine.run(options);
}

// One neuron under a piecewise-constant input current u(t) (already through w and b; w_in for the synapse):
//   LIF      tau_m dv/dt = v_leak − v + r u
//   CubaLIF  tau_s dI/dt = −I + w_in u,  tau_m dv/dt = v_leak − v + r I
// Crossings found on a fine grid and bisected to 1e-17 s; reset to v_reset, or by v_th − v_reset.
struct Reference {
  long double tau_m, tau_s, w_in, r, v_leak, v_th, v_reset;
  bool synapse;

  struct State {
    long double v, i;
  };

  State advance(State s, long double dt, long double u) const {
    const long double em = std::exp(-dt / tau_m);
    if (!synapse) {
      const long double v_inf = v_leak + r * u;
      return {v_inf + (s.v - v_inf) * em, 0.0L};
    }
    const long double target = w_in * u;
    const long double es = std::exp(-dt / tau_s);
    const long double beta = tau_s / (tau_s - tau_m);
    const long double v_inf = v_leak + r * target;
    const long double dev = s.i - target;
    return {v_inf + (s.v - v_inf - r * beta * dev) * em + r * beta * dev * es, target + dev * es};
  }

  // u(t) = w·values[k] + b on [k·kDt, (k+1)·kDt), b afterwards. Fills spike times and samples of v.
  std::vector<long double> run(const std::vector<double>& values, long double w, long double b, long double until,
                               long double sample_interval, std::vector<long double>& samples) const {
    std::vector<long double> spikes;
    State s{0.0L, 0.0L};
    long double t = 0.0L;
    const auto sample_count = static_cast<std::size_t>(std::llround(until / sample_interval));  // at n·interval
    std::size_t sample = 0;
    std::size_t k = 0;
    while (t < until) {
      const long double u = w * (k < values.size() ? values[k] : 0.0) + b;
      const long double end = k < values.size() ? std::min<long double>((k + 1) * (long double)kDt, until) : until;
      const State at_start = s;
      const long double start = t;
      long double crossing = -1.0L;
      const int grid = 2000;
      long double previous = start;
      for (int g = 1; g <= grid && crossing < 0; ++g) {
        const long double x = start + (end - start) * g / grid;
        if (advance(at_start, x - start, u).v >= v_th) {
          long double lo = previous, hi = x;
          for (int it = 0; it < 200 && hi - lo > 1e-17L; ++it) {
            const long double mid = 0.5L * (lo + hi);
            (advance(at_start, mid - start, u).v >= v_th ? hi : lo) = mid;
          }
          crossing = hi;
        }
        previous = x;
      }
      const long double stop = crossing >= 0 ? crossing : end;
      while (sample < sample_count && sample * sample_interval < stop) {
        samples.push_back(advance(at_start, sample * sample_interval - start, u).v);
        ++sample;
      }
      s = advance(at_start, stop - start, u);
      t = stop;
      if (crossing >= 0) {
        spikes.push_back(crossing);
        s.v = v_reset;  // a continuous crossing: both reset modes land on v_reset
      } else {
        ++k;
      }
    }
    return spikes;
  }
};

void check_against(const reef::sim::RunResult& result, const std::vector<long double>& spikes,
                   const std::vector<long double>& samples) {
  const auto& trace = result.recording.state.at(0);
  REQUIRE(trace.values.size() == samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i) {
    CHECK(std::abs(trace.values[i] - samples[i]) <= kRelative * std::max(1.0L, std::abs(samples[i])));
  }
  const auto& train = result.recording.spikes.at(0);
  REQUIRE(train.times_s.size() == spikes.size());
  for (std::size_t i = 0; i < spikes.size(); ++i) CHECK(std::abs(train.times_s[i] - spikes[i]) / spikes[i] <= kRelative);
}

}  // namespace

TEST_CASE("a lif neuron follows a held input signal between its changes as the closed form does") {
  const Reference reference{0.004L, 0.0L, 0.0L, 1.5L, 0.1L, 1e9L, 0.0L, false};
  std::vector<long double> samples;
  reference.run(kSignal, 0.7L, 0.2L, 0.02L, 1e-4L, samples);
  const auto result = run_signal(single_neuron(lif(0.004, 1.5, 0.1, 1e9), 0.7, 0.2), kSignal, 0.02, 1e-4);
  check_against(result, {}, samples);
}

TEST_CASE("a lif neuron driven over threshold by a held input fires where the closed form crosses") {
  const Reference reference{0.004L, 0.0L, 0.0L, 1.5L, 0.1L, 1.0L, 0.0L, false};
  std::vector<long double> samples;
  const auto spikes = reference.run(kSignal, 0.7L, 0.2L, 0.02L, 1e-4L, samples);
  REQUIRE(spikes.size() >= 3);
  const auto result = run_signal(single_neuron(lif(0.004, 1.5, 0.1, 1.0), 0.7, 0.2), kSignal, 0.02, 1e-4);
  check_against(result, spikes, samples);
}

TEST_CASE("a cuba_lif neuron's synaptic current relaxes towards w_in times the held input") {
  const Reference reference{0.004L, 0.0015L, 2.5L, 1.2L, 0.0L, 1e9L, 0.0L, true};
  std::vector<long double> samples;
  reference.run(kSignal, 0.7L, 0.2L, 0.02L, 1e-4L, samples);
  const auto result = run_signal(single_neuron(cuba_lif(0.004, 0.0015, 2.5, 1.2, 1e9), 0.7, 0.2), kSignal, 0.02, 1e-4);
  check_against(result, {}, samples);
}

TEST_CASE("a cuba_lif neuron under a held input fires where the closed form crosses") {
  const Reference reference{0.004L, 0.0015L, 2.5L, 1.2L, 0.0L, 2.0L, 0.0L, true};
  std::vector<long double> samples;
  const auto spikes = reference.run(kSignal, 0.7L, 0.2L, 0.02L, 1e-4L, samples);
  REQUIRE(spikes.size() >= 3);
  const auto result = run_signal(single_neuron(cuba_lif(0.004, 0.0015, 2.5, 1.2, 2.0), 0.7, 0.2), kSignal, 0.02, 1e-4);
  check_against(result, spikes, samples);
}

TEST_CASE("an if neuron integrates a held input at slope r times the input") {
  NeuronParams p = lif(1.0, 2.0, 0.0, 1e9);
  p.model = NeuronModel::integrate_and_fire;
  const auto result = run_signal(single_neuron(p, 0.5, 0.25), kSignal, 0.02, 1e-3);
  const auto& v = result.recording.state.at(0).values;
  long double expected = 0.0L;
  for (std::size_t k = 0; k < v.size(); ++k) {
    CHECK(std::abs(v[k] - expected) <= 1e-12L * std::max(1.0L, std::abs(expected)));
    expected += 2.0L * (0.5L * (k < kSignal.size() ? kSignal[k] : 0.0) + 0.25L) * 1e-3L;
  }
}

TEST_CASE("a nir neuron's spike reaches the next neuron as a dirac impulse of its affine weight") {
  // A fires at fixed times under a constant bias; each spike makes B's v jump by r·w/tau (B: LIF) and then decay.
  GraphBuilder g;
  const NodeId bias = g.add_node(affine_node("bias", 1, 1, {0.0}, {1.0}));
  const NodeId in = g.add_node(input_node("in", 1));
  const NodeId a = g.add_node(neuron_node("a", lif(0.01, 1.0, 0.0, 0.5)));
  const NodeId w = g.add_node(affine_node("w", 1, 1, {0.03}, {}));
  const NodeId b = g.add_node(neuron_node("n", lif(0.02, 2.0, 0.0, 1e9)));
  g.add_connection({in, bias});
  g.add_connection({bias, a});
  g.add_connection({a, w});
  g.add_connection({w, b});
  const auto result = run_signal(std::move(g).build(), {}, 0.05, 1e-4);
  const auto& a_spikes = result.recording.spikes.at(0).times_s;
  const long double period = 0.01L * std::log(1.0L / 0.5L);
  REQUIRE(a_spikes.size() == 7);
  for (std::size_t i = 0; i < a_spikes.size(); ++i)
    CHECK(std::abs(a_spikes[i] - period * (i + 1)) <= 1e-9L * period);
  const auto& trace = result.recording.state.at(0);
  for (std::size_t s = 0; s < trace.times_s.size(); ++s) {
    long double v = 0.0L;
    for (double t : a_spikes)
      if (t < trace.times_s[s]) v += 2.0L * 0.03L / 0.02L * std::exp(-(trace.times_s[s] - (long double)t) / 0.02L);
    CHECK(std::abs(trace.values[s] - v) <= 1e-9L * std::max(1e-3L, v));
  }
}

TEST_CASE("the reset rule decides what is left of a dirac jump past threshold") {
  // One input pulse makes A fire once (at 0.74 ms); its spike makes B jump from 0 to 1.5 with v_th = 1.
  auto run_with = [](reef::sim::ResetRule rule) {
    GraphBuilder g;
    const NodeId in = g.add_node(input_node("in", 1));
    const NodeId a = g.add_node(neuron_node("a", lif(0.01, 1.0, 0.0, 0.5)));
    const NodeId w = g.add_node(affine_node("w", 1, 1, {0.015}, {}));
    NeuronParams slow = lif(0.02, 2.0, 0.0, 1.0);
    slow.v_reset = 0.25;
    const NodeId b = g.add_node(neuron_node("n", slow));
    g.add_connection({in, a});
    g.add_connection({a, w});
    g.add_connection({w, b});
    const auto result = run_signal(std::move(g).build(), {7.0}, 0.003, 1e-3, {rule});
    REQUIRE(result.recording.spikes.at(0).times_s.size() == 1);
    REQUIRE(result.recording.spikes.at(1).times_s.size() == 1);
    const double t_spike = result.recording.spikes.at(1).times_s[0];
    return std::pair{t_spike, result.recording.state.at(0).values.back()};  // v at 2 ms
  };
  const auto [t_sub, v_sub] = run_with(reef::sim::ResetRule::subtract);
  const auto [t_zero, v_zero] = run_with(reef::sim::ResetRule::zero);
  const auto [t_value, v_value] = run_with(reef::sim::ResetRule::to_v_reset);
  const long double decay = std::exp(-(0.002L - t_sub) / 0.02L);
  CHECK(std::abs(v_sub - (1.5L - 0.75L) * decay) <= 1e-9L);
  CHECK(std::abs(v_zero - 0.0L) <= 1e-12L);
  CHECK(std::abs(v_value - 0.25L * decay) <= 1e-9L);
  CHECK(t_zero == t_sub);
  CHECK(t_value == t_sub);
}

TEST_CASE("nodes the event engine cannot run exactly are rejected by name with the step engine suggested") {
  SUBCASE("a threshold node") {
    GraphBuilder g;
    const NodeId in = g.add_node(input_node("in", 1));
    const NodeId th = g.add_node({"spike_it", 1, reef::core::ThresholdParams{{0.5}}, {1}});
    g.add_connection({in, th});
    const auto graph = std::move(g).build();
    CHECK_THROWS_WITH_AS(reef::sim::EventEngine{graph},
                         doctest::Contains("node 'spike_it' (threshold)"), reef::ValidationError);
    CHECK_THROWS_WITH_AS(reef::sim::EventEngine{graph}, doctest::Contains("--engine step"), reef::ValidationError);
  }
  SUBCASE("a leaky integrator whose membrane feeds another neuron") {
    GraphBuilder g;
    const NodeId in = g.add_node(input_node("in", 1));
    NeuronParams li = lif(0.01, 1.0, 0.0, 1.0);
    li.model = NeuronModel::leaky_integrator;
    const NodeId readout = g.add_node(neuron_node("readout", li));
    const NodeId w = g.add_node(affine_node("w", 1, 1, {1.0}, {}));
    const NodeId n = g.add_node(neuron_node("n", lif(0.01, 1.0, 0.0, 1.0)));
    g.add_connection({in, readout});
    g.add_connection({readout, w});
    g.add_connection({w, n});
    CHECK_THROWS_WITH_AS(reef::sim::EventEngine{std::move(g).build()},
                         doctest::Contains("node 'readout' (li) feeds 'n'"), reef::ValidationError);
  }
  SUBCASE("two linear nodes in a row") {
    GraphBuilder g;
    const NodeId in = g.add_node(input_node("in", 1));
    const NodeId w1 = g.add_node(affine_node("w1", 1, 1, {1.0}, {}));
    const NodeId w2 = g.add_node(affine_node("w2", 1, 1, {1.0}, {}));
    const NodeId n = g.add_node(neuron_node("n", lif(0.01, 1.0, 0.0, 1.0)));
    g.add_connection({in, w1});
    g.add_connection({w1, w2});
    g.add_connection({w2, n});
    CHECK_THROWS_WITH_AS(reef::sim::EventEngine{std::move(g).build()}, doctest::Contains("node 'w1' (linear) feeds"),
                         reef::ValidationError);
  }
}

TEST_CASE("a signal for a missing input node or with a partial row is refused") {
  const auto graph = single_neuron(lif(0.004, 1.5, 0.1, 1.0), 1.0, 0.0);
  reef::sim::RunOptions options;
  options.duration = Time::from_seconds(0.01);
  SUBCASE("unknown name") {
    options.signals.push_back({"inp", Time::from_seconds(kDt), {1.0}});
    CHECK_THROWS_WITH_AS(reef::sim::EventEngine(graph).run(options),
                         doctest::Contains("no Input node of that name (Input nodes: 'in')"), reef::ValidationError);
  }
  SUBCASE("not a whole number of rows") {
    GraphBuilder g;
    const NodeId in = g.add_node(input_node("in", 2));
    const NodeId fc = g.add_node(affine_node("fc", 1, 2, {1.0, 1.0}, {}));
    const NodeId n = g.add_node(neuron_node("n", lif(0.01, 1.0, 0.0, 1.0)));
    g.add_connection({in, fc});
    g.add_connection({fc, n});
    options.signals.push_back({"in", Time::from_seconds(kDt), {1.0, 0.0, 1.0}});
    CHECK_THROWS_WITH_AS(reef::sim::EventEngine(std::move(g).build()).run(options),
                         doctest::Contains("3 values are not whole rows of 2 channels"), reef::ValidationError);
  }
}
