// A projection as the event engine delivers it: CSR rows of target indices with one shared weight (4 bytes per
// synapse) or one weight per synapse (12 bytes), and with per-synapse delays each row sorted into equal-delay
// segments so one queue entry delivers a whole segment.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine_clock.hpp"
#include "reef/core/graph.hpp"

namespace reef::sim {

struct DelaySegment {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
  Tick delay = 0;
};

class Projection {
 public:
  Projection(const core::Edge& edge, std::uint32_t target_population, bool from_population);

  const std::string& name() const { return name_; }
  std::uint32_t target_population() const { return target_population_; }
  std::size_t synapse() const { return synapse_; }
  bool from_population() const { return from_population_; }
  bool has_shared_delay() const { return segments_.empty(); }
  Tick shared_delay() const { return shared_delay_; }

  std::uint64_t row_begin(std::uint32_t row) const { return row_offsets_[row]; }
  std::uint64_t row_end(std::uint32_t row) const { return row_offsets_[row + 1]; }
  // Per-synapse delays: the segments of a row are [segment_begin(row), segment_begin(row + 1)).
  std::uint64_t segment_begin(std::uint32_t row) const { return row_segments_[row]; }
  const DelaySegment& segment(std::uint64_t index) const { return segments_[index]; }

  std::uint32_t target(std::uint64_t synapse) const { return targets_[synapse]; }
  double weight(std::uint64_t synapse) const { return weights_.empty() ? shared_weight_ : weights_[synapse]; }

 private:
  std::string name_;
  std::uint32_t target_population_;
  std::size_t synapse_;
  bool from_population_;
  std::vector<std::uint64_t> row_offsets_;
  std::vector<std::uint32_t> targets_;
  std::vector<double> weights_;  // empty when shared
  double shared_weight_ = 0.0;
  Tick shared_delay_ = 0;
  std::vector<std::uint64_t> row_segments_;
  std::vector<DelaySegment> segments_;
};

// The bytes a projection of `synapses` occupies once lowered (for memory estimates before lowering).
std::size_t projection_bytes(const core::Synapses& synapses);

}  // namespace reef::sim
