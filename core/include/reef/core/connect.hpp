// Connectivity generators: the topology of a projection from a rule, drawn from a seeded Rng.
// "Autapses" are synapses from a neuron to itself and only exist when source and target are the same population.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "reef/core/random.hpp"
#include "reef/core/synapses.hpp"

namespace reef::core {

struct ConnectShape {
  std::size_t n_source = 0;
  std::size_t n_target = 0;
  bool same_population = false;  // source and target are one population: autapses are possible
};

CsrTopology connect_all_to_all(const ConnectShape& shape, bool autapses);
// Requires n_source == n_target.
CsrTopology connect_one_to_one(const ConnectShape& shape);
// Every ordered pair independently with probability p (Bernoulli), as NEST pairwise_bernoulli and Brian2 p=.
CsrTopology connect_fixed_probability(const ConnectShape& shape, double p, bool autapses, Rng& rng);
// Every target gets exactly `indegree` sources drawn uniformly; `multapses` allows repeats.
CsrTopology connect_fixed_indegree(const ConnectShape& shape, std::size_t indegree, bool autapses, bool multapses,
                                   Rng& rng);
// Explicit (source, target) pairs; `csr_to_pair_index` (if given) receives, per CSR synapse, its index in `pairs`, so
// per-pair weights and delays can be put in CSR order.
CsrTopology connect_pairs(const ConnectShape& shape, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& pairs,
                          std::vector<std::size_t>* csr_to_pair_index);

}  // namespace reef::core
