// SHA3-224 (FIPS 202) for the tests that compare decoded fields with the digests other tools publish (faery hashes
// each decoded field as a little-endian array). Incremental: add() any number of times, then hex().
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace reef::test {

class Sha3_224 {
 public:
  void add(const void* data, std::size_t size) {
    const auto* bytes = static_cast<const std::uint8_t*>(data);
    for (std::size_t i = 0; i < size; ++i) {
      state_[filled_ / 8] ^= std::uint64_t{bytes[i]} << (8 * (filled_ % 8));
      if (++filled_ == kRate) {
        permute();
        filled_ = 0;
      }
    }
  }

  std::string hex() {
    state_[filled_ / 8] ^= std::uint64_t{0x06} << (8 * (filled_ % 8));
    state_[(kRate - 1) / 8] ^= std::uint64_t{0x80} << (8 * ((kRate - 1) % 8));
    permute();
    std::string out;
    for (std::size_t i = 0; i < 28; ++i) {
      const auto byte = static_cast<unsigned>((state_[i / 8] >> (8 * (i % 8))) & 0xff);
      out += "0123456789abcdef"[byte >> 4];
      out += "0123456789abcdef"[byte & 0xf];
    }
    return out;
  }

 private:
  static constexpr std::size_t kRate = 144;  // bytes: (1600 - 2 * 224) / 8

  static std::uint64_t rotl(std::uint64_t v, int n) { return n == 0 ? v : (v << n) | (v >> (64 - n)); }

  // Keccak-f[1600]: 24 rounds of theta, rho+pi, chi, iota on the 5x5 lanes (lane (x, y) at index x + 5y).
  void permute() {
    static constexpr std::array<std::uint64_t, 24> kRoundConstants{
        0x0000000000000001, 0x0000000000008082, 0x800000000000808a, 0x8000000080008000, 0x000000000000808b,
        0x0000000080000001, 0x8000000080008081, 0x8000000000008009, 0x000000000000008a, 0x0000000000000088,
        0x0000000080008009, 0x000000008000000a, 0x000000008000808b, 0x800000000000008b, 0x8000000000008089,
        0x8000000000008003, 0x8000000000008002, 0x8000000000000080, 0x000000000000800a, 0x800000008000000a,
        0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008};
    static constexpr std::array<int, 25> kRotation{0,  1,  62, 28, 27, 36, 44, 6,  55, 20, 3,  10, 43,
                                                   25, 39, 41, 45, 15, 21, 8,  18, 2,  61, 56, 14};
    auto& a = state_;
    for (const std::uint64_t constant : kRoundConstants) {
      std::array<std::uint64_t, 5> c{};
      for (int x = 0; x < 5; ++x) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
      for (int x = 0; x < 5; ++x) {
        const std::uint64_t d = c[(x + 4) % 5] ^ rotl(c[(x + 1) % 5], 1);
        for (int y = 0; y < 25; y += 5) a[x + y] ^= d;
      }
      std::array<std::uint64_t, 25> b{};
      for (int x = 0; x < 5; ++x) {
        for (int y = 0; y < 5; ++y) b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl(a[x + 5 * y], kRotation[x + 5 * y]);
      }
      for (int y = 0; y < 25; y += 5) {
        for (int x = 0; x < 5; ++x) a[x + y] = b[x + y] ^ (~b[(x + 1) % 5 + y] & b[(x + 2) % 5 + y]);
      }
      a[0] ^= constant;
    }
  }

  std::array<std::uint64_t, 25> state_{};
  std::size_t filled_ = 0;
};

}  // namespace reef::test
