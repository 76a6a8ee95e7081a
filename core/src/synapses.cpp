// Construction and conversion of a projection's synapse matrix.
#include "reef/core/synapses.hpp"

#include "reef/core/error.hpp"

namespace reef::core {

Synapses Synapses::sparse(std::size_t n_source, std::size_t n_target, CsrTopology topology,
                          std::vector<double> weights, std::vector<Time> delays) {
  Synapses s;
  s.n_source_ = n_source;
  s.n_target_ = n_target;
  s.topology_ = std::move(topology);
  s.weights_ = std::move(weights);
  s.delays_ = std::move(delays);
  return s;
}

Synapses Synapses::dense(std::size_t n_source, std::size_t n_target, std::vector<double> weights, Time delay) {
  Synapses s;
  s.n_source_ = n_source;
  s.n_target_ = n_target;
  s.dense_ = true;
  s.weights_ = std::move(weights);
  s.delays_ = {delay};
  return s;
}

std::size_t Synapses::count() const { return dense_ ? n_source_ * n_target_ : topology_.targets.size(); }

Synapses Synapses::to_sparse() const {
  if (!dense_) return *this;
  CsrTopology topology;
  topology.row_offsets.reserve(n_source_ + 1);
  topology.targets.reserve(count());
  topology.row_offsets.push_back(0);
  for (std::size_t row = 0; row < n_source_; ++row) {
    for (std::size_t col = 0; col < n_target_; ++col) topology.targets.push_back(static_cast<std::uint32_t>(col));
    topology.row_offsets.push_back(topology.targets.size());
  }
  return sparse(n_source_, n_target_, std::move(topology), weights_, delays_);
}

}  // namespace reef::core
