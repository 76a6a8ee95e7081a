// Located YAML nodes and checked mappings for the network config: where each error points and how unknown or
// duplicate keys are reported (with the closest valid key suggested).
#include "config_node.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

#include "reef/core/error.hpp"

namespace reef::io::detail {

namespace {

constexpr std::size_t kMaxQuotedLength = 60;

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::optional<std::string_view> closest_match(std::string_view word, const std::vector<std::string_view>& candidates) {
  if (word.empty()) return std::nullopt;
  constexpr std::size_t kMinPrefix = 3;
  const std::size_t max_distance = std::min(word.size() - 1, std::max<std::size_t>(2, word.size() / 3));
  std::optional<std::string_view> best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  for (std::string_view candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    const bool prefix = std::min(word.size(), candidate.size()) >= kMinPrefix &&
                        (word.starts_with(candidate) || candidate.starts_with(word));
    if ((distance <= max_distance || prefix) && distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates) {
  const auto match = closest_match(word, candidates);
  return match ? " (did you mean \"" + std::string(*match) + "\"?)" : "";
}

std::string join_names(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::string_view name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

std::string child_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

ConfigNode::ConfigNode(const ConfigSource& source, YAML::Node node, std::string path, YAML::Mark key_mark)
    : source_(&source), node_(std::move(node)), path_(std::move(path)), key_mark_(key_mark) {}

ConfigNode ConfigNode::root(const ConfigSource& source, YAML::Node node) {
  const YAML::Mark mark = node.Mark();
  return ConfigNode(source, std::move(node), "", mark);
}

const std::string& ConfigNode::text(std::string_view expected) const {
  if (!is_scalar()) fail_expected(expected);
  return node_.Scalar();
}

std::vector<ConfigNode> ConfigNode::items(std::string_view expected) const {
  if (!is_sequence()) fail_expected(expected);
  std::vector<ConfigNode> out;
  out.reserve(node_.size());
  std::size_t index = 0;
  for (const YAML::Node& item : node_) {
    const YAML::Mark mark = item.Mark().is_null() ? node_.Mark() : item.Mark();
    out.emplace_back(*source_, item, path_ + "[" + std::to_string(index++) + "]", mark);
  }
  return out;
}

std::string ConfigNode::describe() const {
  if (is_null()) return "nothing";
  if (is_sequence()) return "a list";
  if (is_map()) return "a mapping";
  const std::string& value = node_.Scalar();
  if (value.size() > kMaxQuotedLength) return "\"" + value.substr(0, kMaxQuotedLength) + "...\"";
  return "\"" + value + "\"";
}

void ConfigNode::fail(const std::string& message) const {
  fail_at(is_null() || node_.Mark().is_null() ? key_mark_ : node_.Mark(), message);
}

void ConfigNode::fail_expected(std::string_view expected) const {
  fail("expected " + std::string(expected) + ", got " + describe());
}

void ConfigNode::fail_at_key(const std::string& message) const { fail_at(key_mark_, message); }

void ConfigNode::fail_at(const YAML::Mark& mark, const std::string& message) const {
  const int line = mark.is_null() ? 1 : mark.line + 1;
  const int column = mark.is_null() ? 1 : mark.column + 1;
  throw ConfigError(source_->display_name, line, column, path_.empty() ? message : path_ + ": " + message);
}

ConfigMap::ConfigMap(const ConfigNode& node, std::string_view expected) : node_(node) {
  if (!node.is_map()) node.fail_expected(expected);
  for (auto it = node.node_.begin(); it != node.node_.end(); ++it) {
    // A copy: yaml-cpp's iterator hands out a temporary pair, so a reference into it would dangle.
    const YAML::Node key = it->first;
    ConfigNode key_node(*node.source_, key, node.path_, key.Mark());
    if (!key.IsScalar()) key_node.fail("expected a plain key, got " + key_node.describe());
    const std::string& name = key.Scalar();
    ConfigNode value(*node.source_, it->second, child_path(node.path_, name), key.Mark());
    if (find(name)) key_node.fail("duplicate key \"" + name + "\" (each key may appear once)");
    entries_.push_back(Entry{name, std::move(key_node), std::move(value)});
  }
}

ConfigMap::ConfigMap(const ConfigNode& node, std::initializer_list<std::string_view> allowed,
                     std::string_view expected)
    : ConfigMap(node, expected) {
  const std::vector<std::string_view> keys(allowed);
  for (const Entry& entry : entries_) {
    if (std::find(keys.begin(), keys.end(), entry.key) != keys.end()) continue;
    entry.key_node.fail("unknown key \"" + entry.key + "\"" + did_you_mean(entry.key, keys) +
                        "; expected one of: " + join_names(keys));
  }
}

ConfigMap ConfigMap::open(const ConfigNode& node, std::string_view expected) { return ConfigMap(node, expected); }

std::optional<ConfigNode> ConfigMap::find(std::string_view key) const {
  for (const Entry& entry : entries_)
    if (entry.key == key) return entry.value;
  return std::nullopt;
}

ConfigNode ConfigMap::at(std::string_view key, std::string_view expected) const {
  if (auto value = find(key)) return *value;
  node_.fail_at_key("missing required key \"" + std::string(key) + "\" (" + std::string(expected) + ")");
}

void ConfigMap::reject(std::string_view key, const std::string& why) const {
  if (const auto value = find(key)) value->fail_at_key(why);
}

}  // namespace reef::io::detail
