// analyze_topology: reads a core::Graph as a Xylo-family network and checks every structural design rule once.
// Boost.Graph finds the nodes off the input→output paths and orders the hidden layers (strong components for the
// recurrent loops, a topological sort of their condensation for network order). Errors name rule, node, need, offer.
#include "reef/hw/topology.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/reverse_graph.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/graph/topological_sort.hpp>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "reef/core/error.hpp"

namespace reef::hw {

std::size_t ChipTopology::hidden_neurons() const {
  std::size_t total = 0;
  for (const NeuronLayer& layer : hidden) total += layer.size;
  return total;
}

namespace {

using core::NodeId;
using BoostGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;

[[noreturn]] void fail(std::string_view rule, const std::string& message) {
  throw MappingError("rule " + std::string(rule) + ": " + message);
}

std::string quoted(const core::Node& node) { return "'" + node.name + "'"; }

// The synaptic currents a hidden neuron can have in a configuration of this chip.
std::size_t hidden_synapses_offered(const ChipSpec& chip) {
  return chip.writes_synapse2 ? chip.synapses_per_hidden : 1;
}

class Analyzer {
 public:
  Analyzer(const core::Graph& graph, const ChipSpec& chip)
      : graph_(graph), chip_(chip), sources_(graph.nodes().size()), targets_(graph.nodes().size()) {
    for (const core::Connection& c : graph.connections()) {
      sources_[c.target].push_back(c.source);
      targets_[c.source].push_back(c.target);
    }
  }

  ChipTopology run() {
    classify_nodes();
    check_output();
    check_input();
    check_connected();
    for (NodeId w : weights_) check_weight_node(w);
    for (NodeId n : neurons_) check_neuron_layer(n);
    order_hidden_layers();
    find_aliases();
    check_resources();
    link_weights();
    return std::move(topology_);
  }

 private:
  const core::Node& node(NodeId id) const { return graph_.node(id); }
  bool is_weight(NodeId id) const { return std::holds_alternative<core::AffineParams>(node(id).params); }
  bool is_neuron(NodeId id) const { return node(id).is_population(); }

  void classify_nodes() {
    if (!graph_.edges().empty()) {
      fail("nir_style_graph", "edge '" + graph_.edges().front().name + "' is a synaptic projection; " + chip_.name +
                                  " mapping takes NIR-style graphs (Input → Affine/Linear → CubaLIF → … → Output)");
    }
    std::vector<NodeId> inputs, outputs;
    for (NodeId id = 0; id < graph_.nodes().size(); ++id) {
      const core::Node& n = node(id);
      if (std::holds_alternative<core::InputParams>(n.params)) {
        inputs.push_back(id);
      } else if (std::holds_alternative<core::OutputParams>(n.params)) {
        outputs.push_back(id);
      } else if (is_weight(id)) {
        weights_.push_back(id);
      } else if (n.is_population()) {
        if (n.neurons().model != core::NeuronModel::cuba_lif) {
          fail("supported_neuron_model", "node " + quoted(n) + " is a " +
                                             std::string(core::to_string(n.neurons().model)) + " neuron; " +
                                             chip_.name + " neurons are current-based LIF (cuba_lif) with 1.." +
                                             std::to_string(hidden_synapses_offered(chip_)) + " synaptic currents");
        }
        neurons_.push_back(id);
      } else {
        fail("supported_node_types", "node " + quoted(n) + " is a " + std::string(n.kind_name()) + " node; " +
                                         chip_.name + " runs Input, Affine/Linear, CubaLIF and Output nodes only");
      }
    }
    if (inputs.size() != 1 || outputs.size() != 1) {
      fail("single_input_and_output", "the graph has " + std::to_string(inputs.size()) + " Input and " +
                                          std::to_string(outputs.size()) + " Output nodes; " + chip_.name +
                                          " has one input bank and one readout: give exactly one of each");
    }
    topology_.input = inputs[0];
    topology_.output = outputs[0];
    std::set<std::pair<NodeId, NodeId>> pairs;
    for (const core::Connection& c : graph_.connections()) {
      if (!pairs.emplace(c.source, c.target).second) {
        fail("duplicate_connection", quoted(node(c.source)) + " is connected to " + quoted(node(c.target)) +
                                         " twice, which sums the signal twice; " + chip_.name +
                                         " has one weight per synapse: merge them into one weight node");
      }
    }
  }

  // Every node must lie on a path from the Input node to the Output node.
  void check_connected() const {
    BoostGraph g(graph_.nodes().size());
    for (const core::Connection& c : graph_.connections()) boost::add_edge(c.source, c.target, g);
    const auto reached = [&](const auto& graph, NodeId start) {
      std::vector<boost::default_color_type> colors(graph_.nodes().size(), boost::white_color);
      boost::breadth_first_visit(graph, start, boost::color_map(colors.data()));
      return colors;
    };
    const auto from_input = reached(g, topology_.input);
    const auto to_output = reached(boost::make_reverse_graph(g), topology_.output);
    for (NodeId id = 0; id < graph_.nodes().size(); ++id) {
      if (from_input[id] == boost::white_color || to_output[id] == boost::white_color) {
        fail("connected", "node " + quoted(node(id)) + " is not on a path from " + quoted(node(topology_.input)) +
                              " to " + quoted(node(topology_.output)) + "; remove it or connect it");
      }
    }
  }

  void check_input() {
    const core::Node& input = node(topology_.input);
    for (NodeId t : targets_[topology_.input]) {
      if (!is_weight(t)) {
        fail("first_module_is_a_weight", "input " + quoted(input) + " feeds " + quoted(node(t)) + " (" +
                                             std::string(node(t).kind_name()) + ") directly; the inputs of " +
                                             chip_.name + " reach neurons only through an Affine/Linear weight node");
      }
    }
    topology_.n_inputs = input.size;
    if (input.size > chip_.max_inputs) {
      fail("max_inputs", "input " + quoted(input) + " needs " + std::to_string(input.size) + " input channels, " +
                             chip_.name + " has " + std::to_string(chip_.max_inputs));
    }
  }

  void check_output() {
    const core::Node& output = node(topology_.output);
    const auto& from = sources_[topology_.output];
    if (from.size() != 1 || !is_neuron(from[0])) {
      const std::string got = from.size() == 1
                                  ? quoted(node(from[0])) + " (" + std::string(node(from[0]).kind_name()) + ")"
                                  : std::to_string(from.size()) + " nodes";
      fail("output_nodes_have_neurons_as_source", "output " + quoted(output) + " is fed by " + got + "; " + chip_.name +
                                                      " outputs are the spikes of one CubaLIF readout");
    }
    readout_ = from[0];
    const core::Node& readout = node(readout_);
    if (readout.size > chip_.max_outputs) {
      fail("max_outputs", "readout " + quoted(readout) + " needs " + std::to_string(readout.size) +
                              " output neurons, " + chip_.name + " has " + std::to_string(chip_.max_outputs));
    }
  }

  void check_weight_node(NodeId w) {
    const core::Node& n = node(w);
    const auto& params = std::get<core::AffineParams>(n.params);
    if (std::any_of(params.bias.begin(), params.bias.end(), [](double b) { return b != 0.0; })) {
      fail("weight_nodes_have_no_biases", "node " + quoted(n) + " has a bias; " + chip_.name +
                                              " weights have none: move it into the target neurons' bias");
    }
    for (NodeId s : sources_[w]) {
      if (is_weight(s)) {
        fail("no_consecutive_weights", "node " + quoted(node(s)) + " feeds weight node " + quoted(n) + " directly; " +
                                           chip_.name + " has one weight matrix between neuron layers: merge them");
      }
      if (s == readout_) {
        const bool recurrent = std::find(targets_[w].begin(), targets_[w].end(), readout_) != targets_[w].end();
        fail(recurrent ? "output_neurons_cannot_be_recurrent" : "readout_drives_only_outputs",
             "readout " + quoted(node(s)) + " feeds " + quoted(n) + "; " + chip_.name +
                 " output neurons drive the outputs only");
      }
      if (s == topology_.input && sources_[w].size() > 1) {
        fail("input_weights_from_input_only", "node " + quoted(n) + " is fed by the input and by other nodes; " +
                                                  chip_.name + " input weights carry input channels only");
      }
    }
    if (targets_[w].size() != 1 || !is_neuron(targets_[w][0])) {
      const bool to_output = targets_[w].size() == 1 && targets_[w][0] == topology_.output;
      if (to_output) {
        fail("output_nodes_have_neurons_as_source", "weight node " + quoted(n) + " feeds output " +
                                                        quoted(node(topology_.output)) + "; " + chip_.name +
                                                        " outputs are the spikes of a CubaLIF readout");
      }
      if (targets_[w].size() == 1 && is_weight(targets_[w][0])) return;  // reported as no_consecutive_weights
      fail("weight_has_one_target", "node " + quoted(n) + " feeds " + std::to_string(targets_[w].size()) +
                                        " nodes; each " + chip_.name + " weight node drives one neuron layer");
    }
    if (targets_[w][0] == readout_ && sources_[w].size() == 1 && sources_[w][0] == topology_.input) {
      fail("at_least_two_neuron_layers_needed", "node " + quoted(n) + " connects the input straight to readout " +
                                                    quoted(node(readout_)) + "; " + chip_.name +
                                                    " needs a hidden layer between inputs and outputs");
    }
  }

  void check_neuron_layer(NodeId id) {
    const core::Node& n = node(id);
    for (NodeId s : sources_[id]) {
      if (!is_weight(s)) {
        fail("input_to_neurons_is_a_weight", "node " + quoted(n) + " is fed by " + quoted(node(s)) + " (" +
                                                 std::string(node(s).kind_name()) + ") directly; " + chip_.name +
                                                 " neurons take input only through an Affine/Linear weight node");
      }
    }
    const std::size_t synapses = n.neurons().synapses.size();
    const bool readout = id == readout_;
    const std::size_t offered = readout ? 1 : hidden_synapses_offered(chip_);
    if (synapses > offered) {
      fail("max_synapses_per_neuron", std::string(readout ? "readout " : "node ") + quoted(n) + " needs " +
                                          std::to_string(synapses) + " synapses per neuron, " + chip_.name +
                                          (readout ? " output" : " hidden") + " neurons have " +
                                          std::to_string(offered));
    }
    if (readout) {
      for (NodeId t : targets_[id]) {
        if (t != topology_.output) {
          fail("readout_drives_only_outputs", "readout " + quoted(n) + " feeds " + quoted(node(t)) + "; " + chip_.name +
                                                  " output neurons drive the outputs only");
        }
      }
      topology_.readout = NeuronLayer{id, n.size, synapses, false};
    }
  }

  // Hidden layers in network order: by the longest path from the input through the condensation of the recurrent
  // loops (a topological sort), ties by node id; on chips with input/output expansion neurons, the layers fed by the
  // inputs come first and the layers driving the readout last (Rockpool's IEN/OEN allocation).
  void order_hidden_layers() {
    BoostGraph g(graph_.nodes().size());
    for (const core::Connection& c : graph_.connections()) boost::add_edge(c.source, c.target, g);
    std::vector<std::size_t> component(graph_.nodes().size());
    const std::size_t components = boost::strong_components(
        g, boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, g)));
    BoostGraph dag(components);
    for (const core::Connection& c : graph_.connections()) {
      if (component[c.source] != component[c.target]) boost::add_edge(component[c.source], component[c.target], dag);
    }
    std::vector<std::size_t> reverse_order;
    boost::topological_sort(dag, std::back_inserter(reverse_order));
    std::vector<std::size_t> depth(components, 0);
    for (auto it = reverse_order.rbegin(); it != reverse_order.rend(); ++it) {
      for (auto [e, end] = boost::out_edges(*it, dag); e != end; ++e) {
        depth[boost::target(*e, dag)] = std::max(depth[boost::target(*e, dag)], depth[*it] + 1);
      }
    }
    std::vector<NodeId> hidden;
    for (NodeId id : neurons_) {
      if (id != readout_) hidden.push_back(id);
    }
    if (hidden.empty()) {
      fail("at_least_two_neuron_layers_needed", "the graph has one neuron layer, readout " + quoted(node(readout_)) +
                                                    "; " + chip_.name + " needs a hidden layer before the readout");
    }
    const auto rank = [&](NodeId id) {
      int group = 1;
      if (chip_.input_expansion_neurons != 0 && fed_by_input(id))
        group = 0;
      else if (chip_.output_expansion_neurons != 0 && drives_readout(id))
        group = 2;
      return std::tuple(group, depth[component[id]], id);
    };
    std::sort(hidden.begin(), hidden.end(), [&](NodeId a, NodeId b) { return rank(a) < rank(b); });
    for (NodeId id : hidden) {
      index_of_[id] = topology_.hidden.size();
      const core::Node& n = node(id);
      topology_.hidden.push_back(NeuronLayer{id, n.size, n.neurons().synapses.size(), false});
    }
  }

  bool fed_by_input(NodeId layer) const {
    return std::any_of(sources_[layer].begin(), sources_[layer].end(),
                       [&](NodeId w) { return sources_[w] == std::vector<NodeId>{topology_.input}; });
  }
  bool drives_readout(NodeId layer) const {
    return std::any_of(targets_[layer].begin(), targets_[layer].end(),
                       [&](NodeId w) { return targets_[w] == std::vector<NodeId>{readout_}; });
  }

  // A weight node fed by several hidden layers sums their events: the chip copies the events of the earlier layers
  // into the last one (aliases), whose events then drive the weights. That is exact only when every weight node the
  // last layer drives is fed by the same layers, and no alias target is itself an alias source.
  void find_aliases() {
    std::map<std::size_t, std::size_t> target_of;  // alias source (hidden index) → target
    for (NodeId w : weights_) {
      const auto& from = sources_[w];
      if (from.size() < 2) continue;
      std::vector<std::size_t> layers;
      for (NodeId s : from) layers.push_back(index_of_.at(s));
      std::sort(layers.begin(), layers.end());
      const std::size_t target = layers.back();
      const core::Node& t = node(topology_.hidden[target].node);
      for (std::size_t i = 0; i + 1 < layers.size(); ++i) {
        const core::Node& s = node(topology_.hidden[layers[i]].node);
        if (s.size != t.size) {
          fail("alias_sizes_match", "weight node " + quoted(node(w)) + " sums " + quoted(s) + " (" +
                                        std::to_string(s.size) + " neurons) and " + quoted(t) + " (" +
                                        std::to_string(t.size) + "); a residual path on " + chip_.name +
                                        " copies events neuron by neuron and needs equal sizes");
        }
        if (chip_.max_alias_targets == 0) {
          fail("max_alias_targets", "weight node " + quoted(node(w)) + " sums " + quoted(s) + " and " + quoted(t) +
                                        "; " + chip_.name + " has no aliases for residual paths");
        }
        const auto [it, inserted] = target_of.emplace(layers[i], target);
        if (!inserted && it->second != target) {
          fail("max_alias_targets", "node " + quoted(s) + " needs aliases to " +
                                        quoted(node(topology_.hidden[it->second].node)) + " and " + quoted(t) + "; " +
                                        chip_.name + " neurons have " + std::to_string(chip_.max_alias_targets) +
                                        " alias target");
        }
      }
      for (NodeId other : targets_[topology_.hidden[target].node]) {
        std::vector<NodeId> other_from = sources_[other];
        std::vector<NodeId> this_from = from;
        std::sort(other_from.begin(), other_from.end());
        std::sort(this_from.begin(), this_from.end());
        if (other_from != this_from) {
          fail("alias_target_consumers", "node " + quoted(t) + " feeds " + quoted(node(other)) +
                                             " alone and, through " + quoted(node(w)) +
                                             ", summed with other layers; on " + chip_.name +
                                             " a residual copy reaches every weight node of its target layer");
        }
      }
    }
    for (const auto& [source, target] : target_of) {
      if (target_of.contains(target)) {
        fail("alias_chain", "node " + quoted(node(topology_.hidden[target].node)) + " is the alias target of " +
                                quoted(node(topology_.hidden[source].node)) + " and an alias source itself; " +
                                "reef maps one residual step per layer");
      }
      topology_.aliases.push_back(AliasLink{source, target});
    }
  }

  void check_resources() const {
    std::size_t total = 0, ien = 0, oen = 0;
    for (const NeuronLayer& layer : topology_.hidden) {
      const core::Node& n = node(layer.node);
      total += layer.size;
      if (total > chip_.max_hidden) {
        fail("max_hidden", "node " + quoted(n) + " needs " + std::to_string(layer.size) + " hidden neurons (" +
                               std::to_string(total) + " so far), " + chip_.name + " has " +
                               std::to_string(chip_.max_hidden));
      }
      if (chip_.input_expansion_neurons != 0 && fed_by_input(layer.node)) {
        ien += layer.size;
        if (ien > chip_.input_expansion_neurons) {
          fail("input_expansion", "node " + quoted(n) + " needs " + std::to_string(layer.size) +
                                      " neurons fed by the inputs (" + std::to_string(ien) + " so far), " + chip_.name +
                                      " has " + std::to_string(chip_.input_expansion_neurons) +
                                      " input expansion neurons");
        }
      }
      if (chip_.output_expansion_neurons != 0 && drives_readout(layer.node)) {
        oen += layer.size;
        if (oen > chip_.output_expansion_neurons) {
          fail("output_expansion", "node " + quoted(n) + " needs " + std::to_string(layer.size) +
                                       " neurons driving the readout (" + std::to_string(oen) + " so far), " +
                                       chip_.name + " has " + std::to_string(chip_.output_expansion_neurons) +
                                       " output expansion neurons");
        }
      }
    }
  }

  void link_weights() {
    std::map<std::tuple<NodeId, NodeId, std::size_t>, NodeId> slots;  // (source, target, synapse) → weight node
    std::map<std::size_t, std::size_t> alias_target;
    for (const AliasLink& a : topology_.aliases) alias_target[a.source] = a.target;
    for (NodeId w : weights_) {
      WeightLink link;
      link.node = w;
      const NodeId source = sources_[w][0];
      link.from_input = source == topology_.input;
      if (!link.from_input) {
        link.from_hidden = index_of_.at(source);
        if (alias_target.contains(link.from_hidden)) link.from_hidden = alias_target.at(link.from_hidden);
      }
      const NodeId target = targets_[w][0];
      link.to_output = target == readout_;
      if (!link.to_output) link.to_hidden = index_of_.at(target);
      for (const core::Connection& c : graph_.connections()) {
        if (c.source == w) link.synapse = c.synapse;
      }
      const NodeId from_key = link.from_input ? topology_.input : topology_.hidden[link.from_hidden].node;
      const auto [it, inserted] = slots.emplace(std::tuple(from_key, target, link.synapse), w);
      if (!inserted) {
        fail("one_weight_node_per_synapse", "nodes " + quoted(node(it->second)) + " and " + quoted(node(w)) +
                                                " both connect " + quoted(node(from_key)) + " to " +
                                                quoted(node(target)) + " synapse " + std::to_string(link.synapse) +
                                                "; " + chip_.name + " has one weight per synapse: merge them");
      }
      if (!link.from_input && !link.to_output && link.from_hidden == link.to_hidden) {
        topology_.hidden[link.to_hidden].recurrent = true;
      }
      topology_.weights.push_back(link);
    }
  }

  const core::Graph& graph_;
  const ChipSpec& chip_;
  std::vector<std::vector<NodeId>> sources_;  // per node, the sources of its incoming connections
  std::vector<std::vector<NodeId>> targets_;  // per node, the targets of its outgoing connections
  std::vector<NodeId> weights_;
  std::vector<NodeId> neurons_;
  NodeId readout_ = 0;
  std::map<NodeId, std::size_t> index_of_;  // hidden layer node → index in topology_.hidden
  ChipTopology topology_;
};

}  // namespace

ChipTopology analyze_topology(const core::Graph& graph, const ChipSpec& chip) { return Analyzer(graph, chip).run(); }

}  // namespace reef::hw
