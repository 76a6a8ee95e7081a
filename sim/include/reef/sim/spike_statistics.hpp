// Summary statistics of recorded spike trains: firing rates and the coefficient of variation of inter-spike intervals.
#pragma once

#include <cstddef>
#include <span>

#include "reef/core/recording.hpp"
#include "reef/core/time.hpp"

namespace reef::sim {

// Mean over neurons with at least `min_spikes` spikes of std(ISI)/mean(ISI); NaN when no neuron qualifies.
double mean_cv_isi(const core::SpikeTrain& train, std::size_t population_size, std::size_t min_spikes = 3);
// The same mean over the neurons of several populations, trains[p] holding population p of population_sizes[p].
double mean_cv_isi(std::span<const core::SpikeTrain> trains, std::span<const std::size_t> population_sizes,
                   std::size_t min_spikes = 3);

}  // namespace reef::sim
