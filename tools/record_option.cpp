// Parses and resolves `--record` specs (syntax in record_option.hpp) into a core::RecordRequest.
// Every mistake is a UsageError that quotes the spec and says what was expected.
#include "record_option.hpp"

#include <charconv>
#include <set>

#include "reef/core/error.hpp"

namespace reef::cli {
namespace {

constexpr const char* kForms =
    "expected 'all', 'POP', 'POP.spikes' or 'POP.VAR[NEURONS]@INTERVAL', e.g. 'exc.v[0:10]@0.1ms'";

[[noreturn]] void fail(const std::string& spec, const std::string& problem) {
  throw UsageError("--record '" + spec + "': " + problem);
}

std::uint32_t parse_index(const std::string& spec, std::string_view text) {
  std::uint32_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    fail(spec, "'" + std::string(text) + "' is not a neuron index (a whole number >= 0)");
  }
  return value;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> parse_neurons(const std::string& spec, std::string_view list) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;
  while (true) {
    const auto comma = list.find(',');
    const std::string_view item = list.substr(0, comma);
    const auto colon = item.find(':');
    if (colon == std::string_view::npos) {
      const std::uint32_t index = parse_index(spec, item);
      ranges.emplace_back(index, index + 1);
    } else {
      const std::uint32_t first = parse_index(spec, item.substr(0, colon));
      const std::uint32_t last = parse_index(spec, item.substr(colon + 1));
      if (last <= first) fail(spec, "the range " + std::string(item) + " is empty (ranges are half-open, a:b)");
      ranges.emplace_back(first, last);
    }
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return ranges;
}

const core::Node& find_population(const RecordSpec& spec, const core::Graph& graph) {
  const auto id = graph.find(spec.population);
  if (!id || !graph.node(*id).is_population()) {
    std::string names;
    for (const auto& node : graph.nodes()) {
      if (node.is_population()) names += (names.empty() ? "" : ", ") + node.name;
    }
    fail(spec.text, "the network has no population '" + spec.population + "' (populations: " + names + ")");
  }
  return graph.node(*id);
}

void check_variable(const RecordSpec& spec, const core::Node& node) {
  if (spec.variable == "v") return;
  const auto& synapses = node.neurons().synapses;
  std::string names = "v";
  for (std::size_t k = 0; k < synapses.size(); ++k) {
    if (spec.variable == synapses[k].name || spec.variable == "i_syn" + std::to_string(k)) return;
    names += ", " + synapses[k].name;
  }
  fail(spec.text, "population '" + node.name + "' has no variable '" + spec.variable + "' (variables: " + names + ")");
}

std::vector<std::uint32_t> expand_neurons(const RecordSpec& spec, const core::Node& node) {
  std::vector<std::uint32_t> neurons;
  std::set<std::uint32_t> seen;
  for (const auto& [first, last] : spec.neuron_ranges) {
    if (last > node.size) {
      fail(spec.text, "neuron " + std::to_string(last - 1) + " is out of range: '" + node.name + "' has " +
                          std::to_string(node.size) + " neurons (0.." + std::to_string(node.size - 1) + ")");
    }
    for (std::uint32_t neuron = first; neuron < last; ++neuron) {
      if (!seen.insert(neuron).second) fail(spec.text, "neuron " + std::to_string(neuron) + " is listed twice");
      neurons.push_back(neuron);
    }
  }
  return neurons;
}

}  // namespace

RecordSpec parse_record_spec(const std::string& text) {
  RecordSpec spec;
  spec.text = text;
  if (text == "all") return spec;
  std::string_view rest = text;
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    const auto interval = core::parse_duration(rest.substr(at + 1));
    if (!interval || interval->ns() <= 0) {
      fail(text, "'" + std::string(rest.substr(at + 1)) + "' is not a sampling interval (a duration > 0 like 0.1ms)");
    }
    spec.interval = *interval;
    rest = rest.substr(0, at);
  }
  const bool has_neurons = rest.ends_with(']');
  if (has_neurons) {
    const auto open = rest.rfind('[');
    if (open == std::string_view::npos) fail(text, kForms);
    spec.neuron_ranges = parse_neurons(text, rest.substr(open + 1, rest.size() - open - 2));
    rest = rest.substr(0, open);
  }
  const auto dot = rest.rfind('.');
  spec.population = std::string(rest.substr(0, dot));
  spec.variable = dot == std::string_view::npos ? "spikes" : std::string(rest.substr(dot + 1));
  if (spec.population.empty() || spec.variable.empty() || rest.find_first_of("[]@") != std::string_view::npos) {
    fail(text, kForms);
  }
  const bool state_suffix = has_neurons || text.find('@') != std::string::npos;
  if (spec.variable == "spikes") {
    if (state_suffix) fail(text, "spikes are recorded for whole populations; neurons and @interval are for state");
    spec.kind = RecordSpec::Kind::spikes;
  } else {
    spec.kind = RecordSpec::Kind::state;
  }
  return spec;
}

core::RecordRequest resolve_record_specs(const std::vector<RecordSpec>& specs, const core::Graph& graph) {
  core::RecordRequest request;
  request.all_spikes = false;
  std::set<std::pair<std::string, std::string>> recorded;  // (population, variable) already asked for
  for (const auto& spec : specs) {
    if (spec.kind == RecordSpec::Kind::all_spikes) {
      request.all_spikes = true;
      continue;
    }
    const core::Node& node = find_population(spec, graph);
    if (!recorded.emplace(spec.population, spec.variable).second) {
      fail(spec.text, "'" + spec.population + "." + spec.variable + "' is already recorded by another --record");
    }
    if (spec.kind == RecordSpec::Kind::spikes) {
      request.spike_populations.push_back(spec.population);
      continue;
    }
    check_variable(spec, node);
    request.state.push_back(core::StateProbeRequest{
        .population = spec.population,
        .neurons = expand_neurons(spec, node),
        .variables = {spec.variable},
        .interval = spec.interval,
    });
  }
  return request;
}

}  // namespace reef::cli
