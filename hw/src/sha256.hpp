// SHA-256 (FIPS 180-4) for the identity of chip configurations (chip_image_hash) without an OpenSSL dependency.
// Streaming: update() any number of times, then hex_digest() once.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace reef::hw {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  // Finishes the hash (padding and length) and returns the 32-byte digest as 64 lowercase hex digits.
  std::string hex_digest();

 private:
  void compress(const std::uint8_t* block);

  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t total_bytes_ = 0;
};

// SHA-256 of `bytes` as lowercase hex.
std::string sha256_hex(std::string_view bytes);

}  // namespace reef::hw
