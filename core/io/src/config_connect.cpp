// Connectivity rules of the config — all_to_all, one_to_one, fixed_probability, fixed_indegree, list, dense —
// with their options checked against the populations' sizes before anything is generated.
#include "config_connect.hpp"

#include <cmath>
#include <string>
#include <utility>

#include "config_values.hpp"
#include "reef/core/random.hpp"
#include "reef/io/npy.hpp"

namespace reef::io::detail {

namespace {

constexpr std::string_view kConnectForm = "a mapping such as {rule: fixed_probability, p: 0.1}";
constexpr std::string_view kRuleForm = "one of all_to_all, one_to_one, fixed_probability, fixed_indegree, list, dense";
// A generated synapse costs a 4-byte target index, and 8 more bytes while it is built (fixed_indegree).
constexpr double kBytesPerSynapse = 12.0;
constexpr std::string_view kPairsForm = "a list of [source, target] index pairs such as [[0, 1], [2, 0]]";

bool parse_flag(const ConfigMap& spec, std::string_view key, bool fallback) {
  const auto value = spec.find(key);
  return value ? parse_bool(*value) : fallback;
}

std::uint32_t parse_index(const ConfigNode& node, std::size_t count, std::string_view what) {
  const std::uint64_t index = parse_unsigned(node);
  if (index >= count)
    node.fail("expected a " + std::string(what) + " index below " + std::to_string(count) + ", got " +
              node.describe());
  return static_cast<std::uint32_t>(index);
}

core::CsrTopology fixed_probability(const ConfigMap& spec, const core::ConnectShape& shape, core::Rng& rng) {
  constexpr std::string_view form = "a probability p in [0, 1] such as 0.02";
  const ConfigNode p_node = spec.at("p", form);
  const double p = parse_number(p_node);
  if (p < 0.0 || p > 1.0) p_node.fail_expected(form);
  check_fits_in_memory(p_node, p * static_cast<double>(shape.n_source) * static_cast<double>(shape.n_target),
                       kBytesPerSynapse, "expected synapses");
  return core::connect_fixed_probability(shape, p, parse_flag(spec, "autapses", true), rng);
}

core::CsrTopology fixed_indegree(const ConfigMap& spec, const core::ConnectShape& shape, core::Rng& rng) {
  const ConfigNode indegree_node = spec.at("indegree", "a non-negative integer such as 100");
  const std::uint64_t indegree = parse_unsigned(indegree_node);
  const bool autapses = parse_flag(spec, "autapses", true);
  const bool multapses = parse_flag(spec, "multapses", true);
  const std::size_t available = shape.n_source - (shape.same_population && !autapses ? 1 : 0);
  if (indegree > 0 && available == 0)
    indegree_node.fail("no source is available to draw from (a single neuron without autapses), got indegree " +
                       std::to_string(indegree));
  if (!multapses && indegree > available)
    indegree_node.fail("without multapses the indegree can be at most the " + std::to_string(available) +
                       " available sources, got " + std::to_string(indegree));
  check_fits_in_memory(indegree_node, static_cast<double>(indegree) * static_cast<double>(shape.n_target),
                       kBytesPerSynapse, "synapses");
  return core::connect_fixed_indegree(shape, static_cast<std::size_t>(indegree), autapses, multapses, rng);
}

Connectivity pair_list(const ConfigMap& spec, const core::ConnectShape& shape) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  for (const ConfigNode& pair : spec.at("pairs", kPairsForm).items(kPairsForm)) {
    const std::vector<ConfigNode> ends = pair.items("a [source, target] pair such as [0, 1]");
    if (ends.size() != 2) pair.fail_expected("a [source, target] pair such as [0, 1]");
    pairs.emplace_back(parse_index(ends[0], shape.n_source, "source"), parse_index(ends[1], shape.n_target, "target"));
  }
  Connectivity out;
  out.is_list = true;
  out.topology = core::connect_pairs(shape, pairs, &out.csr_to_pair);
  return out;
}

std::vector<double> dense_matrix(const ConfigMap& spec, const core::ConnectShape& shape) {
  const ConfigNode matrix = spec.at("matrix", "an NPY file of shape [from.size, to.size] such as w.npy");
  const std::filesystem::path path = parse_existing_file(matrix, "an NPY file name such as w.npy");
  NpyArray array = read_npy(path);
  if (array.shape.size() != 2 || array.shape[0] != shape.n_source || array.shape[1] != shape.n_target)
    matrix.fail("expected a matrix of shape " + format_shape({shape.n_source, shape.n_target}) +
                " [from.size, to.size] in " + path.string() + ", got shape " + format_shape(array.shape));
  for (std::size_t i = 0; i < array.values.size(); ++i)
    if (!std::isfinite(array.values[i]))
      matrix.fail("expected finite weights, got " + format_number(array.values[i]) + " at entry " +
                  std::to_string(i) + " of " + path.string());
  return std::move(array.values);
}

}  // namespace

Connectivity parse_connect(const ConfigNode& node, const core::ConnectShape& shape, std::uint64_t seed,
                           std::string_view projection) {
  const ConfigNode rule_node = ConfigMap::open(node, kConnectForm).at("rule", kRuleForm);
  const std::string& rule = rule_node.text(kRuleForm);
  core::Rng rng(seed, core::stream_tag(projection), 1);
  Connectivity out;
  if (rule == "all_to_all") {
    const ConfigMap spec(node, {"rule", "autapses"}, kConnectForm);
    check_fits_in_memory(rule_node, static_cast<double>(shape.n_source) * static_cast<double>(shape.n_target),
                         kBytesPerSynapse, "synapses");
    out.topology = core::connect_all_to_all(shape, parse_flag(spec, "autapses", true));
  } else if (rule == "one_to_one") {
    const ConfigMap spec(node, {"rule"}, kConnectForm);
    if (shape.n_source != shape.n_target)
      rule_node.fail("one_to_one needs source and target of equal size, got " + std::to_string(shape.n_source) +
                     " -> " + std::to_string(shape.n_target));
    out.topology = core::connect_one_to_one(shape);
  } else if (rule == "fixed_probability") {
    out.topology = fixed_probability(ConfigMap(node, {"rule", "p", "autapses"}, kConnectForm), shape, rng);
  } else if (rule == "fixed_indegree") {
    const ConfigMap spec(node, {"rule", "indegree", "autapses", "multapses"}, kConnectForm);
    out.topology = fixed_indegree(spec, shape, rng);
  } else if (rule == "list") {
    out = pair_list(ConfigMap(node, {"rule", "pairs"}, kConnectForm), shape);
  } else if (rule == "dense") {
    out.dense_weights = dense_matrix(ConfigMap(node, {"rule", "matrix"}, kConnectForm), shape);
  } else {
    rule_node.fail("unknown rule \"" + rule + "\"" +
                   did_you_mean(rule, {"all_to_all", "one_to_one", "fixed_probability", "fixed_indegree", "list",
                                       "dense"}) +
                   "; expected " + std::string(kRuleForm));
  }
  return out;
}

}  // namespace reef::io::detail
