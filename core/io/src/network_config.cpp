// The network config loader: the YAML document, its top-level keys (name, seed, duration), then each section in
// a fixed order — populations, inputs, projections, record — and a final graph validation.
#include "reef/io/network_config.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "config_document.hpp"
#include "config_node.hpp"
#include "config_sections.hpp"
#include "config_values.hpp"
#include "reef/core/error.hpp"

namespace reef::io {

namespace {

using detail::ConfigMap;
using detail::ConfigNode;

constexpr std::string_view kRootForm = "a mapping with populations and optionally name, seed, duration, inputs, "
                                       "projections, record";
constexpr std::uint64_t kDefaultSeed = 1;

}  // namespace

void detail::ConfigGraph::add_node(core::Node node) {
  node_names.push_back(node.name);
  builder.add_node(std::move(node));
}

NetworkConfig parse_network_config(std::string_view yaml, const std::string& display_name,
                                   const std::filesystem::path& base_dir, const ConfigOverrides& overrides) {
  const detail::ConfigSource source{display_name, base_dir};
  const ConfigNode root = ConfigNode::root(source, detail::load_single_document(yaml, display_name));
  const ConfigMap spec(root, {"name", "seed", "duration", "populations", "inputs", "projections", "record"},
                       kRootForm);

  NetworkConfig config;
  config.name = std::filesystem::path(display_name).stem().string();
  if (const auto name = spec.find("name")) {
    config.name = name->text("a name such as cuba");
    if (config.name.empty()) name->fail_expected("a name such as cuba");
  }
  const auto seed = spec.find("seed");
  config.seed = seed ? detail::parse_unsigned(*seed) : kDefaultSeed;
  if (overrides.seed) config.seed = *overrides.seed;
  if (const auto duration = spec.find("duration"))
    config.duration = detail::parse_time(*duration, detail::DurationRange::positive);

  detail::ConfigGraph graph;
  detail::add_populations(spec.at("populations", "a mapping of population names to their specs"), config.seed,
                          graph);
  if (const auto inputs = spec.find("inputs")) detail::add_inputs(*inputs, config.seed, graph);
  if (const auto projections = spec.find("projections")) detail::add_projections(*projections, config.seed, graph);
  if (const auto record = spec.find("record")) config.record = detail::parse_record(*record, graph);
  try {
    config.graph = std::move(graph.builder).build();
  } catch (const ValidationError& error) {
    root.fail(std::string("invalid network: ") + error.what());
  }
  return config;
}

NetworkConfig load_network_config(const std::filesystem::path& path, const ConfigOverrides& overrides) {
  const std::string display_name = path.string();
  std::error_code error;
  if (std::filesystem::is_directory(path, error))
    throw ConfigError(display_name, 1, 1, "cannot read the config: it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(display_name, 1, 1, std::string("cannot read the config: ") + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw ConfigError(display_name, 1, 1, "cannot read the config: read error");
  return parse_network_config(text.str(), display_name, path.parent_path(), overrides);
}

}  // namespace reef::io
