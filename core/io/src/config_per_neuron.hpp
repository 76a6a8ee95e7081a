// Per-neuron parameters of the network config: one number, a list with one value per neuron, a random draw
// ({uniform: [low, high]}, {normal: [mean, std]}) from the documented stream, or a 1-d NPY file ({npy: file.npy}).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <vector>

#include "config_node.hpp"
#include "reef/core/per_neuron.hpp"
#include "reef/core/random.hpp"

namespace reef::io::detail {

// What every value must be; durations are seconds, as a bare number or with a unit ("20 ms").
enum class ValueKind { number, non_negative_number, positive_duration, non_negative_duration };

// Where the parameter belongs: draws come from Rng(seed, stream_tag(owner), stream_tag(key)), neuron 0 first.
struct PerNeuronTarget {
  std::size_t size = 0;    // neurons or channels of the owner
  std::uint64_t seed = 0;
  std::string_view owner;  // population or input name
  std::string_view key;    // the parameter's key: "v_initial", "rate", "synapses.exc.tau"
};

// One value of `kind` (also used for the entries of lists and the arguments of uniform/normal).
double parse_value(const ConfigNode& node, ValueKind kind);

// `count` values drawn in order from `rng` for a distribution entry — uniform: [low, high] or normal: [mean, std]
// (its key and value) — each checked to be of `kind`.
std::vector<double> draw_values(const ConfigMap::Entry& distribution, ValueKind kind, std::size_t count,
                                core::Rng& rng);

core::PerNeuron parse_per_neuron(const ConfigNode& node, ValueKind kind, const PerNeuronTarget& target);

}  // namespace reef::io::detail
