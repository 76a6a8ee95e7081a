// xoshiro256** (Blackman & Vigna) seeded by SplitMix64, and the distributions reef draws from.
#include "reef/core/random.hpp"

#include <cmath>
#include <numbers>

namespace reef::core {

namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

__extension__ using Uint128 = unsigned __int128;

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

Rng::Rng(std::uint64_t seed, std::uint64_t tag_a, std::uint64_t tag_b) {
  std::uint64_t mix = seed;
  std::uint64_t key = splitmix64(mix) ^ tag_a;
  key = splitmix64(key) ^ tag_b;
  for (auto& word : state_) word = splitmix64(key);
}

std::uint64_t Rng::next_u64() {
  const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
  const std::uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

double Rng::uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

double Rng::uniform(double low, double high) { return low + (high - low) * uniform(); }

std::uint64_t Rng::uniform_index(std::uint64_t n) {
  // Lemire's multiply-shift with rejection: unbiased for every n.
  Uint128 product = static_cast<Uint128>(next_u64()) * n;
  auto low = static_cast<std::uint64_t>(product);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      product = static_cast<Uint128>(next_u64()) * n;
      low = static_cast<std::uint64_t>(product);
    }
  }
  return static_cast<std::uint64_t>(product >> 64);
}

double Rng::normal(double mean, double stddev) {
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return mean + stddev * spare_normal_;
  }
  double u1 = 0.0;
  do u1 = uniform(); while (u1 <= 0.0);
  const double u2 = uniform();
  const double radius = std::sqrt(-2.0 * std::log(u1));
  spare_normal_ = radius * std::sin(2.0 * std::numbers::pi * u2);
  has_spare_normal_ = true;
  return mean + stddev * radius * std::cos(2.0 * std::numbers::pi * u2);
}

double Rng::exponential(double rate) { return -std::log1p(-uniform()) / rate; }

std::uint64_t Rng::geometric_skip(double p) {
  if (p >= 1.0) return 0;
  const double skip = std::floor(std::log1p(-uniform()) / std::log1p(-p));
  return skip >= 1.8e19 ? ~std::uint64_t{0} : static_cast<std::uint64_t>(skip);
}

void Fnv1a::add_bytes(const void* data, std::size_t size) {
  const auto* bytes = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < size; ++i) {
    hash_ ^= bytes[i];
    hash_ *= 0x100000001b3ULL;
  }
}

std::uint64_t stream_tag(std::string_view name) {
  Fnv1a hash;
  hash.add_bytes(name.data(), name.size());
  return hash.value();
}

}  // namespace reef::core
