// Validation of a record request shared by both engines' recorders: the checks and their messages.
#include "record_request_checks.hpp"

#include "reef/core/error.hpp"

namespace reef::sim {

namespace {

int variable_index(const std::string& variable, const std::string& population,
                   const std::vector<std::string>& synapse_names) {
  int index = variable == "v" ? kVoltageVariable : -2;
  for (std::size_t k = 0; k < synapse_names.size(); ++k)
    if (variable == synapse_names[k] || variable == "i_syn" + std::to_string(k)) index = static_cast<int>(k);
  if (index == -2) {
    std::string known = "v";
    for (const std::string& name : synapse_names) known += ", " + name;
    throw ValidationError("record: population '" + population + "' has no variable '" + variable + "' (it has " +
                          known + ")");
  }
  return index;
}

}  // namespace

ResolvedProbe resolve_state_probe(const core::StateProbeRequest& probe, const std::string& population,
                                  std::size_t size, const std::vector<std::string>& synapse_names) {
  for (std::uint32_t j : probe.neurons)
    if (j >= size)
      throw ValidationError("record: neuron " + std::to_string(j) + " of '" + population + "' is out of range [0, " +
                            std::to_string(size) + ")");
  if (probe.interval.ns() <= 0) throw ValidationError("record: the sampling interval must be positive");
  ResolvedProbe resolved;
  resolved.neurons = probe.neurons;
  if (resolved.neurons.empty())
    for (std::uint32_t j = 0; j < size; ++j) resolved.neurons.push_back(j);
  for (const std::string& variable : probe.variables)
    resolved.variables.push_back(variable_index(variable, population, synapse_names));
  return resolved;
}

void throw_unknown_spike_target(const std::string& name, const std::string& populations, const std::string& inputs) {
  throw ValidationError("record: nothing named '" + name + "' to record spikes from (populations: " + populations +
                        "; inputs: " + inputs + ")");
}

void throw_unknown_population(const std::string& name, const std::string& populations) {
  throw ValidationError("record: no population named '" + name + "' (populations: " + populations + ")");
}

}  // namespace reef::sim
