// Validation of a record request shared by both engines' recorders: unknown names, out-of-range neurons, bad
// sampling intervals and unknown state variables are ValidationErrors that say what exists.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "reef/core/recording.hpp"

namespace reef::sim {

// Index of the variable "v" in a resolved probe; synaptic currents are 0, 1, ... in synapse order.
inline constexpr int kVoltageVariable = -1;

// A state probe checked against the population it names.
struct ResolvedProbe {
  std::vector<std::uint32_t> neurons;  // the listed neurons, or every neuron when the request lists none
  std::vector<int> variables;          // per requested variable: kVoltageVariable or a synapse index
};

// Checks `probe` against its population (name, neuron count, synapse names) and resolves its variables.
ResolvedProbe resolve_state_probe(const core::StateProbeRequest& probe, const std::string& population,
                                  std::size_t size, const std::vector<std::string>& synapse_names);

// `populations` / `inputs`: comma-separated names of what exists ("none" when empty).
[[noreturn]] void throw_unknown_spike_target(const std::string& name, const std::string& populations,
                                             const std::string& inputs);
[[noreturn]] void throw_unknown_population(const std::string& name, const std::string& populations);

}  // namespace reef::sim
