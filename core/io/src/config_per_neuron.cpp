// Per-neuron parameters: scalars stay shared; lists, random draws and NPY files give one value per neuron, each
// checked against the parameter's range.
#include "config_per_neuron.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "config_values.hpp"
#include "reef/io/npy.hpp"

namespace reef::io::detail {

namespace {

constexpr std::string_view kNonNegativeForm = "a non-negative number such as 10";

std::string_view value_form(ValueKind kind) {
  switch (kind) {
    case ValueKind::number: return "a finite number such as 1.5";
    case ValueKind::non_negative_number: return kNonNegativeForm;
    case ValueKind::positive_duration: return duration_form(DurationRange::positive);
    case ValueKind::non_negative_duration: return duration_form(DurationRange::non_negative);
  }
  return "";
}

bool in_range(double value, ValueKind kind) {
  if (!std::isfinite(value)) return false;
  switch (kind) {
    case ValueKind::number: return true;
    case ValueKind::non_negative_number:
    case ValueKind::non_negative_duration: return value >= 0.0;
    case ValueKind::positive_duration: return value > 0.0;
  }
  return false;
}

// The kind of a spread (a standard deviation): non-negative, in the parameter's unit.
ValueKind spread_kind(ValueKind kind) {
  const bool duration = kind == ValueKind::positive_duration || kind == ValueKind::non_negative_duration;
  return duration ? ValueKind::non_negative_duration : ValueKind::non_negative_number;
}

std::string per_neuron_form(ValueKind kind, std::size_t size) {
  return std::string(value_form(kind)) + ", a list of " + std::to_string(size) +
         " such values (one per neuron), {uniform: [low, high]}, {normal: [mean, std]} or {npy: file.npy}";
}

void check_values(const ConfigNode& node, const std::vector<double>& values, ValueKind kind, std::string_view how) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (in_range(values[i], kind)) continue;
    node.fail(std::string(how) + " gave " + format_number(values[i]) + " for element " + std::to_string(i) +
              "; every value must be " + std::string(value_form(kind)));
  }
}

std::vector<double> read_values(const ConfigNode& node, ValueKind kind, const PerNeuronTarget& target) {
  const std::filesystem::path path = parse_existing_file(node, "an NPY file name such as tau.npy");
  NpyArray array = read_npy(path);
  if (array.shape.size() != 1 || array.shape[0] != target.size)
    node.fail("expected a 1-d array of " + std::to_string(target.size) + " values in " + path.string() +
              ", got shape " + format_shape(array.shape));
  check_values(node, array.values, kind, "the file");
  return std::move(array.values);
}

}  // namespace

double parse_value(const ConfigNode& node, ValueKind kind) {
  switch (kind) {
    case ValueKind::number: return parse_number(node);
    case ValueKind::non_negative_number: {
      const double value = parse_number(node);
      if (value < 0.0) node.fail_expected(kNonNegativeForm);
      return value;
    }
    case ValueKind::positive_duration: return parse_seconds(node, DurationRange::positive);
    case ValueKind::non_negative_duration: return parse_seconds(node, DurationRange::non_negative);
  }
  node.fail_expected(value_form(kind));
}

std::vector<double> draw_values(const ConfigMap::Entry& distribution, ValueKind kind, std::size_t count,
                                core::Rng& rng) {
  const bool uniform = distribution.key == "uniform";
  const std::string_view form = uniform ? "[low, high]" : "[mean, std]";
  const ConfigNode& node = distribution.value;
  const std::vector<ConfigNode> args = node.items(form);
  if (args.size() != 2) node.fail_expected(form);
  const double a = parse_value(args[0], kind);
  const double b = parse_value(args[1], uniform ? kind : spread_kind(kind));
  if (uniform && a > b)
    node.fail("expected [low, high] with low <= high, got low " + format_number(a) + " > high " + format_number(b));
  std::vector<double> values(count);
  for (double& value : values) value = uniform ? rng.uniform(a, b) : rng.normal(a, b);
  if (!uniform) check_values(node, values, kind, "the normal draw");
  return values;
}

core::PerNeuron parse_per_neuron(const ConfigNode& node, ValueKind kind, const PerNeuronTarget& target) {
  if (node.is_scalar()) return core::PerNeuron(parse_value(node, kind));
  if (node.is_sequence()) {
    const std::vector<ConfigNode> items = node.items(per_neuron_form(kind, target.size));
    if (items.size() != target.size)
      node.fail("expected a list of " + std::to_string(target.size) + " values (one per neuron), got " +
                std::to_string(items.size()));
    std::vector<double> values;
    values.reserve(items.size());
    for (const ConfigNode& item : items) values.push_back(parse_value(item, kind));
    return core::PerNeuron(std::move(values));
  }
  const std::string form = per_neuron_form(kind, target.size);
  const ConfigMap map(node, {"uniform", "normal", "npy"}, form);
  if (map.entries().size() != 1) node.fail_expected(form);
  const ConfigMap::Entry& entry = map.entries().front();
  if (entry.key == "npy") return core::PerNeuron(read_values(entry.value, kind, target));
  core::Rng rng(target.seed, core::stream_tag(target.owner), core::stream_tag(target.key));
  return core::PerNeuron(draw_values(entry, kind, target.size, rng));
}

}  // namespace reef::io::detail
