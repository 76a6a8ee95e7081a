// Spike train statistics: the coefficient of variation of inter-spike intervals, averaged over neurons.
#include "reef/sim/spike_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "reef/core/error.hpp"

namespace reef::sim {
namespace {

// std/mean of the intervals between consecutive sorted times (population std, divided by n); NaN when the mean
// interval is zero (all spikes at one instant), for which the CV is undefined.
double cv_of_intervals(const std::vector<double>& times) {
  const auto intervals = static_cast<double>(times.size() - 1);
  const double mean = (times.back() - times.front()) / intervals;
  if (mean == 0.0) return std::numeric_limits<double>::quiet_NaN();
  double squares = 0.0;
  for (std::size_t i = 1; i < times.size(); ++i) {
    const double deviation = (times[i] - times[i - 1]) - mean;
    squares += deviation * deviation;
  }
  return std::sqrt(squares / intervals) / mean;
}

struct CvSum {
  double sum = 0.0;
  std::size_t counted = 0;
  double mean() const {
    return counted == 0 ? std::numeric_limits<double>::quiet_NaN() : sum / static_cast<double>(counted);
  }
};

void add_cvs(const core::SpikeTrain& train, std::size_t population_size, std::size_t min_spikes, CvSum& total) {
  REEF_ASSERT(train.times_s.size() == train.neurons.size(), "spike train arrays differ in length");
  std::vector<std::vector<double>> per_neuron(population_size);
  for (std::size_t i = 0; i < train.times_s.size(); ++i) {
    REEF_ASSERT(train.neurons[i] < population_size,
                "spike of neuron " + std::to_string(train.neurons[i]) + " in a population of " +
                    std::to_string(population_size));
    per_neuron[train.neurons[i]].push_back(train.times_s[i]);
  }
  for (std::vector<double>& times : per_neuron) {
    if (times.size() < std::max<std::size_t>(min_spikes, 2)) continue;
    std::sort(times.begin(), times.end());
    const double cv = cv_of_intervals(times);
    if (std::isnan(cv)) continue;
    total.sum += cv;
    ++total.counted;
  }
}

}  // namespace

double mean_cv_isi(const core::SpikeTrain& train, std::size_t population_size, std::size_t min_spikes) {
  CvSum total;
  add_cvs(train, population_size, min_spikes, total);
  return total.mean();
}

double mean_cv_isi(std::span<const core::SpikeTrain> trains, std::span<const std::size_t> population_sizes,
                   std::size_t min_spikes) {
  REEF_ASSERT(trains.size() == population_sizes.size(), "one population size per spike train");
  CvSum total;
  for (std::size_t p = 0; p < trains.size(); ++p) add_cvs(trains[p], population_sizes[p], min_spikes, total);
  return total.mean();
}

}  // namespace reef::sim
