// Checkpoint files: "REEFCKPT", u32 version, u32 record count, records (u8 kind, u32 name length, name, payload:
// u64 integer | u64 length + text bytes | u32 rank, u64 dims, f32 values), then the FNV-1a hash of all earlier bytes.
#include "reef/io/checkpoint.hpp"

#include <bit>
#include <cstring>
#include <string_view>

#include "reef/core/atomic_output.hpp"
#include "file_io.hpp"
#include "reef/core/error.hpp"
#include "reef/core/random.hpp"

namespace reef::io {
namespace {

constexpr std::string_view kMagic = "REEFCKPT";
constexpr std::uint32_t kVersion = 1;
enum RecordKind : std::uint8_t { kInteger = 1, kText = 2, kFloats = 3 };

static_assert(std::endian::native == std::endian::little, "checkpoint files are written little-endian");

class Writer {
 public:
  template <typename T>
  void put(T value) {
    bytes_.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  void put_bytes(std::string_view text) { bytes_.append(text); }
  void put_name(std::uint8_t kind, const std::string& name) {
    put(kind);
    put(static_cast<std::uint32_t>(name.size()));
    put_bytes(name);
  }
  std::string& bytes() { return bytes_; }

 private:
  std::string bytes_;
};

class Reader {
 public:
  Reader(std::string_view bytes, std::string file) : bytes_(bytes), file_(std::move(file)) {}
  template <typename T>
  T get(const char* what) {
    need(sizeof(T), what);
    T value;
    std::memcpy(&value, bytes_.data() + at_, sizeof value);
    at_ += sizeof value;
    return value;
  }
  std::string_view get_bytes(std::uint64_t size, const char* what) {
    need(size, what);
    const std::string_view text = bytes_.substr(at_, size);
    at_ += size;
    return text;
  }
  [[noreturn]] void fail(std::uint64_t offset, const std::string& message) const {
    throw FormatError(file_, offset, "checkpoint: " + message);
  }
  std::size_t at() const { return at_; }
  std::size_t end() const { return bytes_.size(); }

 private:
  void need(std::uint64_t size, const char* what) const {
    if (size > bytes_.size() - at_) {
      fail(bytes_.size(), std::string("the file ends inside ") + what + " (needs " + std::to_string(size) +
                              " bytes at byte " + std::to_string(at_) + "); the file is truncated");
    }
  }
  std::string_view bytes_;
  std::string file_;
  std::size_t at_ = 0;
};

std::uint64_t hash_of(std::string_view bytes) {
  core::Fnv1a hash;
  hash.add_bytes(bytes.data(), bytes.size());
  return hash.value();
}

}  // namespace

void write_checkpoint(const std::filesystem::path& path, const Checkpoint& checkpoint) {
  Writer writer;
  writer.put_bytes(kMagic);
  writer.put(kVersion);
  writer.put(static_cast<std::uint32_t>(checkpoint.integers.size() + checkpoint.texts.size() +
                                        checkpoint.arrays.size()));
  for (const auto& [name, value] : checkpoint.integers) {
    writer.put_name(kInteger, name);
    writer.put(value);
  }
  for (const auto& [name, text] : checkpoint.texts) {
    writer.put_name(kText, name);
    writer.put(static_cast<std::uint64_t>(text.size()));
    writer.put_bytes(text);
  }
  for (const CheckpointArray& array : checkpoint.arrays) {
    std::size_t count = 1;
    for (const std::size_t dim : array.shape) count *= dim;
    if (count != array.values.size()) {
      throw ValidationError("checkpoint array '" + array.name + "' has " + std::to_string(array.values.size()) +
                            " values for a shape of " + std::to_string(count));
    }
    writer.put_name(kFloats, array.name);
    writer.put(static_cast<std::uint32_t>(array.shape.size()));
    for (const std::size_t dim : array.shape) writer.put(static_cast<std::uint64_t>(dim));
    writer.put_bytes({reinterpret_cast<const char*>(array.values.data()), array.values.size() * sizeof(float)});
  }
  writer.put(hash_of(writer.bytes()));

  core::AtomicOutput output(path, core::AtomicOutput::Kind::file);
  OutputFile file(output.temporary());
  file.write(writer.bytes());
  file.close();
  output.commit();
}

Checkpoint read_checkpoint(const std::filesystem::path& path) {
  const std::string bytes = read_file_bytes(path);
  Reader reader(bytes, path.string());
  if (reader.get_bytes(std::min(bytes.size(), kMagic.size()), "the magic") != kMagic) {
    reader.fail(0, "not a reef checkpoint (it does not start with \"REEFCKPT\")");
  }
  const auto version = reader.get<std::uint32_t>("the version");
  if (version != kVersion) {
    reader.fail(8, "version " + std::to_string(version) + " is not supported (this reef reads version " +
                       std::to_string(kVersion) + ")");
  }
  const auto records = reader.get<std::uint32_t>("the record count");
  Checkpoint checkpoint;
  for (std::uint32_t r = 0; r < records; ++r) {
    const std::size_t start = reader.at();
    const auto kind = reader.get<std::uint8_t>("a record kind");
    const auto name_size = reader.get<std::uint32_t>("a record name length");
    const std::string name(reader.get_bytes(name_size, "a record name"));
    if (kind == kInteger) {
      checkpoint.integers[name] = reader.get<std::uint64_t>("an integer");
    } else if (kind == kText) {
      const auto size = reader.get<std::uint64_t>("a text length");
      checkpoint.texts[name] = std::string(reader.get_bytes(size, "a text"));
    } else if (kind == kFloats) {
      CheckpointArray array{name, {}, {}};
      const auto rank = reader.get<std::uint32_t>("an array rank");
      if (rank > 8) reader.fail(reader.at() - 4, "array '" + name + "' claims rank " + std::to_string(rank));
      std::uint64_t count = 1;
      for (std::uint32_t k = 0; k < rank; ++k) {
        const auto dim = reader.get<std::uint64_t>("an array dimension");
        if (dim != 0 && count > (reader.end() / sizeof(float)) / dim) {
          reader.fail(reader.at() - 8, "array '" + name + "' is larger than the file");
        }
        count *= dim;
        array.shape.push_back(static_cast<std::size_t>(dim));
      }
      const std::string_view data = reader.get_bytes(count * sizeof(float), "array values");
      array.values.resize(static_cast<std::size_t>(count));
      if (!data.empty()) std::memcpy(array.values.data(), data.data(), data.size());  // an empty array has no data
      checkpoint.arrays.push_back(std::move(array));
    } else {
      reader.fail(start, "unknown record kind " + std::to_string(kind) + " (expected 1, 2 or 3)");
    }
  }
  const std::size_t body_end = reader.at();
  const auto stored = reader.get<std::uint64_t>("the checksum");
  if (reader.at() != reader.end()) reader.fail(reader.at(), "extra bytes after the checksum");
  if (stored != hash_of(std::string_view(bytes).substr(0, body_end))) {
    reader.fail(body_end, "the checksum does not match the contents; the file is damaged");
  }
  return checkpoint;
}

}  // namespace reef::io
