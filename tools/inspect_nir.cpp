// `reef inspect MODEL.nir`: describes a NIR model: version, nodes with type, shape and key parameter ranges, edges,
// cycles, inputs and outputs, the guessed exporter convention, warnings, and (--repair) the repairs applied.
#include <functional>
#include <iostream>
#include <set>

#include "command_line.hpp"
#include "commands.hpp"
#include "nir_options.hpp"
#include "reef/io/nir.hpp"
#include "text_format.hpp"

namespace reef::cli {
namespace {

const CommandHelp kHelp{
    .usage = "reef inspect MODEL.nir [--repair] [--reset zero|subtract]",
    .description =
        "Reads a NIR model (HDF5, any NIR version 0.x-1.0.x, docs/nir.md) and describes it without running it:\n"
        "nodes with their NIR type, shape and key parameters, edges, recurrent cycles, inputs and outputs, the\n"
        "exporter convention guessed from r, tau and w_in (snntorch, rockpool, norse, sinabs) with dt, and warnings.\n"
        "A broken export is an error naming the node; --repair applies the unambiguous fixes and lists them.",
    .details = "",
    .examples = "  reef inspect braille_noDelay_bias_zero.nir\n"
                "  reef inspect lif_rockpool.nir --repair        # shows the Output shape it fixes\n",
};

std::string range(const core::PerNeuron& p) {
  return p.min() == p.max() ? compact(p.min()) : compact(p.min()) + ".." + compact(p.max());
}

std::string key_params(const core::Node& node) {
  if (node.is_population()) {
    const core::NeuronParams& n = node.neurons();
    std::string text = "r " + range(n.r);
    if (n.has_leak()) text += ", tau " + range(n.tau_mem_s) + ", v_leak " + range(n.v_leak);
    for (const auto& s : n.synapses) text += ", tau_syn " + range(s.tau_s) + ", w_in " + range(s.w_in);
    if (n.spikes())
      text +=
          ", v_th " + range(n.v_th) + ", v_reset " + range(n.v_reset) + ", reset " + std::string(to_string(n.reset));
    return text;
  }
  if (const auto* a = std::get_if<core::AffineParams>(&node.params)) {
    const auto [low, high] = std::minmax_element(a->weight.values.begin(), a->weight.values.end());
    return "weight " + core::to_string(a->weight.shape) + " " + compact(*low) + ".." + compact(*high) +
           (a->has_bias() ? ", bias" : "");
  }
  if (const auto* c = std::get_if<core::ConvParams>(&node.params))
    return "weight " + core::to_string(c->weight.shape) + ", input " + core::to_string(c->input_shape);
  if (const auto* p = std::get_if<core::PoolParams>(&node.params))
    return "kernel " + core::to_string(p->kernel) + ", stride " + core::to_string(p->stride);
  if (const auto* f = std::get_if<core::FlattenParams>(&node.params))
    return "input " + core::to_string(f->input_shape) + ", dims " + std::to_string(f->start_dim) + ".." +
           std::to_string(f->end_dim);
  return "";
}

// Connections that lie on a cycle: the target reaches the source again.
std::vector<core::Connection> cycle_edges(const core::Graph& graph) {
  std::vector<std::vector<core::NodeId>> next(graph.nodes().size());
  for (const auto& c : graph.connections()) next[c.source].push_back(c.target);
  const auto reaches = [&](core::NodeId from, core::NodeId to) {
    std::vector<bool> seen(next.size(), false);
    std::vector<core::NodeId> stack{from};
    while (!stack.empty()) {
      const core::NodeId n = stack.back();
      stack.pop_back();
      if (n == to) return true;
      if (seen[n]) continue;
      seen[n] = true;
      for (core::NodeId m : next[n]) stack.push_back(m);
    }
    return false;
  };
  std::vector<core::Connection> out;
  for (const auto& c : graph.connections())
    if (reaches(c.target, c.source)) out.push_back(c);
  return out;
}

}  // namespace

int inspect_nir(const CliContext&, const Args& args) {
  po::options_description options = option_list("options");
  options.add_options()("repair", "apply the unambiguous repairs of known broken exports and list them")(
      "reset", po::value<std::string>()->default_value("zero"),
      "what a missing v_reset means: zero (today's NIR) or subtract (NIR <= 1.0.5, Sinabs, Rockpool)");
  const auto values = parse_command_line(args, options, "model", kHelp);
  if (!values) return 0;
  const std::string path = required_argument(*values, "model", "the NIR file MODEL.nir");
  const io::NirModel model =
      io::read_nir(path, nir_read_options(values->count("repair") != 0, (*values)["reset"].as<std::string>()));
  const core::Graph& graph = model.graph;
  std::cout << report_line("model", path + ", NIR version " + (model.version.empty() ? "(none)" : model.version) +
                                        ", hash " + graph.content_hash());
  TextTable table({"name", "type", "shape", "parameters"}, {false, false, false, false});
  std::vector<std::string> warnings;
  std::size_t no_reset = 0;
  for (std::size_t i = 0; i < graph.nodes().size(); ++i) {
    const core::Node& node = graph.nodes()[i];
    const io::NirNodeInfo& info = model.nodes[i];
    table.add_row({node.name, info.type, core::to_string(node.output_shape()), key_params(node)});
    for (const auto& w : info.warnings) warnings.push_back("node '" + node.name + "': " + w);
    if (node.is_population() && node.neurons().spikes() && !info.v_reset_present) ++no_reset;
    if ((info.type == "CubaLIF" || info.type == "CubaLI") && !info.w_in_present)
      warnings.push_back("node '" + node.name + "': no w_in in the file; using 1");
  }
  if (no_reset > 0)
    warnings.push_back(std::to_string(no_reset) + " spiking node(s) without v_reset: reset " +
                       (*values)["reset"].as<std::string>() + " (--reset)");
  std::cout << "\nnodes\n" << table.render();
  std::cout << "\nedges\n";
  for (const auto& c : graph.connections())
    std::cout << "  " << graph.node(c.source).name << " -> " << graph.node(c.target).name << '\n';
  const auto cycles = cycle_edges(graph);
  std::string cycle_text;
  for (const auto& c : cycles)
    cycle_text += (cycle_text.empty() ? "" : ", ") + graph.node(c.source).name + " -> " + graph.node(c.target).name;
  std::string inputs;
  std::string outputs;
  for (const auto& node : graph.nodes()) {
    const std::string item = node.name + " " + core::to_string(node.output_shape());
    if (std::holds_alternative<core::InputParams>(node.params)) inputs += (inputs.empty() ? "" : ", ") + item;
    if (std::holds_alternative<core::OutputParams>(node.params)) outputs += (outputs.empty() ? "" : ", ") + item;
  }
  const io::NirConvention convention = io::guess_nir_convention(model);
  std::cout << '\n'
            << report_line("cycles", cycle_text.empty() ? "none" : cycle_text + " (one-step delay in step engines)")
            << report_line("inputs", inputs.empty() ? "none" : inputs)
            << report_line("outputs", outputs.empty() ? "none" : outputs)
            << report_line("convention", convention.profile +
                                             (convention.dt_s ? ", dt " + compact(*convention.dt_s) : ", dt unknown") +
                                             ", confidence " + fixed(convention.confidence, 2) + ": " +
                                             convention.reason);
  for (const auto& w : warnings) std::cout << report_line("warning", w);
  if (values->count("repair") != 0) {
    if (model.repairs.empty()) std::cout << report_line("repairs", "none needed");
    for (const auto& r : model.repairs) std::cout << report_line("repair", r);
  }
  return 0;
}

}  // namespace reef::cli
