// SHA-256 (the identity of a chip configuration) against the FIPS 180-4 / NIST example vectors.
#include <doctest/doctest.h>

#include <string>

#include "sha256.hpp"

using reef::hw::Sha256;
using reef::hw::sha256_hex;

TEST_CASE("sha256_matches_the_fips_180_4_examples") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // 448 bits: the padding needs a second block.
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  // 896 bits.
  CHECK(sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
                   "mnopqrstnopqrstu") == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256_gives_the_same_digest_whatever_the_chunking") {
  // One million 'a' fed in uneven pieces that straddle the 64-byte blocks.
  Sha256 hash;
  std::size_t fed = 0;
  for (std::size_t piece = 1; fed < 1000000; piece = piece * 7 % 193 + 1) {
    const std::size_t take = std::min(piece, 1000000 - fed);
    hash.update(std::string(take, 'a'));
    fed += take;
  }
  CHECK(hash.hex_digest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
