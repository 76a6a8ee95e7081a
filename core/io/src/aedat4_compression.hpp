// AEDAT 4.0 packet compression: each compressed packet payload is exactly one LZ4 frame or one Zstd frame.
// The decompressor reuses its buffers and contexts across packets and refuses output beyond a size limit, so a
// corrupt or hostile size field cannot make it allocate without bound.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "aedat4_generated.h"

namespace reef::io {

// The largest decompressed packet reef accepts (DV writes packets of at most a few MiB).
inline constexpr std::size_t kAedat4MaxPacketBytes = std::size_t{256} << 20;

class Aedat4Decompressor {
 public:
  explicit Aedat4Decompressor(aedat4::Compression compression);
  ~Aedat4Decompressor();
  Aedat4Decompressor(const Aedat4Decompressor&) = delete;
  Aedat4Decompressor& operator=(const Aedat4Decompressor&) = delete;

  // The packet's FlatBuffer bytes (valid until the next call); on failure an empty span and `error` says why.
  // With no compression the payload itself is returned.
  std::span<const std::uint8_t> decompress(std::span<const std::uint8_t> payload, std::string& error);

 private:
  std::span<const std::uint8_t> lz4(std::span<const std::uint8_t> payload, std::string& error);
  std::span<const std::uint8_t> zstd(std::span<const std::uint8_t> payload, std::string& error);

  struct Contexts;
  aedat4::Compression compression_;
  std::unique_ptr<Contexts> contexts_;
  std::vector<std::uint8_t> output_;
};

// One LZ4 frame holding `data` (what the writer stores as a packet payload or the data table).
std::vector<std::uint8_t> lz4_compress_frame(std::span<const std::uint8_t> data);

std::string_view to_string(aedat4::Compression compression);

}  // namespace reef::io
