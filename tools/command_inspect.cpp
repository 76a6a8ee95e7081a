// `reef inspect`: describes a YAML network without running it: populations and their key parameters, inputs,
// projections (synapse counts, in-degree, weight and delay ranges), totals, engine memory and lint warnings.
#include <algorithm>
#include <iostream>

#include "command_line.hpp"
#include "commands.hpp"
#include "event_options.hpp"
#include "nir_options.hpp"
#include "reef/core/graph_lint.hpp"
#include "reef/io/network_config.hpp"
#include "reef/sim/event_engine.hpp"
#include "text_format.hpp"

namespace reef::cli {
namespace {

const CommandHelp kHelp{
    .usage = "reef inspect NETWORK.yaml\n"
             "       reef inspect MODEL.nir [--repair]    (see: reef inspect MODEL.nir --help)\n"
             "       reef inspect EVENTS [--strict]       (see: reef inspect EVENTS --help)\n"
             "       reef inspect chip.pb                 (see: reef inspect chip.pb --help)",
    .description =
        "Loads NETWORK.yaml (format: docs/config.md), builds every projection exactly as `reef sim` would, and\n"
        "describes the network without simulating it: populations with their model and key parameters, inputs,\n"
        "projections (synapse count, mean in-degree, weight and delay ranges), totals, the memory the event engine\n"
        "will need, and warnings about things that are valid but probably not meant (a population that can never\n"
        "spike, a projection without synapses, an input connected to nothing, a threshold below the reset).\n"
        "A NIR model (HDF5) gets its nodes, shapes, edges, cycles and the guessed convention; an event file (AEDAT,\n"
        "EVT, DAT, N-MNIST, SHD, NPY, CSV; recognised by its first bytes) its format, sensor, counts and violations.",
    .details = "Parameters that differ per neuron are shown as min..max; times carry units, the rest is in the\n"
               "units of the config file.\n",
    .examples =
        "  reef inspect configs/examples/demo.yaml\n"
        "  reef inspect configs/examples/brunel.yaml     # 15.6 M synapses: see the memory estimate first\n"
        "  reef inspect recording.aedat4                 # an event file: reef inspect recording.aedat4 --help\n",
};

std::string range_text(double low, double high, std::string (*format)(double)) {
  return low == high ? format(low) : format(low) + ".." + format(high);
}

std::string value_text(const core::PerNeuron& values) { return range_text(values.min(), values.max(), compact); }

std::string time_text(core::Time t) { return t == core::Time() ? "0" : core::format_duration(t); }

std::string seconds_as_duration(double seconds) { return time_text(core::Time::from_seconds(seconds)); }

// "1 input", "2 inputs".
std::string counted(std::size_t count, const std::string& noun) {
  return group_digits(count) + " " + noun + (count == 1 ? "" : "s");
}

std::string duration_text(const core::PerNeuron& seconds) {
  return range_text(seconds.min(), seconds.max(), seconds_as_duration);
}

std::string population_table(const core::Graph& graph) {
  TextTable table({"name", "model", "size", "tau_mem", "r", "v_leak", "v_th", "v_reset", "reset", "bias",
                   "refractory", "synapses (tau)"},
                  {false, false, true, false, false, false, false, false, false, false, false, false});
  for (const auto& node : graph.nodes()) {
    if (!node.is_population()) continue;
    const core::NeuronParams& p = node.neurons();
    std::string synapses;
    for (const auto& synapse : p.synapses) {
      synapses += (synapses.empty() ? "" : ", ") + synapse.name + " (" + duration_text(synapse.tau_s) + ")";
    }
    const bool spikes = p.spikes();
    table.add_row({node.name, std::string(core::to_string(p.model)), group_digits(node.size),
                   p.has_leak() ? duration_text(p.tau_mem_s) : "-", value_text(p.r), value_text(p.v_leak),
                   spikes ? value_text(p.v_th) : "-", spikes ? value_text(p.v_reset) : "-",
                   spikes ? std::string(core::to_string(p.reset)) : "-", value_text(p.bias),
                   spikes ? duration_text(p.refractory_s) : "-", synapses.empty() ? "-" : synapses});
  }
  return table.render("  ");
}

std::string input_parameters(const core::Node& node) {
  if (const auto* spikes = std::get_if<core::SpikeSourceParams>(&node.params)) {
    std::size_t count = 0;
    for (const auto& channel : spikes->times) count += channel.size();
    return group_digits(count) + " spikes from " + spikes->origin;
  }
  if (const auto* poisson = std::get_if<core::PoissonSourceParams>(&node.params)) {
    std::string text = "rate " + value_text(poisson->rate_hz) + " Hz";
    if (poisson->start > core::Time()) text += ", from " + core::format_duration(poisson->start);
    if (poisson->stop != core::Time::max()) text += ", until " + core::format_duration(poisson->stop);
    return text;
  }
  return "amplitude " + value_text(std::get<core::CurrentSourceParams>(node.params).amplitude);
}

std::string input_table(const core::Graph& graph) {
  TextTable table({"name", "kind", "channels", "parameters", "drives"}, {false, false, true, false, false});
  for (core::NodeId id = 0; id < graph.nodes().size(); ++id) {
    const core::Node& node = graph.node(id);
    if (node.is_population()) continue;
    std::string targets;
    for (const auto& edge : graph.edges()) {
      if (edge.source == id) targets += (targets.empty() ? "" : ", ") + graph.node(edge.target).name;
    }
    table.add_row({node.name, std::string(node.kind_name()), group_digits(node.size), input_parameters(node),
                   targets.empty() ? "-" : targets});
  }
  return table.render("  ");
}

std::string synapse_name(const core::Graph& graph, const core::Edge& edge) {
  if (std::holds_alternative<core::CurrentSourceParams>(graph.node(edge.source).params)) return "bias";
  const auto& synapses = graph.node(edge.target).neurons().synapses;
  return synapses.empty() ? "v" : synapses.at(edge.synapse).name;
}

std::string weight_range(const core::Synapses& synapses) {
  const auto weights = synapses.weights();
  if (synapses.count() == 0 || weights.empty()) return "-";
  const auto [low, high] = std::minmax_element(weights.begin(), weights.end());
  return range_text(*low, *high, compact);
}

std::string delay_range(const core::Synapses& synapses) {
  const auto delays = synapses.delays();
  if (synapses.count() == 0 || delays.empty()) return "-";
  const auto [low, high] = std::minmax_element(delays.begin(), delays.end());
  if (*low == *high) return time_text(*low);
  return time_text(*low) + ".." + time_text(*high);
}

std::string projection_table(const core::Graph& graph) {
  TextTable table({"name", "from -> to", "synapse", "synapses", "in-degree", "weight", "delay"},
                  {false, false, false, true, true, false, false});
  for (const auto& edge : graph.edges()) {
    const auto& synapses = edge.synapses;
    const double in_degree = static_cast<double>(synapses.count()) / static_cast<double>(synapses.n_target());
    table.add_row({edge.name, graph.node(edge.source).name + " -> " + graph.node(edge.target).name,
                   synapse_name(graph, edge), group_digits(synapses.count()), fixed(in_degree, 1),
                   weight_range(synapses), delay_range(synapses)});
  }
  return table.render("  ");
}

std::string record_text(const core::RecordRequest& record) {
  std::string text;
  const auto add = [&text](const std::string& item) { text += (text.empty() ? "" : "; ") + item; };
  if (record.all_spikes) add("spikes of every population");
  for (const auto& population : record.spike_populations) add("spikes of " + population);
  for (const auto& probe : record.state) {
    std::string variables;
    for (const auto& variable : probe.variables) variables += (variables.empty() ? "" : ", ") + variable;
    const std::string neurons = probe.neurons.empty() ? "every neuron" : counted(probe.neurons.size(), "neuron");
    add(probe.population + " " + variables + " of " + neurons + " every " + core::format_duration(probe.interval));
  }
  return text.empty() ? "nothing" : text;
}

}  // namespace

int command_inspect(const CliContext& context, const Args& args) {
  if (names_nir_model(args)) return inspect_nir(context, args);
  if (names_chip_config(args)) return inspect_chip(context, args);
  if (names_event_file(args)) return inspect_events(context, args);
  po::options_description options = option_list("options");
  const auto values = parse_command_line(args, options, "network", kHelp);
  if (!values) return 0;
  const std::string path = required_argument(*values, "network", "the network file NETWORK.yaml");
  const io::NetworkConfig config = io::load_network_config(path);
  const core::Graph& graph = config.graph;

  std::size_t populations = 0;
  std::size_t channels = 0;
  for (const auto& node : graph.nodes()) {
    populations += node.is_population() ? 1 : 0;
    channels += node.is_population() ? 0 : node.size;
  }
  const std::size_t inputs = graph.nodes().size() - populations;
  std::cout << report_line("network", config.name + " (" + path + "), seed " + std::to_string(config.seed) +
                                          ", hash " + graph.content_hash())
            << report_line("run", core::format_duration(config.duration) + "; records " + record_text(config.record))
            << "\npopulations\n"
            << population_table(graph);
  std::cout << (inputs == 0 ? "\ninputs    none\n" : "\ninputs\n" + input_table(graph));
  std::cout << (graph.edges().empty() ? "\nprojections none\n" : "\nprojections\n" + projection_table(graph)) << '\n'
            << report_line("totals", counted(graph.neuron_count(), "neuron") + " in " +
                                         counted(populations, "population") + "; " +
                                         counted(channels, "input channel") + " in " + counted(inputs, "input") +
                                         "; " + counted(graph.synapse_count(), "synapse") + " in " +
                                         counted(graph.edges().size(), "projection"))
            << report_line("memory", binary_bytes(sim::estimate_event_engine_memory(graph)) +
                                         " for the event engine (synapses, neuron state, queues)");
  const auto warnings = core::lint(graph);
  if (warnings.empty()) {
    std::cout << report_line("warnings", "none");
  } else {
    std::cout << report_line("warnings", std::to_string(warnings.size()));
    for (const auto& warning : warnings) std::cout << "  - " << warning << '\n';
  }
  return 0;
}

}  // namespace reef::cli
