// Chip specs: parses configs/chips/*.yaml (built in, or any file by path) into hw::ChipSpec. Every missing, unknown,
// duplicate or out-of-range key is a ConfigError at its file:line:column naming the dotted key and the expected form.
#include "reef/hw/chip_spec.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <optional>
#include <set>
#include <sstream>

#include "reef/core/error.hpp"

namespace reef::hw {

namespace detail {
const std::vector<std::pair<std::string_view, std::string_view>>& embedded_chip_specs();
}  // namespace detail

namespace {

// A YAML value with the file it came from and its dotted key, so every problem names both.
class SpecNode {
 public:
  SpecNode(const std::string& origin, YAML::Node node, std::string path, YAML::Mark mark)
      : origin_(&origin), node_(std::move(node)), path_(std::move(path)), mark_(mark) {}

  [[noreturn]] void fail(const std::string& message) const {
    const bool known = !mark_.is_null();
    throw ConfigError(*origin_, known ? mark_.line + 1 : 1, known ? mark_.column + 1 : 1,
                      (path_.empty() ? "" : path_ + ": ") + message);
  }
  [[noreturn]] void fail_expected(std::string_view expected) const {
    std::string got = "nothing";
    if (node_.IsScalar()) got = "\"" + node_.Scalar() + "\"";
    if (node_.IsSequence()) got = "a list";
    if (node_.IsMap()) got = "a mapping";
    fail("expected " + std::string(expected) + ", got " + got);
  }

  const std::string& text(std::string_view expected) const {
    if (!node_.IsScalar() || node_.Scalar().empty()) fail_expected(expected);
    return node_.Scalar();
  }

  std::int64_t integer(std::int64_t min, std::int64_t max) const {
    const std::string expected = "an integer in " + std::to_string(min) + ".." + std::to_string(max);
    std::string_view digits = text(expected);
    const bool negative = digits.starts_with('-');
    if (negative) digits.remove_prefix(1);
    int base = 10;
    if (digits.starts_with("0x") || digits.starts_with("0X")) {
      base = 16;
      digits.remove_prefix(2);
    }
    std::uint64_t magnitude = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
    if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() ||
        magnitude > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      fail_expected(expected);
    }
    const std::int64_t value = negative ? -static_cast<std::int64_t>(magnitude) : static_cast<std::int64_t>(magnitude);
    if (value < min || value > max) fail_expected(expected);
    return value;
  }

  std::uint32_t count(std::uint32_t min = 0) const {
    return static_cast<std::uint32_t>(integer(min, std::numeric_limits<std::uint32_t>::max()));
  }

  bool boolean() const {
    const std::string& value = text("true or false");
    if (value == "true") return true;
    if (value == "false") return false;
    fail_expected("true or false");
  }

  std::vector<SpecNode> items(std::string_view expected) const {
    if (!node_.IsSequence()) fail_expected(expected);
    std::vector<SpecNode> out;
    for (std::size_t i = 0; i < node_.size(); ++i) {
      out.emplace_back(*origin_, node_[i], path_ + "[" + std::to_string(i) + "]", node_[i].Mark());
    }
    return out;
  }

  const YAML::Node& yaml() const { return node_; }
  const std::string& origin() const { return *origin_; }
  const std::string& path() const { return path_; }

 private:
  const std::string* origin_;
  YAML::Node node_;
  std::string path_;
  YAML::Mark mark_;
};

// A mapping whose keys must all be in `keys`, each present exactly once.
class SpecMap {
 public:
  SpecMap(const SpecNode& node, std::initializer_list<std::string_view> keys) : node_(node) {
    if (!node.yaml().IsMap()) node.fail_expected("a mapping with keys " + joined(keys));
    std::set<std::string> seen;
    for (const auto& entry : node.yaml()) {
      const SpecNode key(node.origin(), entry.first, node.path(), entry.first.Mark());
      const std::string& name = key.text("a key");
      if (std::find(keys.begin(), keys.end(), name) == keys.end()) {
        key.fail("unknown key \"" + name + "\"; expected one of " + joined(keys));
      }
      if (!seen.insert(name).second) key.fail("duplicate key \"" + name + "\"");
      values_.emplace_back(name, SpecNode(node.origin(), entry.second,
                                          node.path().empty() ? name : node.path() + "." + name, entry.first.Mark()));
    }
    for (std::string_view key : keys) {
      if (!seen.contains(std::string(key))) node.fail("missing key \"" + std::string(key) + "\"");
    }
  }

  const SpecNode& at(std::string_view key) const {
    return std::find_if(values_.begin(), values_.end(), [&](const auto& v) { return v.first == key; })->second;
  }

 private:
  static std::string joined(std::initializer_list<std::string_view> keys) {
    std::string out;
    for (std::string_view key : keys) out += (out.empty() ? "" : ", ") + std::string(key);
    return out;
  }

  SpecNode node_;
  std::vector<std::pair<std::string, SpecNode>> values_;
};

IntRange parse_range(const SpecNode& node) {
  const auto items = node.items("[min, max]");
  if (items.size() != 2) node.fail_expected("[min, max]");
  constexpr std::int64_t kLimit = std::int64_t{1} << 32;
  IntRange range{items[0].integer(-kLimit, kLimit), items[1].integer(-kLimit, kLimit)};
  if (range.min > range.max) node.fail("min " + std::to_string(range.min) + " is above max " +
                                       std::to_string(range.max));
  return range;
}

void parse_neurons(const SpecNode& node, ChipSpec& spec) {
  const SpecMap map(node, {"inputs", "hidden", "outputs", "synapses_per_hidden", "writes_synapse2", "input_expansion",
                           "output_expansion", "max_fan_out", "max_fan_in", "recurrent_memory_entries",
                           "alias_targets", "bias"});
  spec.max_inputs = map.at("inputs").count(1);
  spec.max_hidden = map.at("hidden").count(1);
  spec.max_outputs = map.at("outputs").count(1);
  spec.synapses_per_hidden = static_cast<std::uint32_t>(map.at("synapses_per_hidden").integer(1, 2));
  spec.writes_synapse2 = map.at("writes_synapse2").boolean();
  spec.input_expansion_neurons = static_cast<std::uint32_t>(map.at("input_expansion").integer(0, spec.max_hidden));
  spec.output_expansion_neurons = static_cast<std::uint32_t>(map.at("output_expansion").integer(0, spec.max_hidden));
  spec.max_fan_out = map.at("max_fan_out").count(1);
  spec.max_fan_in = map.at("max_fan_in").count();
  spec.recurrent_memory_entries = map.at("recurrent_memory_entries").count(1);
  spec.max_alias_targets = map.at("alias_targets").count();
  spec.has_bias = map.at("bias").boolean();
  if (spec.writes_synapse2 && spec.synapses_per_hidden < 2) {
    map.at("writes_synapse2").fail("a chip with synapses_per_hidden 1 cannot write synapse-2 weights");
  }
}

MemoryRegion parse_region(const SpecNode& node) {
  const SpecMap map(node, {"name", "base", "words", "content"});
  return MemoryRegion{map.at("name").text("a memory name"), map.at("base").count(), map.at("words").count(1),
                      map.at("content").text("a one-line description")};
}

ChipSpec parse_spec(const SpecNode& root) {
  const SpecMap map(root, {"id", "name", "part", "revision", "aliases", "neurons", "events_per_step", "ranges",
                           "memory"});
  ChipSpec spec;
  spec.id = map.at("id").text("a chip id such as xylo-audio2");
  spec.name = map.at("name").text("a chip name");
  spec.part = map.at("part").text("a part number");
  spec.revision = map.at("revision").count();
  for (const SpecNode& alias : map.at("aliases").items("a list of names")) {
    spec.aliases.push_back(alias.text("a name"));
  }
  parse_neurons(map.at("neurons"), spec);

  const SpecMap caps(map.at("events_per_step"), {"input", "hidden", "output"});
  spec.max_input_events_per_step = caps.at("input").count(1);
  spec.max_hidden_spikes_per_step = caps.at("hidden").count(1);
  spec.max_output_spikes_per_step = caps.at("output").count(1);

  const SpecMap ranges(map.at("ranges"), {"weight", "threshold", "state", "bias", "dash", "weight_shift"});
  spec.weight = parse_range(ranges.at("weight"));
  spec.threshold = parse_range(ranges.at("threshold"));
  spec.state = parse_range(ranges.at("state"));
  spec.bias = parse_range(ranges.at("bias"));
  spec.dash = parse_range(ranges.at("dash"));
  spec.weight_shift = parse_range(ranges.at("weight_shift"));
  if (spec.dash.min < 0) ranges.at("dash").fail("a bitshift decay cannot be negative");
  if (spec.weight_shift.min < 0) ranges.at("weight_shift").fail("a weight shift cannot be negative");

  for (const SpecNode& region : map.at("memory").items("a list of {name, base, words, content}")) {
    spec.memory.push_back(parse_region(region));
  }
  return spec;
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

ChipSpec parse_chip_spec(std::string_view yaml_text, const std::string& origin) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& error) {
    const bool known = !error.mark.is_null();
    throw ConfigError(origin, known ? error.mark.line + 1 : 1, known ? error.mark.column + 1 : 1,
                      "invalid YAML: " + error.msg);
  }
  return parse_spec(SpecNode(origin, root, "", root.Mark()));
}

ChipSpec load_chip_spec(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path.string(), 1, 1, "cannot read chip spec file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_chip_spec(text.str(), path.string());
}

const std::vector<ChipSpec>& builtin_chips() {
  static const std::vector<ChipSpec> chips = [] {
    std::vector<ChipSpec> out;
    for (const auto& [file, text] : detail::embedded_chip_specs()) {
      out.push_back(parse_chip_spec(text, "configs/chips/" + std::string(file)));
    }
    std::sort(out.begin(), out.end(), [](const ChipSpec& a, const ChipSpec& b) { return a.id < b.id; });
    return out;
  }();
  return chips;
}

ChipSpec find_chip(std::string_view name) {
  const std::string wanted = lowercase(name);
  for (const ChipSpec& chip : builtin_chips()) {
    if (lowercase(chip.id) == wanted) return chip;
    for (const std::string& alias : chip.aliases) {
      if (lowercase(alias) == wanted) return chip;
    }
  }
  const std::filesystem::path path{std::string(name)};
  std::error_code ignored;
  if (std::filesystem::is_regular_file(path, ignored)) return load_chip_spec(path);
  std::string known;
  for (const ChipSpec& chip : builtin_chips()) {
    known += (known.empty() ? "" : ", ") + chip.id;
    for (std::size_t i = 0; i < chip.aliases.size(); ++i) known += (i == 0 ? " (" : ", ") + chip.aliases[i];
    if (!chip.aliases.empty()) known += ")";
  }
  throw UsageError("unknown chip \"" + std::string(name) + "\": give a built-in chip (" + known +
                   ") or the path of a chip spec file");
}

}  // namespace reef::hw
