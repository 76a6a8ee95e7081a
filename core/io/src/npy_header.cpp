// The NPY preamble and header: magic, version, header length, and the Python-literal dictionary
// {'descr': ..., 'fortran_order': ..., 'shape': (...)} parsed here (not evaluated), so every error has an offset.
#include <algorithm>
#include <cctype>
#include <limits>
#include <map>

#include "npy_format.hpp"
#include "reef/core/error.hpp"

namespace reef::io {
namespace {

// One Python literal as numpy writes them: str, int, bool, None, tuple, list, dict.
struct Literal {
  enum class Kind { string, integer, boolean, none, tuple, list, dict };
  Kind kind = Kind::none;
  std::size_t begin = 0;  // position of its first character in the header text
  std::size_t end = 0;    // one past its last character
  std::string text;       // string value
  std::uint64_t integer = 0;
  bool negative = false;
  bool boolean = false;
  std::vector<Literal> items;  // tuple and list elements; dict keys and values, alternating
};

class LiteralParser {
 public:
  LiteralParser(std::string_view text, std::uint64_t base, const std::string& file, bool long_suffix)
      : text_(text), base_(base), file_(file), long_suffix_(long_suffix) {}

  // The whole header: one literal followed only by whitespace.
  Literal parse_header() {
    Literal value = parse_value();
    skip_space();
    if (pos_ != text_.size()) fail(pos_, "expected the end of the header after the dictionary");
    return value;
  }

  [[noreturn]] void fail(std::size_t pos, const std::string& message) const {
    throw FormatError(file_, base_ + pos, "NPY header: " + message);
  }

 private:
  void skip_space() {
    while (pos_ < text_.size() && std::string_view(" \t\n\r\f\v").find(text_[pos_]) != std::string_view::npos) ++pos_;
  }

  bool at(char c) {
    skip_space();
    return pos_ < text_.size() && text_[pos_] == c;
  }

  bool consume_word(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    const std::size_t after = pos_ + word.size();
    if (after < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[after])) || text_[after] == '_')) {
      return false;
    }
    pos_ = after;
    return true;
  }

  Literal parse_value() {
    skip_space();
    if (depth_ == kMaxDepth) fail(pos_, "values nested more than " + std::to_string(kMaxDepth) + " deep");
    ++depth_;
    Literal value;
    value.begin = pos_;
    if (pos_ >= text_.size()) fail(pos_, "expected a value, found the end of the header");
    const char c = text_[pos_];
    if (c == '\'' || c == '"') {
      parse_string(value);
    } else if (c == '-' || c == '+' || (c >= '0' && c <= '9')) {
      parse_integer(value);
    } else if (c == '(' || c == '[') {
      parse_sequence(value);
    } else if (c == '{') {
      parse_dict(value);
    } else if (consume_word("True") || consume_word("False")) {
      value.kind = Literal::Kind::boolean;
      value.boolean = c == 'T';
    } else if (consume_word("None")) {
      value.kind = Literal::Kind::none;
    } else {
      fail(pos_, "expected a string, integer, True, False, None, tuple, list or dict");
    }
    value.end = pos_;
    --depth_;
    return value;
  }

  void parse_string(Literal& value) {
    const char quote = text_[pos_++];
    value.kind = Literal::Kind::string;
    while (true) {
      if (pos_ >= text_.size() || text_[pos_] == '\n') fail(value.begin, "string is not closed");
      const char c = text_[pos_++];
      if (c == quote) return;
      if (c == '\\') {
        if (pos_ >= text_.size()) fail(value.begin, "string is not closed");
        value.text += text_[pos_++];
      } else {
        value.text += c;
      }
    }
  }

  void parse_integer(Literal& value) {
    value.kind = Literal::Kind::integer;
    if (text_[pos_] == '-' || text_[pos_] == '+') value.negative = text_[pos_++] == '-';
    const std::size_t digits = pos_;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      const auto digit = static_cast<std::uint64_t>(text_[pos_] - '0');
      if (value.integer > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
        fail(value.begin, "integer too large");
      }
      value.integer = value.integer * 10 + digit;
      ++pos_;
    }
    if (pos_ == digits) fail(pos_, "expected digits");
    if (long_suffix_ && pos_ < text_.size() && (text_[pos_] == 'L' || text_[pos_] == 'l')) ++pos_;
    if (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.')) {
      fail(value.begin, "expected an integer");
    }
  }

  // "(a, b)" and "(a,)" are tuples, "()" the empty tuple, "(a)" just a; "[...]" is a list.
  void parse_sequence(Literal& value) {
    const char close = text_[pos_] == '(' ? ')' : ']';
    value.kind = close == ')' ? Literal::Kind::tuple : Literal::Kind::list;
    ++pos_;
    bool comma = false;
    while (!at(close)) {
      value.items.push_back(parse_value());
      if (!at(',')) break;
      ++pos_;
      comma = true;
    }
    if (!at(close)) fail(pos_, std::string("expected ',' or '") + close + "'");
    ++pos_;
    if (close == ')' && value.items.size() == 1 && !comma) {
      const std::size_t begin = value.begin;
      value = Literal(value.items.front());
      value.begin = begin;
    }
  }

  void parse_dict(Literal& value) {
    value.kind = Literal::Kind::dict;
    ++pos_;
    while (!at('}')) {
      value.items.push_back(parse_value());
      if (!at(':')) fail(pos_, "expected ':' after a dictionary key");
      ++pos_;
      value.items.push_back(parse_value());
      if (!at(',')) break;
      ++pos_;
    }
    if (!at('}')) fail(pos_, "expected ',' or '}'");
    ++pos_;
  }

  static constexpr int kMaxDepth = 32;  // numpy's headers nest three deep; this bounds the recursion on bad input

  std::string_view text_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  std::uint64_t base_;
  const std::string& file_;
  bool long_suffix_;
};

std::uint64_t read_little_endian(std::string_view bytes, std::size_t offset, std::size_t size) {
  std::uint64_t value = 0;
  for (std::size_t i = size; i-- > 0;) value = (value << 8) | static_cast<unsigned char>(bytes[offset + i]);
  return value;
}

void require_bytes(std::string_view bytes, std::size_t needed, const std::string& file, const char* what) {
  if (bytes.size() < needed) {
    throw FormatError(file, bytes.size(), std::string("file ends inside the NPY ") + what + " (" +
                                              std::to_string(needed) + " bytes needed)");
  }
}

// A structured descr: a list of (name, type) tuples; '|V<n>' types are padding.
void read_record_fields(const Literal& descr, const LiteralParser& parser, NpyHeader& header) {
  for (const Literal& item : descr.items) {
    if (item.kind != Literal::Kind::tuple || item.items.size() != 2 || item.items[0].kind != Literal::Kind::string ||
        item.items[1].kind != Literal::Kind::string) {
      parser.fail(item.begin, "expected a (name, type) pair in the record description (sub-arrays are not read)");
    }
    const std::string& type = item.items[1].text;
    std::size_t size = 0;
    if (type.size() > 2 && type[0] == '|' && type[1] == 'V' && type.size() < 10 &&
        type.find_first_not_of("0123456789", 2) == std::string::npos) {
      size = std::stoul(type.substr(2));
    } else {
      NpyField field{item.items[0].text, {}, header.record_size};
      std::string why;
      if (!parse_npy_dtype(type, field.dtype, why)) {
        parser.fail(item.items[1].begin, "unsupported type '" + type + "' of field '" + field.name + "' (" + why + ")");
      }
      size = field.dtype.size;
      header.fields.push_back(std::move(field));
    }
    header.record_size += size;
  }
  if (header.record_size == 0) parser.fail(descr.begin, "the record description has no fields");
}

void read_dictionary(const Literal& dict, std::string_view text, std::uint64_t base, const LiteralParser& parser,
                     NpyHeader& header, bool allow_records) {
  if (dict.kind != Literal::Kind::dict) parser.fail(dict.begin, "expected a dictionary");
  std::map<std::string, const Literal*> entries;
  for (std::size_t i = 0; i < dict.items.size(); i += 2) {
    const Literal& key = dict.items[i];
    if (key.kind != Literal::Kind::string) parser.fail(key.begin, "expected a string key");
    if (key.text != "descr" && key.text != "fortran_order" && key.text != "shape") {
      parser.fail(key.begin, "unexpected key '" + key.text + "' (expected 'descr', 'fortran_order' and 'shape')");
    }
    if (!entries.emplace(key.text, &dict.items[i + 1]).second) {
      parser.fail(key.begin, "duplicate key '" + key.text + "'");
    }
  }
  for (const char* key : {"descr", "fortran_order", "shape"}) {
    if (entries.count(key) == 0) parser.fail(dict.begin, std::string("missing key '") + key + "'");
  }

  const Literal& descr = *entries["descr"];
  std::string why = "structured records";
  if (descr.kind == Literal::Kind::list && allow_records) {
    read_record_fields(descr, parser, header);
  } else if (descr.kind != Literal::Kind::string || !parse_npy_dtype(descr.text, header.dtype, why)) {
    const std::string shown(text.substr(descr.begin, descr.end - descr.begin));
    parser.fail(descr.begin, "unsupported dtype " + shown + " (" + why +
                                 "); reef reads bool, int8..int64, uint8..uint64 and float16/32/64");
  }
  header.descr = descr.text;

  const Literal& fortran = *entries["fortran_order"];
  if (fortran.kind != Literal::Kind::boolean) parser.fail(fortran.begin, "'fortran_order' must be True or False");
  header.fortran_order = fortran.boolean;

  const Literal& shape = *entries["shape"];
  if (shape.kind != Literal::Kind::tuple) parser.fail(shape.begin, "'shape' must be a tuple of integers");
  header.shape_offset = base + shape.begin;
  for (const Literal& dim : shape.items) {
    if (dim.kind != Literal::Kind::integer || dim.negative) {
      parser.fail(dim.begin, "'shape' must hold non-negative integers");
    }
    header.shape.push_back(static_cast<std::size_t>(dim.integer));
  }
}

}  // namespace

std::string npy_shape_text(std::span<const std::size_t> shape) {
  std::string text = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) text += (i > 0 ? ", " : "") + std::to_string(shape[i]);
  return text + (shape.size() == 1 ? ",)" : ")");
}

NpyHeader parse_npy_header(std::string_view bytes, const std::string& file, bool allow_records) {
  const std::size_t magic_size = std::min(bytes.size(), kNpyMagic.size());
  if (bytes.substr(0, magic_size) != kNpyMagic.substr(0, magic_size)) {
    throw FormatError(file, 0, "not an NPY file (it does not start with \\x93NUMPY)");
  }
  require_bytes(bytes, 8, file, "preamble");
  const auto major = static_cast<unsigned char>(bytes[6]);
  const auto minor = static_cast<unsigned char>(bytes[7]);
  if (major < 1 || major > 3 || minor != 0) {
    throw FormatError(file, 6, "unsupported NPY format version " + std::to_string(major) + "." +
                                   std::to_string(minor) + " (reef reads 1.0, 2.0 and 3.0)");
  }
  const std::size_t length_size = major == 1 ? 2 : 4;
  require_bytes(bytes, 8 + length_size, file, "preamble");
  const std::uint64_t header_length = read_little_endian(bytes, 8, length_size);
  const std::uint64_t header_start = 8 + length_size;
  if (header_length > bytes.size() - header_start) {
    throw FormatError(file, 8, "header length " + std::to_string(header_length) + " runs past the end of the file (" +
                                   std::to_string(bytes.size()) + " bytes)");
  }
  const std::string_view text = bytes.substr(header_start, header_length);
  LiteralParser parser(text, header_start, file, major < 3);
  NpyHeader header;
  read_dictionary(parser.parse_header(), text, header_start, parser, header, allow_records);
  header.data_offset = header_start + header_length;
  return header;
}

std::string encode_npy_header(std::string_view descr, std::span<const std::size_t> shape) {
  std::string dict = "{'descr': '" + std::string(descr) + "', 'fortran_order': False, 'shape': " +
                     npy_shape_text(shape) + ", }";
  const auto padded_total = [&](std::size_t preamble) { return (preamble + dict.size() + 1 + 63) / 64 * 64; };
  const bool version1 = padded_total(10) - 10 <= std::numeric_limits<std::uint16_t>::max();
  const std::size_t preamble = version1 ? 10 : 12;
  const std::size_t total = padded_total(preamble);
  dict.append(total - preamble - dict.size() - 1, ' ');
  dict += '\n';
  std::string out(kNpyMagic);
  out += static_cast<char>(version1 ? 1 : 2);
  out += '\0';
  std::uint64_t length = dict.size();
  for (std::size_t i = 0; i < preamble - 8; ++i, length >>= 8) out += static_cast<char>(length & 0xff);
  return out + dict;
}

}  // namespace reef::io
