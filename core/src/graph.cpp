// Graph queries and its content hash.
#include "reef/core/graph.hpp"

#include <cstdio>

#include "reef/core/random.hpp"

namespace reef::core {

std::string_view Node::kind_name() const {
  struct Visitor {
    std::string_view operator()(const NeuronParams& p) const { return to_string(p.model); }
    std::string_view operator()(const SpikeSourceParams&) const { return "spikes"; }
    std::string_view operator()(const PoissonSourceParams&) const { return "poisson"; }
    std::string_view operator()(const CurrentSourceParams&) const { return "current"; }
    std::string_view operator()(const InputParams&) const { return "input"; }
    std::string_view operator()(const OutputParams&) const { return "output"; }
    std::string_view operator()(const AffineParams& p) const { return p.has_bias() ? "affine" : "linear"; }
    std::string_view operator()(const ScaleParams&) const { return "scale"; }
    std::string_view operator()(const ThresholdParams&) const { return "threshold"; }
    std::string_view operator()(const DelayParams&) const { return "delay"; }
    std::string_view operator()(const FlattenParams&) const { return "flatten"; }
    std::string_view operator()(const ConvParams& p) const { return p.spatial_dims() == 1 ? "conv1d" : "conv2d"; }
    std::string_view operator()(const PoolParams& p) const {
      return p.kind == PoolKind::sum ? "sum_pool2d" : "avg_pool2d";
    }
  };
  return std::visit(Visitor{}, params);
}

std::string_view to_string(NeuronModel model) {
  switch (model) {
    case NeuronModel::cuba_lif: return "cuba_lif";
    case NeuronModel::lif: return "lif";
    case NeuronModel::integrate_and_fire: return "if";
    case NeuronModel::leaky_integrator: return "li";
    case NeuronModel::integrator: return "i";
  }
  return "?";
}

std::string_view to_string(ResetMode mode) { return mode == ResetMode::to_value ? "value" : "subtract"; }

std::optional<NodeId> Graph::find(std::string_view name) const {
  for (std::size_t i = 0; i < nodes_.size(); ++i)
    if (nodes_[i].name == name) return static_cast<NodeId>(i);
  return std::nullopt;
}

std::size_t Graph::neuron_count() const {
  std::size_t total = 0;
  for (const Node& node : nodes_)
    if (node.is_population()) total += node.size;
  return total;
}

std::size_t Graph::synapse_count() const {
  std::size_t total = 0;
  for (const Edge& edge : edges_) total += edge.synapses.count();
  return total;
}

namespace {

void hash_string(Fnv1a& h, std::string_view s) {
  h.add(s.size());
  h.add_bytes(s.data(), s.size());
}

void hash_values(Fnv1a& h, const PerNeuron& p) {
  h.add(p.size());
  h.add_bytes(p.values().data(), p.values().size() * sizeof(double));
}

template <typename T>
void hash_vector(Fnv1a& h, const std::vector<T>& v) {
  h.add(v.size());
  if (!v.empty()) h.add_bytes(v.data(), v.size() * sizeof(T));
}

void hash_tensor(Fnv1a& h, const Tensor& t) {
  hash_vector(h, t.shape);
  hash_vector(h, t.values);
}

// Layer nodes: every field, in declaration order.
struct LayerHasher {
  Fnv1a& h;
  void operator()(const InputParams&) const {}
  void operator()(const OutputParams&) const {}
  void operator()(const AffineParams& p) const {
    hash_tensor(h, p.weight);
    hash_vector(h, p.bias);
  }
  void operator()(const ScaleParams& p) const { hash_vector(h, p.scale); }
  void operator()(const ThresholdParams& p) const { hash_vector(h, p.threshold); }
  void operator()(const DelayParams& p) const { hash_vector(h, p.delay_s); }
  void operator()(const FlattenParams& p) const {
    hash_vector(h, p.input_shape);
    h.add(p.start_dim);
    h.add(p.end_dim);
  }
  void operator()(const ConvParams& p) const {
    hash_tensor(h, p.weight);
    hash_vector(h, p.bias);
    for (const auto* v : {&p.stride, &p.padding, &p.dilation}) hash_vector(h, *v);
    h.add(p.groups);
    hash_vector(h, p.input_shape);
  }
  void operator()(const PoolParams& p) const {
    h.add(static_cast<int>(p.kind));
    for (const auto* v : {&p.kernel, &p.stride, &p.padding, &p.input_shape}) hash_vector(h, *v);
  }
  void operator()(const auto&) const {}  // neurons and sources are hashed by hash_node
};

void hash_node(Fnv1a& h, const Node& node) {
  hash_string(h, node.name);
  hash_string(h, node.kind_name());
  h.add(node.size);
  hash_vector(h, node.shape);
  std::visit(LayerHasher{h}, node.params);
  if (const auto* n = std::get_if<NeuronParams>(&node.params)) {
    for (const PerNeuron* p : {&n->tau_mem_s, &n->r, &n->v_leak, &n->v_th, &n->v_reset, &n->bias, &n->refractory_s,
                               &n->v_initial})
      hash_values(h, *p);
    h.add(static_cast<int>(n->reset));
    h.add(n->synapses.size());
    for (const SynapseParams& s : n->synapses) {
      hash_string(h, s.name);
      hash_values(h, s.tau_s);
      hash_values(h, s.initial);
      hash_values(h, s.w_in);
    }
  } else if (const auto* s = std::get_if<SpikeSourceParams>(&node.params)) {
    h.add(s->times.size());
    for (const auto& channel : s->times) hash_vector(h, channel);
  } else if (const auto* p = std::get_if<PoissonSourceParams>(&node.params)) {
    hash_values(h, p->rate_hz);
    h.add(p->seed);
    h.add(p->start);
    h.add(p->stop);
  } else if (const auto* c = std::get_if<CurrentSourceParams>(&node.params)) {
    hash_values(h, c->amplitude);
  }
}

}  // namespace

std::string Graph::content_hash() const {
  Fnv1a h;
  h.add(nodes_.size());
  for (const Node& node : nodes_) hash_node(h, node);
  h.add(edges_.size());
  for (const Edge& edge : edges_) {
    hash_string(h, edge.name);
    h.add(edge.source);
    h.add(edge.target);
    h.add(edge.synapse);
    const Synapses& s = edge.synapses;
    h.add(s.n_source());
    h.add(s.n_target());
    h.add(s.is_dense());
    hash_vector(h, s.topology().row_offsets);
    hash_vector(h, s.topology().targets);
    h.add(s.weights().size());
    h.add_bytes(s.weights().data(), s.weights().size_bytes());
    h.add(s.delays().size());
    h.add_bytes(s.delays().data(), s.delays().size_bytes());
  }
  h.add(connections_.size());
  for (const Connection& connection : connections_) {
    h.add(connection.source);
    h.add(connection.target);
    if (connection.synapse != 0) h.add(connection.synapse);  // keeps the hash of every single-synapse graph
  }
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(h.value()));
  return buffer;
}

NodeId GraphBuilder::add_node(Node node) {
  graph_.nodes_.push_back(std::move(node));
  return static_cast<NodeId>(graph_.nodes_.size() - 1);
}

void GraphBuilder::add_edge(Edge edge) { graph_.edges_.push_back(std::move(edge)); }

void GraphBuilder::add_connection(Connection connection) { graph_.connections_.push_back(connection); }

std::optional<NodeId> GraphBuilder::find(std::string_view name) const { return graph_.find(name); }

}  // namespace reef::core
