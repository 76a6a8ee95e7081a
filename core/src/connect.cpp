// Connectivity generators. Sparse rules draw with geometric skips (fixed probability) or per-target sampling
// (fixed in-degree), then build CSR rows with a stable counting sort so results depend only on the seed.
#include "reef/core/connect.hpp"

#include <algorithm>
#include <unordered_set>

#include "reef/core/error.hpp"

namespace reef::core {

namespace {

// Builds CSR over sources from parallel (source, target) lists; keeps the input order within each row.
CsrTopology csr_from_pairs(std::size_t n_source, const std::vector<std::uint32_t>& sources,
                           const std::vector<std::uint32_t>& targets, std::vector<std::size_t>* permutation) {
  CsrTopology topology;
  topology.row_offsets.assign(n_source + 1, 0);
  for (std::uint32_t s : sources) ++topology.row_offsets[s + 1];
  for (std::size_t row = 0; row < n_source; ++row) topology.row_offsets[row + 1] += topology.row_offsets[row];
  std::vector<std::uint64_t> cursor(topology.row_offsets.begin(), topology.row_offsets.end() - 1);
  topology.targets.resize(targets.size());
  if (permutation) permutation->resize(targets.size());
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const std::uint64_t slot = cursor[sources[i]]++;
    topology.targets[slot] = targets[i];
    if (permutation) (*permutation)[slot] = i;
  }
  return topology;
}

}  // namespace

CsrTopology connect_all_to_all(const ConnectShape& shape, bool autapses) {
  CsrTopology topology;
  topology.row_offsets.reserve(shape.n_source + 1);
  topology.row_offsets.push_back(0);
  for (std::size_t i = 0; i < shape.n_source; ++i) {
    for (std::size_t j = 0; j < shape.n_target; ++j)
      if (autapses || !shape.same_population || i != j) topology.targets.push_back(static_cast<std::uint32_t>(j));
    topology.row_offsets.push_back(topology.targets.size());
  }
  return topology;
}

CsrTopology connect_one_to_one(const ConnectShape& shape) {
  REEF_ASSERT(shape.n_source == shape.n_target, "one_to_one needs equal sizes");
  CsrTopology topology;
  topology.row_offsets.resize(shape.n_source + 1);
  topology.targets.resize(shape.n_source);
  for (std::size_t i = 0; i < shape.n_source; ++i) {
    topology.row_offsets[i + 1] = i + 1;
    topology.targets[i] = static_cast<std::uint32_t>(i);
  }
  return topology;
}

CsrTopology connect_fixed_probability(const ConnectShape& shape, double p, bool autapses, Rng& rng) {
  CsrTopology topology;
  topology.row_offsets.reserve(shape.n_source + 1);
  topology.row_offsets.push_back(0);
  topology.targets.reserve(static_cast<std::size_t>(p * static_cast<double>(shape.n_source * shape.n_target) * 1.05));
  for (std::size_t i = 0; i < shape.n_source; ++i) {
    if (p > 0.0) {
      std::uint64_t j = rng.geometric_skip(p);
      while (j < shape.n_target) {
        if (autapses || !shape.same_population || j != i) topology.targets.push_back(static_cast<std::uint32_t>(j));
        const std::uint64_t skip = rng.geometric_skip(p);
        if (skip >= shape.n_target) break;
        j += 1 + skip;
      }
    }
    topology.row_offsets.push_back(topology.targets.size());
  }
  return topology;
}

CsrTopology connect_fixed_indegree(const ConnectShape& shape, std::size_t indegree, bool autapses, bool multapses,
                                   Rng& rng) {
  std::vector<std::uint32_t> sources;
  std::vector<std::uint32_t> targets;
  sources.reserve(indegree * shape.n_target);
  targets.reserve(indegree * shape.n_target);
  std::unordered_set<std::uint64_t> chosen;
  for (std::size_t target = 0; target < shape.n_target; ++target) {
    // Candidates are [0, n) with the target itself removed when autapses are excluded.
    const bool exclude_self = !autapses && shape.same_population;
    const std::uint64_t n = shape.n_source - (exclude_self ? 1 : 0);
    auto candidate = [&](std::uint64_t index) {
      return static_cast<std::uint32_t>(exclude_self && index >= target ? index + 1 : index);
    };
    if (multapses) {
      for (std::size_t k = 0; k < indegree; ++k) {
        sources.push_back(candidate(rng.uniform_index(n)));
        targets.push_back(static_cast<std::uint32_t>(target));
      }
      continue;
    }
    REEF_ASSERT(indegree <= n, "fixed_indegree without multapses needs indegree <= available sources");
    chosen.clear();
    for (std::uint64_t j = n - indegree; j < n; ++j) {  // Floyd's sampling without replacement
      const std::uint64_t t = rng.uniform_index(j + 1);
      const std::uint64_t pick = chosen.insert(t).second ? t : (chosen.insert(j), j);
      sources.push_back(candidate(pick));
      targets.push_back(static_cast<std::uint32_t>(target));
    }
  }
  return csr_from_pairs(shape.n_source, sources, targets, nullptr);
}

CsrTopology connect_pairs(const ConnectShape& shape, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& pairs,
                          std::vector<std::size_t>* csr_to_pair_index) {
  std::vector<std::uint32_t> sources;
  std::vector<std::uint32_t> targets;
  sources.reserve(pairs.size());
  targets.reserve(pairs.size());
  for (const auto& [s, t] : pairs) {
    REEF_ASSERT(s < shape.n_source && t < shape.n_target, "pair index out of range");
    sources.push_back(s);
    targets.push_back(t);
  }
  return csr_from_pairs(shape.n_source, sources, targets, csr_to_pair_index);
}

}  // namespace reef::core
