// Small graphs for event-engine tests, and an independent closed-form reference for one current-based LIF neuron
// (long double, written from the textbook solution, sharing no code with the engine).
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "reef/core/graph.hpp"
#include "reef/sim/event_engine.hpp"

namespace engine_test {

using reef::core::Time;

inline reef::core::Node population(std::string name, reef::core::NeuronParams params, std::size_t size = 1) {
  reef::core::Node node;
  node.name = std::move(name);
  node.size = size;
  node.params = std::move(params);
  return node;
}

inline reef::core::Node spike_source(std::string name, std::vector<std::vector<double>> times_s) {
  reef::core::SpikeSourceParams params;
  for (const auto& channel : times_s) {
    std::vector<Time> times;
    for (double t : channel) times.push_back(Time::from_seconds(t));
    params.times.push_back(times);
  }
  reef::core::Node node;
  node.name = std::move(name);
  node.size = params.times.size();
  node.params = std::move(params);
  return node;
}

// One synapse from every source channel to every target neuron.
inline reef::core::Edge all_to_all(const reef::core::GraphBuilder& builder, std::string name, reef::core::NodeId from,
                                   reef::core::NodeId to, double weight, Time delay = Time(), std::size_t synapse = 0) {
  reef::core::CsrTopology topology;
  topology.row_offsets.push_back(0);
  const std::size_t n_from = builder.node(from).size;
  const std::size_t n_to = builder.node(to).size;
  for (std::size_t i = 0; i < n_from; ++i) {
    for (std::size_t j = 0; j < n_to; ++j) topology.targets.push_back(static_cast<std::uint32_t>(j));
    topology.row_offsets.push_back(topology.targets.size());
  }
  reef::core::Edge edge;
  edge.name = std::move(name);
  edge.source = from;
  edge.target = to;
  edge.synapse = synapse;
  edge.synapses = reef::core::Synapses::sparse(n_from, n_to, std::move(topology), {weight}, {delay});
  return edge;
}

inline reef::sim::RunResult run(const reef::core::Graph& graph, double duration_s,
                                reef::core::RecordRequest record = {}) {
  reef::sim::EventEngine engine(graph);
  reef::sim::RunOptions options;
  options.duration = Time::from_seconds(duration_s);
  options.record = std::move(record);
  return engine.run(options);
}

// The reference: one CubaLIF neuron with one synapse, tau_mem dv/dt = (v_leak − v) + r I, tau_syn dI/dt = −I,
// input spikes of weight w at given times, reset to v_reset, absolute refractory period.
struct ReferenceNeuron {
  long double tau_mem, tau_syn, r, v_leak, v_th, v_reset, refractory;

  struct State {
    long double v, i;
  };

  // The state `dt` seconds after `s`, with no input in between.
  State advance(State s, long double dt) const {
    const long double em = std::exp(-dt / tau_mem);
    const long double es = std::exp(-dt / tau_syn);
    const long double beta = tau_syn / (tau_syn - tau_mem);
    return {v_leak + (s.v - v_leak) * em + r * s.i * beta * (es - em), s.i * es};
  }

  // Spike times and a sampler of v, simulated between input times with bisection to 1e-16 s.
  std::vector<long double> spike_times(const std::vector<long double>& inputs, long double w, long double v0,
                                       long double until, std::vector<std::pair<long double, long double>>* samples,
                                       long double sample_interval) const {
    std::vector<long double> spikes;
    State s{v0, 0.0L};
    long double t = 0.0L;
    long double refractory_until = -1.0L;
    std::size_t next_input = 0;
    long double next_sample = 0.0L;
    auto state_at = [&](long double when) {  // state at `when` in the current input-free stretch
      if (when < refractory_until) {
        State held = advance(s, when - t);
        held.v = v_reset;
        return held;
      }
      if (t < refractory_until) {
        State at_end = advance(s, refractory_until - t);
        at_end.v = v_reset;
        return advance(at_end, when - refractory_until);
      }
      return advance(s, when - t);
    };
    while (t < until) {
      const long double stretch_end = next_input < inputs.size() ? std::min(inputs[next_input], until) : until;
      // Look for a crossing in (t, stretch_end] on a fine grid, then bisect.
      long double crossing = -1.0L;
      const long double start = std::max(t, refractory_until);
      const int grid = 4000;
      long double previous = start;
      for (int g = 1; g <= grid && crossing < 0; ++g) {
        const long double x = start + (stretch_end - start) * g / grid;
        if (x <= start) break;
        if (state_at(x).v >= v_th) {
          long double lo = previous, hi = x;
          for (int it = 0; it < 200 && hi - lo > 1e-17L; ++it) {
            const long double mid = 0.5L * (lo + hi);
            (state_at(mid).v >= v_th ? hi : lo) = mid;
          }
          crossing = hi;
        }
        previous = x;
      }
      const long double stop = crossing >= 0 ? crossing : stretch_end;
      while (samples && next_sample < stop && next_sample < until) {
        samples->emplace_back(next_sample, state_at(next_sample).v);
        next_sample += sample_interval;
      }
      if (crossing >= 0) {
        spikes.push_back(crossing);
        s = state_at(crossing);
        s.v = v_reset;
        t = crossing;
        refractory_until = crossing + refractory;
        continue;
      }
      s = state_at(stretch_end);
      t = stretch_end;
      if (next_input < inputs.size() && inputs[next_input] <= t) {
        s.i += w;
        ++next_input;
      }
    }
    return spikes;
  }
};

}  // namespace engine_test
