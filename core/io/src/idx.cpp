// Reading IDX arrays: a byte source that inflates gzip on the fly (counting decompressed offsets), header checks,
// and big-endian element decoding in bounded chunks so a lying header cannot force a huge allocation up front.
#include "reef/io/idx.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdio>
#include <cstring>
#include <limits>
#include <optional>
#include <string>

#include "file_io.hpp"
#include "reef/core/error.hpp"

namespace reef::io {
namespace {

constexpr std::size_t kChunkBytes = std::size_t{1} << 20;

// The bytes of a plain or gzip file in order; offset() counts the (decompressed) bytes handed out so far.
class IdxByteSource {
 public:
  explicit IdxByteSource(const std::filesystem::path& path) : path_(path) {
    file_ = std::fopen(path.c_str(), "rb");
    if (file_ == nullptr) throw Error(os_error_message("open", path));
    std::array<unsigned char, 2> magic{};
    const std::size_t got = std::fread(magic.data(), 1, magic.size(), file_);
    check_read();
    gzip_ = got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    std::rewind(file_);
    if (gzip_) {
      if (inflateInit2(&stream_, 15 + 16) != Z_OK) throw Error("cannot start decompressing '" + path.string() + "'");
      inflating_ = true;
    }
  }
  ~IdxByteSource() {
    if (inflating_) inflateEnd(&stream_);
    std::fclose(file_);
  }
  IdxByteSource(const IdxByteSource&) = delete;
  IdxByteSource& operator=(const IdxByteSource&) = delete;

  // Fills `out` as far as the data goes; returns the count (less than out.size() only at the end of the data).
  std::size_t read(unsigned char* out, std::size_t size) {
    const std::size_t got = gzip_ ? inflate_into(out, size) : std::fread(out, 1, size, file_);
    if (!gzip_) check_read();
    offset_ += got;
    return got;
  }

  std::uint64_t offset() const { return offset_; }
  // Appended to error messages so a reader knows which offsets they are.
  std::string offset_note() const {
    return gzip_ ? " (byte offsets count the decompressed data of this gzip file)" : "";
  }
  [[noreturn]] void fail(std::uint64_t offset, const std::string& message) const {
    throw FormatError(path_.string(), offset, "IDX file: " + message + offset_note());
  }

 private:
  void check_read() {
    if (std::ferror(file_) != 0) throw Error(os_error_message("read", path_));
  }

  std::size_t inflate_into(unsigned char* out, std::size_t size) {
    stream_.next_out = out;
    stream_.avail_out = static_cast<uInt>(size);
    while (stream_.avail_out > 0 && !finished_) {
      if (stream_.avail_in == 0) {
        const std::size_t got = std::fread(input_.data(), 1, input_.size(), file_);
        check_read();
        if (got == 0) {
          if (member_started_) fail(offset_ + (size - stream_.avail_out), "the gzip stream is truncated");
          finished_ = true;
          break;
        }
        stream_.next_in = input_.data();
        stream_.avail_in = static_cast<uInt>(got);
      }
      member_started_ = true;
      const int status = inflate(&stream_, Z_NO_FLUSH);
      if (status == Z_STREAM_END) {
        member_started_ = false;  // another gzip member may follow (concatenated files decompress as one)
        inflateReset(&stream_);
      } else if (status != Z_OK && status != Z_BUF_ERROR) {
        fail(offset_ + (size - stream_.avail_out),
             std::string("corrupt gzip data (") + (stream_.msg != nullptr ? stream_.msg : "zlib error") + ")");
      }
    }
    return size - stream_.avail_out;
  }

  std::filesystem::path path_;
  std::FILE* file_ = nullptr;
  bool gzip_ = false;
  bool inflating_ = false;
  bool member_started_ = false;
  bool finished_ = false;
  z_stream stream_{};
  std::array<unsigned char, 1 << 16> input_{};
  std::uint64_t offset_ = 0;
};

std::optional<IdxType> idx_type(unsigned char code) {
  switch (code) {
    case 0x08:
      return IdxType::u8;
    case 0x09:
      return IdxType::i8;
    case 0x0B:
      return IdxType::i16;
    case 0x0C:
      return IdxType::i32;
    case 0x0D:
      return IdxType::f32;
    case 0x0E:
      return IdxType::f64;
    default:
      return std::nullopt;
  }
}

std::size_t element_size(IdxType type) {
  switch (type) {
    case IdxType::u8:
    case IdxType::i8:
      return 1;
    case IdxType::i16:
      return 2;
    case IdxType::i32:
    case IdxType::f32:
      return 4;
    case IdxType::f64:
      return 8;
  }
  return 1;
}

std::uint64_t big_endian(const unsigned char* bytes, std::size_t size) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < size; ++i) value = (value << 8) | bytes[i];
  return value;
}

float decode(const unsigned char* bytes, IdxType type) {
  switch (type) {
    case IdxType::u8:
      return static_cast<float>(bytes[0]);
    case IdxType::i8:
      return static_cast<float>(static_cast<std::int8_t>(bytes[0]));
    case IdxType::i16:
      return static_cast<float>(static_cast<std::int16_t>(big_endian(bytes, 2)));
    case IdxType::i32:
      return static_cast<float>(static_cast<std::int32_t>(big_endian(bytes, 4)));
    case IdxType::f32:
      return std::bit_cast<float>(static_cast<std::uint32_t>(big_endian(bytes, 4)));
    case IdxType::f64:
      return static_cast<float>(std::bit_cast<double>(big_endian(bytes, 8)));
  }
  return 0.0f;
}

std::string shape_text(const std::vector<std::size_t>& shape) {
  std::string text = "(";
  for (std::size_t k = 0; k < shape.size(); ++k) text += (k > 0 ? ", " : "") + std::to_string(shape[k]);
  return text + (shape.size() == 1 ? ",)" : ")");
}

}  // namespace

std::string_view to_string(IdxType type) {
  switch (type) {
    case IdxType::u8:
      return "uint8";
    case IdxType::i8:
      return "int8";
    case IdxType::i16:
      return "int16";
    case IdxType::i32:
      return "int32";
    case IdxType::f32:
      return "float32";
    case IdxType::f64:
      return "float64";
  }
  return "?";
}

IdxArray read_idx(const std::filesystem::path& path) {
  IdxByteSource source(path);
  std::array<unsigned char, 4> magic{};
  if (source.read(magic.data(), magic.size()) < magic.size()) {
    source.fail(source.offset(), "the file ends inside the 4-byte magic number");
  }
  if (magic[0] != 0 || magic[1] != 0) {
    source.fail(0, "not an IDX file: the magic number must start with two zero bytes, found " +
                       std::to_string(magic[0]) + " " + std::to_string(magic[1]));
  }
  const std::optional<IdxType> type = idx_type(magic[2]);
  if (!type) {
    source.fail(2, "unknown element type code " + std::to_string(magic[2]) +
                       " (expected 8 uint8, 9 int8, 11 int16, 12 int32, 13 float32 or 14 float64)");
  }
  if (magic[3] == 0) source.fail(3, "the header declares 0 dimensions; an IDX array has at least one");

  IdxArray array;
  array.type = *type;
  const std::size_t item = element_size(*type);
  std::uint64_t count = 1;
  bool overflow = false;
  for (int k = 0; k < magic[3]; ++k) {
    std::array<unsigned char, 4> dim{};
    const std::uint64_t at = source.offset();
    if (source.read(dim.data(), dim.size()) < dim.size()) {
      source.fail(source.offset(), "the file ends inside dimension " + std::to_string(k + 1) + " of " +
                                       std::to_string(magic[3]) + " (starting at byte " + std::to_string(at) + ")");
    }
    const std::uint64_t size = big_endian(dim.data(), 4);
    array.shape.push_back(static_cast<std::size_t>(size));
    if (size != 0 && count > std::numeric_limits<std::uint64_t>::max() / item / size) overflow = true;
    count *= size;
  }
  if (overflow) source.fail(4, "shape " + shape_text(array.shape) + " is too large");

  const std::uint64_t data_start = source.offset();
  array.values.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(count, kChunkBytes)));
  std::vector<unsigned char> buffer(kChunkBytes - kChunkBytes % item);
  std::uint64_t remaining = count * item;
  while (remaining > 0) {
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(remaining, buffer.size()));
    const std::size_t got = source.read(buffer.data(), want);
    for (std::size_t at = 0; at + item <= got; at += item) array.values.push_back(decode(buffer.data() + at, *type));
    remaining -= got;
    if (got < want) {
      source.fail(source.offset(), "the data ends after " + std::to_string(array.values.size()) + " of the " +
                                       std::to_string(count) + " " + std::string(to_string(*type)) +
                                       " elements that the header's shape " + shape_text(array.shape) +
                                       " declares (data starts at byte " + std::to_string(data_start) + ")");
    }
  }
  unsigned char extra = 0;
  const std::uint64_t data_end = source.offset();
  if (source.read(&extra, 1) > 0) {
    source.fail(data_end, "extra bytes after the " + std::to_string(count) + " elements of shape " +
                              shape_text(array.shape) + " that the header declares");
  }
  return array;
}

}  // namespace reef::io
