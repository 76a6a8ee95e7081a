// sim::StepEngine: fixed-dt evaluation of a core::Graph, batched over samples, with the discretisation of a chosen
// framework (a profile; update equations side by side in docs/step-engine.md).
// Contract: the graph is lowered once in the constructor into a plain engine copy (the engine keeps no reference to
// it): topological order over the non-recurrent Connections, a one-step-delayed value on every back edge, summed
// fan-in. Each run() starts from the initial state; the same graph, options, inputs and seed give bit-identical
// results. Not thread-safe; no allocation per step.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reef/core/graph.hpp"
#include "reef/core/recording.hpp"
#include "reef/sim/event_engine.hpp"

namespace reef::sim {

enum class StepProfile {
  exact,     // zero-order hold: each input value held for one dt, exact propagators of the NIR ODEs
  euler,     // NIR / Norse forward Euler, synaptic current updated first
  snntorch,  // alpha = 1 − dt/tau_syn, beta = 1 − dt/tau_mem, input straight into syn, snnTorch's reset logic
  rockpool,  // exp decay, impulse input, multi-spike floor(v/θ), subtract reset
  sinabs,    // tau in steps (exp(−dt/tau) with dt in tau's units), multi-spike, subtract reset, min_v_mem
};

enum class SpikeRule {
  single,  // one spike when v > v_th
  multi,   // n = floor(v / v_th) spikes (at least one) when v >= v_th, capped by max_spikes_per_dt
};

std::string_view to_string(StepProfile profile);
std::string_view to_string(SpikeRule rule);
// "exact", "euler", "norse" (= euler), "snntorch", "rockpool", "sinabs"; nullopt otherwise.
std::optional<StepProfile> parse_step_profile(std::string_view text);

// What files cannot say. Unset optionals take the profile's default (docs/step-engine.md "Options").
struct StepOptions {
  StepProfile profile = StepProfile::exact;
  double dt_s = 1e-4;  // > 0; in tau's units (seconds, or steps for sinabs-style files)
  // as_graph keeps each node's reset; default: as_graph, except rockpool and sinabs: subtract.
  std::optional<ResetRule> reset;
  // Default: single, except rockpool and sinabs: multi.
  std::optional<SpikeRule> spike_rule;
  std::uint32_t max_spikes_per_dt = 65535;  // cap of the multi-spike rule, >= 1
  // The delayed value of a recurrent Affine at t = 0 is its bias (snnTorch) rather than 0 (NIRTorch, Norse).
  // Default: true for snntorch, false otherwise.
  std::optional<bool> recurrent_bias_at_t0;
  // Membrane potentials are clipped from below at this value after the reset. Default: sinabs −v_th of each neuron
  // (what Sinabs' importer sets), no clipping otherwise.
  std::optional<double> min_v_mem;
};

// Dense input of one Input node: row-major [batch][steps][elements of the node's shape].
struct StepInput {
  std::string node;
  std::size_t batch = 1;
  std::size_t steps = 0;
  std::vector<double> values;
};

// What a dense run records: spike counts (variable "spikes") of spiking neuron nodes, the signal reaching each
// Output node (variable "output"), and state variables ("v") of the named neuron nodes.
struct StepRecordRequest {
  bool all_spikes = true;                // every spiking neuron node
  std::vector<std::string> spike_nodes;  // used when all_spikes is false
  bool outputs = true;                   // every Output node
  std::vector<std::string> v_nodes;      // membrane potential traces
};

struct StepRun {
  std::size_t batch = 0;
  std::size_t steps = 0;
  core::Recording recording;  // grid traces [batch][steps][elements], named by node
  double wall_seconds = 0.0;  // the step loop only
};

class StepEngine {
 public:
  // Throws ValidationError naming the node that cannot be run (or the option that does not fit the graph).
  StepEngine(const core::Graph& graph, const StepOptions& options);
  ~StepEngine();
  StepEngine(const StepEngine&) = delete;
  StepEngine& operator=(const StepEngine&) = delete;

  const StepOptions& options() const;  // with every default resolved
  // The Input nodes that take dense input, and the shape (batch-less) each expects.
  std::vector<std::string> input_nodes() const;
  core::Shape input_shape(std::string_view input_node) const;

  // Runs as many steps as the inputs have, for their batch. Every Input node needs exactly one StepInput with the
  // same batch and steps, and values of the node's size; otherwise ValidationError saying what was expected.
  StepRun run(const std::vector<StepInput>& inputs, const StepRecordRequest& record = {});

  // Runs a graph driven by its own sources (YAML networks: spike, Poisson and current sources, projections with
  // delays rounded to steps) for options.duration, batch 1, and records like the event engine (spike times on the
  // grid, state sampled at the nearest step). Input nodes receive 0.
  RunResult run(const RunOptions& options);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace reef::sim
