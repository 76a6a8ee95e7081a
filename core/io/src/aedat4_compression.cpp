// LZ4-frame and Zstd-frame decompression of AEDAT 4.0 packet payloads into a reused, size-limited buffer, and the
// LZ4 frame compression the writer uses.
#include "aedat4_compression.hpp"

#include <lz4frame.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>

#include "reef/core/error.hpp"

namespace reef::io {

struct Aedat4Decompressor::Contexts {
  LZ4F_dctx* lz4 = nullptr;
  ZSTD_DCtx* zstd = nullptr;
  ~Contexts() {
    if (lz4 != nullptr) LZ4F_freeDecompressionContext(lz4);
    if (zstd != nullptr) ZSTD_freeDCtx(zstd);
  }
};

Aedat4Decompressor::Aedat4Decompressor(aedat4::Compression compression)
    : compression_(compression), contexts_(std::make_unique<Contexts>()) {}

Aedat4Decompressor::~Aedat4Decompressor() = default;

std::span<const std::uint8_t> Aedat4Decompressor::decompress(std::span<const std::uint8_t> payload,
                                                             std::string& error) {
  switch (compression_) {
    case aedat4::Compression::Lz4:
    case aedat4::Compression::Lz4High:
      return lz4(payload, error);
    case aedat4::Compression::Zstd:
    case aedat4::Compression::ZstdHigh:
      return zstd(payload, error);
    case aedat4::Compression::None:
      break;
  }
  return payload;
}

namespace {

// Grows `output` for more decompressed bytes; false once the limit is reached.
bool grow(std::vector<std::uint8_t>& output, std::size_t used) {
  if (used >= kAedat4MaxPacketBytes) return false;
  const std::size_t wanted = std::max<std::size_t>(output.size() * 2, std::size_t{1} << 16);
  output.resize(std::min(wanted, kAedat4MaxPacketBytes));
  return true;
}

std::string too_large() {
  return "decompresses to more than " + std::to_string(kAedat4MaxPacketBytes >> 20) + " MiB (reef's packet limit)";
}

}  // namespace

std::span<const std::uint8_t> Aedat4Decompressor::lz4(std::span<const std::uint8_t> payload, std::string& error) {
  if (contexts_->lz4 == nullptr && LZ4F_isError(LZ4F_createDecompressionContext(&contexts_->lz4, LZ4F_VERSION))) {
    throw Error("cannot create an LZ4 decompression context (out of memory)");
  }
  std::size_t in = 0;
  std::size_t out = 0;
  std::size_t status = 1;
  while (status != 0) {
    if (out == output_.size() && !grow(output_, out)) {
      error = "LZ4 frame " + too_large();
      break;
    }
    std::size_t in_size = payload.size() - in;
    std::size_t out_size = output_.size() - out;
    status = LZ4F_decompress(contexts_->lz4, output_.data() + out, &out_size, payload.data() + in, &in_size, nullptr);
    if (LZ4F_isError(status)) {
      error = std::string("LZ4 frame is corrupt (") + LZ4F_getErrorName(status) + ")";
      break;
    }
    in += in_size;
    out += out_size;
    if (status != 0 && in == payload.size() && out < output_.size()) {
      error = "LZ4 frame ends early (" + std::to_string(payload.size()) + " bytes hold only part of it)";
      break;
    }
  }
  if (!error.empty()) {  // a failed frame leaves the context mid-frame: start the next packet with a fresh one
    LZ4F_freeDecompressionContext(contexts_->lz4);
    contexts_->lz4 = nullptr;
    return {};
  }
  if (in != payload.size()) {
    error = std::to_string(payload.size() - in) + " bytes follow the packet's LZ4 frame";
    return {};
  }
  return {output_.data(), out};
}

std::span<const std::uint8_t> Aedat4Decompressor::zstd(std::span<const std::uint8_t> payload, std::string& error) {
  if (contexts_->zstd == nullptr) {
    contexts_->zstd = ZSTD_createDCtx();
    if (contexts_->zstd == nullptr) throw Error("cannot create a Zstd decompression context (out of memory)");
  }
  ZSTD_DCtx_reset(contexts_->zstd, ZSTD_reset_session_only);
  ZSTD_inBuffer input{payload.data(), payload.size(), 0};
  std::size_t out = 0;
  std::size_t status = 1;
  while (status != 0) {
    if (out == output_.size() && !grow(output_, out)) {
      error = "Zstd frame " + too_large();
      return {};
    }
    ZSTD_outBuffer output{output_.data(), output_.size(), out};
    status = ZSTD_decompressStream(contexts_->zstd, &output, &input);
    if (ZSTD_isError(status)) {
      error = std::string("Zstd frame is corrupt (") + ZSTD_getErrorName(status) + ")";
      return {};
    }
    out = output.pos;
    if (status != 0 && input.pos == input.size && out < output_.size()) {
      error = "Zstd frame ends early (" + std::to_string(payload.size()) + " bytes hold only part of it)";
      return {};
    }
  }
  if (input.pos != payload.size()) {
    error = std::to_string(payload.size() - input.pos) + " bytes follow the packet's Zstd frame";
    return {};
  }
  return {output_.data(), out};
}

std::vector<std::uint8_t> lz4_compress_frame(std::span<const std::uint8_t> data) {
  LZ4F_preferences_t preferences;
  std::memset(&preferences, 0, sizeof(preferences));
  preferences.frameInfo.contentSize = data.size();
  std::vector<std::uint8_t> frame(LZ4F_compressFrameBound(data.size(), &preferences));
  const std::size_t size = LZ4F_compressFrame(frame.data(), frame.size(), data.data(), data.size(), &preferences);
  if (LZ4F_isError(size)) throw InternalError(std::string("LZ4 compression failed: ") + LZ4F_getErrorName(size));
  frame.resize(size);
  return frame;
}

std::string_view to_string(aedat4::Compression compression) {
  switch (compression) {
    case aedat4::Compression::None: return "none";
    case aedat4::Compression::Lz4: return "LZ4";
    case aedat4::Compression::Lz4High: return "LZ4 (high)";
    case aedat4::Compression::Zstd: return "Zstd";
    case aedat4::Compression::ZstdHigh: return "Zstd (high)";
  }
  return "unknown";
}

}  // namespace reef::io
