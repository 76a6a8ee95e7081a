// A YAML node of a network config that knows its file, line, column and dotted path, so every problem with it
// becomes a ConfigError naming all of them; ConfigMap adds the key rules every section follows (duplicate and
// unknown keys are errors, with the closest valid key suggested).
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reef::io::detail {

// The config being parsed: the name errors show and the folder relative file references are resolved against.
struct ConfigSource {
  std::string display_name;
  std::filesystem::path base_dir;
};

class ConfigNode {
 public:
  // `key_mark`: where the key that introduced this node is (for a sequence item or the root: the node itself).
  ConfigNode(const ConfigSource& source, YAML::Node node, std::string path, YAML::Mark key_mark);
  static ConfigNode root(const ConfigSource& source, YAML::Node node);

  const ConfigSource& source() const { return *source_; }
  const std::string& path() const { return path_; }
  bool is_null() const { return node_.IsNull() || !node_.IsDefined(); }
  bool is_scalar() const { return node_.IsScalar(); }
  bool is_sequence() const { return node_.IsSequence(); }
  bool is_map() const { return node_.IsMap(); }
  // The scalar's text; fails with "expected <expected>" unless this is a scalar.
  const std::string& text(std::string_view expected) const;
  // The items of a sequence, paths "<path>[i]"; fails with "expected <expected>" unless this is a sequence.
  std::vector<ConfigNode> items(std::string_view expected) const;
  // How the value reads in a message: "\"-5 ms\"", "a list", "a mapping", "nothing".
  std::string describe() const;

  // "<file>:<line>:<column>: <path>: <message>" at this value (or at its key when the value is empty).
  [[noreturn]] void fail(const std::string& message) const;
  // fail("expected <expected>, got <describe()>").
  [[noreturn]] void fail_expected(std::string_view expected) const;
  // fail(message), but located at the key that introduced this node (for problems with the whole entry).
  [[noreturn]] void fail_at_key(const std::string& message) const;

 private:
  friend class ConfigMap;
  [[noreturn]] void fail_at(const YAML::Mark& mark, const std::string& message) const;

  const ConfigSource* source_;
  YAML::Node node_;
  std::string path_;
  YAML::Mark key_mark_;
};

// A mapping whose keys are checked once: each key is a scalar and appears once, and (unless the map is `open`, as
// for user-chosen names) each is one of `allowed`. Entries keep document order.
class ConfigMap {
 public:
  struct Entry {
    std::string key;
    ConfigNode key_node;
    ConfigNode value;
  };

  ConfigMap(const ConfigNode& node, std::initializer_list<std::string_view> allowed, std::string_view expected);
  // Any keys (names chosen by the user), still unique.
  static ConfigMap open(const ConfigNode& node, std::string_view expected);

  const ConfigNode& node() const { return node_; }
  const std::vector<Entry>& entries() const { return entries_; }
  bool has(std::string_view key) const { return find(key).has_value(); }
  std::optional<ConfigNode> find(std::string_view key) const;
  // The value of a required key; when missing, fails at this map's key with the form the value should have.
  ConfigNode at(std::string_view key, std::string_view expected) const;
  // Fails at `key` with "<why>" if it is present.
  void reject(std::string_view key, const std::string& why) const;

 private:
  ConfigMap(const ConfigNode& node, std::string_view expected);

  ConfigNode node_;
  std::vector<Entry> entries_;
};

// The candidate closest to `word` if it is close enough to be a plausible typo of it.
std::optional<std::string_view> closest_match(std::string_view word, const std::vector<std::string_view>& candidates);
// " (did you mean \"x\"?)" for the closest candidate, or "" when none is close.
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);
// "a, b, c".
std::string join_names(const std::vector<std::string_view>& names);

// Joins a parent path and a key into a dotted path ("populations" + "exc" -> "populations.exc").
std::string child_path(const std::string& parent, std::string_view key);

}  // namespace reef::io::detail
