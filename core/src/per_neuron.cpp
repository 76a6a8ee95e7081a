// PerNeuron range helpers.
#include "reef/core/per_neuron.hpp"

#include <algorithm>

namespace reef::core {

double PerNeuron::min() const { return *std::min_element(values_.begin(), values_.end()); }
double PerNeuron::max() const { return *std::max_element(values_.begin(), values_.end()); }

}  // namespace reef::core
