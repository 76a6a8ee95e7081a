// Writing one decoded event into the output buffer as two 8-byte stores (time, then x/y/polarity packed with the
// padding): building a temporary Event and copying it made compilers go through the stack, and four field stores
// made the decoders' inner loops store-bound.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "reef/core/event.hpp"

namespace reef::io {

static_assert(sizeof(core::Event) == 16 && offsetof(core::Event, x) == 8 && offsetof(core::Event, y) == 10 &&
                  offsetof(core::Event, polarity) == 12,
              "store_event packs x, y and polarity into the second 8 bytes of an Event");

inline void store_event(core::Event* out, core::Time t, std::uint32_t x, std::uint32_t y, std::uint32_t polarity) {
  const std::int64_t ns = t.ns();
  const std::uint64_t address = (x & 0xffffu) | (y & 0xffffu) << 16 | std::uint64_t{polarity & 0xffu} << 32;
  auto* bytes = reinterpret_cast<unsigned char*>(out);
  std::memcpy(bytes, &ns, sizeof ns);
  std::memcpy(bytes + 8, &address, sizeof address);
}

}  // namespace reef::io
