// The benchmark workloads of the reference suite, built in code so they can be scaled:
// W1, the CUBA network of Brette et al. 2007 (benchmark 2), and W2, Brunel 2000 with exponential synapses.
// configs/examples/cuba.yaml and brunel.yaml describe the same networks (scale 1) in the config format.
#pragma once

#include <cstdint>

#include "reef/core/graph.hpp"

namespace reef::sim {

// scale multiplies the neuron count; connection probability shrinks so the in-degree stays 80 (W1-40k is scale 10).
core::Graph make_cuba_network(double scale, std::uint64_t seed);
// scale multiplies the neuron count; in-degrees (1000 exc + 250 inh) stay fixed, so scale must keep them possible.
core::Graph make_brunel_network(double scale, std::uint64_t seed);

}  // namespace reef::sim
