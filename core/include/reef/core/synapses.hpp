// The synapses of one projection: a sparse (CSR, rows = source neurons) or dense weight matrix, with one delay for
// the whole projection or one per synapse. Dense matrices keep every entry; a zero weight is still a synapse.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "reef/core/time.hpp"

namespace reef::core {

// Compressed sparse rows over source neurons. `targets` of one row are in the order they were generated.
struct CsrTopology {
  std::vector<std::uint64_t> row_offsets;  // n_source + 1 entries, row_offsets[0] == 0
  std::vector<std::uint32_t> targets;      // one per synapse
};

class Synapses {
 public:
  // Sparse synapses; `weights` and `delays` hold one shared value or one value per synapse (CSR order).
  static Synapses sparse(std::size_t n_source, std::size_t n_target, CsrTopology topology,
                         std::vector<double> weights, std::vector<Time> delays);
  // Dense weights, row-major [n_source][n_target]; one shared delay.
  static Synapses dense(std::size_t n_source, std::size_t n_target, std::vector<double> weights, Time delay);

  std::size_t n_source() const { return n_source_; }
  std::size_t n_target() const { return n_target_; }
  bool is_dense() const { return dense_; }
  std::size_t count() const;  // number of synapses (n_source * n_target when dense)

  // Sparse view (for dense matrices: every entry, built on demand by to_sparse()).
  const CsrTopology& topology() const { return topology_; }
  std::span<const double> weights() const { return weights_; }  // size 1 (shared) or count()
  std::span<const Time> delays() const { return delays_; }       // size 1 (shared) or count()
  bool has_shared_weight() const { return weights_.size() == 1; }
  bool has_shared_delay() const { return delays_.size() == 1; }
  double weight(std::size_t synapse) const { return weights_.size() == 1 ? weights_[0] : weights_[synapse]; }
  Time delay(std::size_t synapse) const { return delays_.size() == 1 ? delays_[0] : delays_[synapse]; }

  // The same synapses in CSR form (dense matrices: one synapse per entry, row-major).
  Synapses to_sparse() const;

 private:
  std::size_t n_source_ = 0;
  std::size_t n_target_ = 0;
  bool dense_ = false;
  CsrTopology topology_;         // empty when dense
  std::vector<double> weights_;  // dense: n_source * n_target values
  std::vector<Time> delays_;
};

}  // namespace reef::core
