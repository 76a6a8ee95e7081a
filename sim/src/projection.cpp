// Lowering a graph edge into delivery-ready CSR rows and delay segments.
#include "projection.hpp"

#include <algorithm>
#include <numeric>

namespace reef::sim {

Projection::Projection(const core::Edge& edge, std::uint32_t target_population, bool from_population)
    : name_(edge.name),
      target_population_(target_population),
      synapse_(edge.synapse),
      from_population_(from_population) {
  const core::Synapses sparse = edge.synapses.to_sparse();
  row_offsets_ = sparse.topology().row_offsets;
  targets_ = sparse.topology().targets;
  if (sparse.has_shared_weight()) shared_weight_ = sparse.weights()[0];
  else weights_.assign(sparse.weights().begin(), sparse.weights().end());
  if (sparse.has_shared_delay()) {
    shared_delay_ = to_ticks(sparse.delays()[0]);
    return;
  }
  // Sort each row by delay (stably) and cut it into equal-delay segments.
  row_segments_.reserve(row_offsets_.size());
  std::vector<std::uint64_t> order;
  std::vector<std::uint32_t> sorted_targets(targets_.size());
  std::vector<double> sorted_weights(weights_.size());
  for (std::size_t row = 0; row + 1 < row_offsets_.size(); ++row) {
    row_segments_.push_back(segments_.size());
    const std::uint64_t begin = row_offsets_[row];
    const std::uint64_t end = row_offsets_[row + 1];
    order.resize(end - begin);
    std::iota(order.begin(), order.end(), begin);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint64_t a, std::uint64_t b) { return sparse.delay(a) < sparse.delay(b); });
    for (std::uint64_t i = 0; i < order.size(); ++i) {
      const std::uint64_t to = begin + i;
      sorted_targets[to] = targets_[order[i]];
      if (!weights_.empty()) sorted_weights[to] = weights_[order[i]];
      const Tick delay = to_ticks(sparse.delay(order[i]));
      if (segments_.size() == row_segments_.back() || segments_.back().delay != delay)
        segments_.push_back({to, to + 1, delay});
      else
        segments_.back().end = to + 1;
    }
  }
  row_segments_.push_back(segments_.size());
  targets_ = std::move(sorted_targets);
  weights_ = std::move(sorted_weights);
}

std::size_t projection_bytes(const core::Synapses& synapses) {
  const std::size_t count = synapses.count();
  std::size_t bytes = (synapses.n_source() + 1) * sizeof(std::uint64_t) + count * sizeof(std::uint32_t);
  if (!synapses.has_shared_weight()) bytes += count * sizeof(double);
  if (!synapses.has_shared_delay()) bytes += count * sizeof(DelaySegment) + synapses.n_source() * sizeof(std::uint64_t);
  return bytes;
}

}  // namespace reef::sim
