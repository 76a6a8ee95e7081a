// NPY element types: which descrs reef reads, and decoding one element of either byte order into a double.
#include <bit>
#include <cmath>
#include <string_view>

#include "npy_format.hpp"

namespace reef::io {
namespace {

std::uint64_t load_unsigned(const unsigned char* bytes, std::size_t size, bool big_endian) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < size; ++i) {
    const std::size_t byte = big_endian ? i : size - 1 - i;
    value = (value << 8) | bytes[byte];
  }
  return value;
}

double half_to_double(std::uint16_t half) {
  const int exponent = (half >> 10) & 0x1f;
  const int mantissa = half & 0x3ff;
  double magnitude = 0.0;
  if (exponent == 0) {
    magnitude = std::ldexp(mantissa, -24);
  } else if (exponent == 0x1f) {
    magnitude = mantissa == 0 ? INFINITY : NAN;
  } else {
    magnitude = std::ldexp(mantissa + 1024, exponent - 25);
  }
  return (half & 0x8000) != 0 ? -magnitude : magnitude;
}

const char* unsupported_kind(char kind) {
  switch (kind) {
    case 'c': return "complex numbers";
    case 'O': return "Python objects";
    case 'S': case 'a': case 'U': return "strings";
    case 'V': return "raw or structured records";
    case 'M': case 'm': return "dates and time deltas";
    default: return "an unknown type";
  }
}

}  // namespace

double NpyDtype::decode(const unsigned char* bytes) const {
  const std::uint64_t raw = load_unsigned(bytes, size, big_endian);
  switch (kind) {
    case Kind::boolean:
      return raw != 0 ? 1.0 : 0.0;
    case Kind::unsigned_int:
      return static_cast<double>(raw);
    case Kind::signed_int: {
      const unsigned shift = static_cast<unsigned>(64 - 8 * size);
      return static_cast<double>(static_cast<std::int64_t>(raw << shift) >> shift);
    }
    case Kind::floating:
      break;
  }
  if (size == 2) return half_to_double(static_cast<std::uint16_t>(raw));
  if (size == 4) return static_cast<double>(std::bit_cast<float>(static_cast<std::uint32_t>(raw)));
  return std::bit_cast<double>(raw);
}

std::optional<std::int64_t> NpyDtype::decode_integer(const unsigned char* bytes) const {
  const std::uint64_t raw = load_unsigned(bytes, size, big_endian);
  if (kind == Kind::signed_int) {
    const unsigned shift = static_cast<unsigned>(64 - 8 * size);
    return static_cast<std::int64_t>(raw << shift) >> shift;
  }
  if (kind == Kind::boolean) return raw != 0 ? 1 : 0;
  if (raw > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
  return static_cast<std::int64_t>(raw);
}

bool parse_npy_dtype(std::string_view descr, NpyDtype& dtype, std::string& why) {
  const char kind = descr.size() >= 2 ? descr[1] : '\0';
  if (std::string_view("biuf").find(kind) == std::string_view::npos) {
    why = unsupported_kind(kind);
    return false;
  }
  std::size_t size = 0;
  for (const char c : descr.substr(2)) {
    if (c < '0' || c > '9' || size > 16) {
      why = "an unknown type";
      return false;
    }
    size = size * 10 + static_cast<std::size_t>(c - '0');
  }
  if (std::string_view("<>|=").find(descr[0]) == std::string_view::npos) {
    why = "an unknown byte order";
    return false;
  }
  const bool integer_size = size == 1 || size == 2 || size == 4 || size == 8;
  if (kind == 'b' && size == 1) {
    dtype.kind = NpyDtype::Kind::boolean;
  } else if (kind == 'i' && integer_size) {
    dtype.kind = NpyDtype::Kind::signed_int;
  } else if (kind == 'u' && integer_size) {
    dtype.kind = NpyDtype::Kind::unsigned_int;
  } else if (kind == 'f' && (size == 2 || size == 4 || size == 8)) {
    dtype.kind = NpyDtype::Kind::floating;
  } else {
    why = "an unsupported element size";
    return false;
  }
  if (descr[0] == '|' && size != 1) {
    why = "a multi-byte type without a byte order";
    return false;
  }
  dtype.size = size;
  dtype.big_endian = descr[0] == '>' || (descr[0] == '=' && std::endian::native == std::endian::big);
  return true;
}

}  // namespace reef::io
