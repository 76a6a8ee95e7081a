// Summary statistics of recorded spike trains: firing rates and the coefficient of variation of inter-spike intervals.
#pragma once

#include <cstddef>

#include "reef/core/recording.hpp"
#include "reef/core/time.hpp"

namespace reef::sim {

// Mean over neurons with at least `min_spikes` spikes of std(ISI)/mean(ISI); NaN when no neuron qualifies.
double mean_cv_isi(const core::SpikeTrain& train, std::size_t population_size, std::size_t min_spikes = 3);

}  // namespace reef::sim
