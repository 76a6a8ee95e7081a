// Deterministic random numbers: xoshiro256** seeded through SplitMix64, with distributions implemented here
// (not std::*_distribution, whose output differs between standard libraries), so a seed means the same network
// and the same input on every machine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace reef::core {

class Rng {
 public:
  // A stream identified by a seed and up to two stream tags (e.g. a node id and a channel): streams with different
  // tags are independent, so generation order never changes results.
  explicit Rng(std::uint64_t seed, std::uint64_t tag_a = 0, std::uint64_t tag_b = 0);

  std::uint64_t next_u64();
  double uniform();                            // [0, 1)
  double uniform(double low, double high);     // [low, high)
  std::uint64_t uniform_index(std::uint64_t n);  // [0, n), unbiased; n > 0
  double normal(double mean, double stddev);
  double exponential(double rate);             // mean 1/rate; rate > 0
  // Number of failures before the next success of a Bernoulli(p) sequence (0 < p <= 1): skips over
  // non-connections when drawing sparse connectivity.
  std::uint64_t geometric_skip(double p);

 private:
  std::uint64_t state_[4];
  bool has_spare_normal_ = false;
  double spare_normal_ = 0.0;
};

// A stable 64-bit hash (FNV-1a) for building content hashes of networks and recordings.
class Fnv1a {
 public:
  void add_bytes(const void* data, std::size_t size);
  template <typename T>
  void add(const T& value) { add_bytes(&value, sizeof(T)); }
  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

// A stream tag from a name (FNV-1a of its bytes). Convention for everything drawn from a network seed:
//   connectivity of edge E: Rng(seed, stream_tag(E), 1); its weights: tag 2; its delays: tag 3;
//   a per-neuron parameter X of population P: Rng(seed, stream_tag(P), stream_tag(X));
//   Poisson source S: PoissonSourceParams::seed = Rng(seed, stream_tag(S)).next_u64(), channel c then draws from
//   Rng(that seed, c).
std::uint64_t stream_tag(std::string_view name);

}  // namespace reef::core
