// read_nir: the HDF5 tree -> a flat model (nested NIRGraphs flattened into "<graph>.<child>" names, their Input and
// Output nodes removed and edges rewired through them) -> checks and repairs (nir_checks.cpp) -> core::Graph.
#include <algorithm>
#include <map>

#include "config_node.hpp"
#include "nir_checks.hpp"
#include "nir_flat.hpp"
#include "reef/core/error.hpp"

namespace reef::io {
namespace {

using nir::Dataset;
using nir::FlatEdge;
using nir::FlatModel;
using nir::Group;

std::string type_of(const Group& group) {
  const auto found = group.datasets.find("type");
  return found != group.datasets.end() && found->second.is_string && found->second.strings.size() == 1
             ? found->second.strings[0]
             : "";
}

// The ports of a flattened subgraph: what its Input nodes feed and what feeds its Output nodes (full names).
struct Ports {
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
};

class Flattener {
 public:
  Flattener(FlatModel& model, const NirReadOptions& options, std::vector<std::string>& repairs)
      : model_(model), options_(options), repairs_(repairs), context_{model.file, options} {}

  // Adds the nodes and edges of `graph` under `prefix` ("" for the root); returns its ports.
  Ports flatten(const Group& graph, const std::string& prefix, bool nested) {
    const std::string graph_name =
        prefix.empty() ? "the root graph" : "graph '" + prefix.substr(0, prefix.size() - 1) + "'";
    const auto nodes = graph.groups.find("nodes");
    if (nodes == graph.groups.end())
      throw FormatError(model_.file, 0, graph_name + " (" + graph.path + ") has no 'nodes' group");
    std::map<std::string, Ports> children;  // child name -> ports (a leaf node is its own port)
    std::map<std::string, std::string> types;
    for (const auto& [name, child] : nodes->second.groups) {
      const std::string type = type_of(child);
      types[name] = type;
      if (type == "NIRGraph") {
        children[name] = flatten(child, prefix + name + ".", true);
      } else if (nested && (type == "Input" || type == "Output")) {
        ports_nodes_.push_back(nir::read_node(child, prefix + name, context_));
        children[name] = {};
      } else {
        model_.nodes.push_back(nir::read_node(child, prefix + name, context_));
        children[name] = {{prefix + name}, {prefix + name}};
      }
    }
    const std::vector<std::pair<std::string, std::string>> edges = read_edges(graph, graph_name);
    Ports ports;
    for (const auto& [raw_source, raw_target] : edges) {
      const std::string source = resolve(raw_source, children, types, graph_name);
      const std::string target = resolve(raw_target, children, types, graph_name);
      const bool from_input = nested && types[source] == "Input";
      const bool to_output = nested && types[target] == "Output";
      for (const std::string& s : from_input ? std::vector<std::string>{} : children[source].outputs)
        for (const std::string& t : to_output ? std::vector<std::string>{} : children[target].inputs)
          model_.edges.push_back({s, t});
      if (from_input) {
        for (const std::string& t : children[target].inputs) {
          check_port_shape(prefix + source, t, graph_name);
          ports.inputs.push_back(t);
        }
      }
      if (to_output)
        for (const std::string& s : children[source].outputs) ports.outputs.push_back(s);
    }
    return ports;
  }

 private:
  std::vector<std::pair<std::string, std::string>> read_edges(const Group& graph, const std::string& graph_name) const {
    std::vector<std::pair<std::string, std::string>> edges;
    const auto found = graph.datasets.find("edges");
    if (found == graph.datasets.end() || found->second.count() == 0) return edges;
    const Dataset& d = found->second;
    if (!d.is_string || d.dims.size() != 2 || d.dims[1] != 2)
      throw FormatError(model_.file, d.offset, graph_name + ": 'edges' must be an (N, 2) array of node names");
    for (std::size_t i = 0; i < d.dims[0]; ++i) edges.emplace_back(d.strings[2 * i], d.strings[2 * i + 1]);
    return edges;
  }

  // The child an edge end names; a missing name is an error, or with repair the graph's single neuron child.
  std::string resolve(const std::string& name, const std::map<std::string, Ports>& children,
                      std::map<std::string, std::string>& types, const std::string& graph_name) {
    if (children.count(name)) return name;
    std::vector<std::string> neurons;
    std::vector<std::string_view> names;
    for (const auto& [child, type] : types) {
      names.push_back(child);
      if (type == "LIF" || type == "CubaLIF" || type == "IF" || type == "LI" || type == "CubaLI" || type == "I")
        neurons.push_back(child);
    }
    if (options_.repair && neurons.size() == 1) {
      const std::string line = graph_name + ": edge end '" + name + "' names no node; connected to '" + neurons[0] +
                               "', the graph's only neuron node";
      if (std::find(repairs_.begin(), repairs_.end(), line) == repairs_.end()) repairs_.push_back(line);
      return neurons[0];
    }
    std::string message = model_.file + ": " + graph_name + ": an edge names node '" + name +
                          "', which does not exist" + detail::did_you_mean(name, names) + "; its nodes are " +
                          detail::join_names(names);
    if (neurons.size() == 1) message += "; --repair connects the edge to '" + neurons[0] + "', the only neuron node";
    throw ValidationError(message);
  }

  // A nested Input must have the shape of what it feeds (where that node's input shape is known from the file).
  void check_port_shape(const std::string& input_name, const std::string& fed, const std::string& graph_name) const {
    const auto input = std::find_if(ports_nodes_.begin(), ports_nodes_.end(),
                                    [&](const nir::FlatNode& n) { return n.node.name == input_name; });
    const auto target = std::find_if(model_.nodes.begin(), model_.nodes.end(),
                                     [&](const nir::FlatNode& n) { return n.node.name == fed; });
    if (input == ports_nodes_.end() || target == model_.nodes.end()) return;
    const core::Shape expected = core::input_shape(target->node);
    if (expected.empty() || core::element_count(expected) == input->node.size) return;
    throw ValidationError(model_.file + ": " + graph_name + ": its Input '" + input_name + "' has shape " +
                          core::to_string(input->node.shape) + ", but it feeds '" + fed + "' (" + target->info.type +
                          ") which takes " + core::to_string(expected) +
                          "; the subgraph is inconsistent (fix the Input shape in the exporter)");
  }

  FlatModel& model_;
  const NirReadOptions& options_;
  std::vector<std::string>& repairs_;
  nir::NodeReadContext context_;
  std::vector<nir::FlatNode> ports_nodes_;
};

NirMetadata read_metadata(const Group& root_graph) {
  NirMetadata metadata;
  const auto group = root_graph.groups.find("metadata");
  if (group == root_graph.groups.end()) return metadata;
  const auto& sets = group->second.datasets;
  if (const auto dt = sets.find("dt"); dt != sets.end() && dt->second.numbers.size() == 1)
    metadata.dt_s = dt->second.numbers[0];
  const auto text = [&](const char* key) -> std::optional<std::string> {
    const auto found = sets.find(key);
    if (found == sets.end() || !found->second.is_string || found->second.strings.size() != 1) return std::nullopt;
    return found->second.strings[0];
  };
  metadata.reset = text("reset");
  metadata.profile = text("profile");
  metadata.quantized_for = text("quantized_for");
  metadata.quant_mode = text("quant_mode");
  return metadata;
}

}  // namespace

NirModel read_nir(const std::filesystem::path& path, const NirReadOptions& options) {
  const Group root = nir::read_tree(path);
  FlatModel model;
  model.file = path.string();
  NirModel result;
  if (const auto version = root.datasets.find("version");
      version != root.datasets.end() && version->second.is_string && version->second.strings.size() == 1)
    result.version = version->second.strings[0];
  const auto node = root.groups.find("node");
  if (node == root.groups.end())
    throw FormatError(model.file, 0, "no '/node' group: this HDF5 file is not a NIR model");
  if (type_of(node->second) != "NIRGraph")
    throw FormatError(model.file, 0, "the root node has type \"" + type_of(node->second) +
                                         "\"; reef reads NIR files whose root is a NIRGraph");
  Flattener(model, options, result.repairs).flatten(node->second, "", false);
  std::sort(model.nodes.begin(), model.nodes.end(),
            [](const nir::FlatNode& a, const nir::FlatNode& b) { return a.node.name < b.node.name; });
  nir::check_and_repair(model, options.repair, result.repairs);

  core::GraphBuilder builder;
  for (nir::FlatNode& flat : model.nodes) {
    result.nodes.push_back(std::move(flat.info));
    builder.add_node(std::move(flat.node));
  }
  for (const FlatEdge& edge : model.edges)
    builder.add_connection({*builder.find(edge.source), *builder.find(edge.target)});
  try {
    result.graph = std::move(builder).build();
  } catch (const ValidationError& e) {
    throw ValidationError(model.file + ": " + e.what());
  }
  result.metadata = read_metadata(node->second);
  return result;
}

bool is_nir_file(const std::filesystem::path& path) { return nir::has_nir_layout(path); }

}  // namespace reef::io
