// Small Xylo-style graphs for the topology and mapper tests: Input → Affine → CubaLIF … → Output, built with
// core::GraphBuilder, with chip-integer parameters (taus are exact bitshift decays at kDt) unless a test changes them.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "reef/core/graph.hpp"

namespace mapper_test {

using reef::core::NodeId;

inline constexpr double kDt = 1e-3;

// The time constant whose decay exp(−dt/tau) is 1 − 2^−dash: the inverse of the chip's bitshift decay, written here
// independently of hw::tau_from_dash.
inline double tau_of_dash(int dash) { return -kDt / std::log(1.0 - std::pow(2.0, -dash)); }

// A chip-style CubaLIF: subtractive reset to 0, r = 1, w_in = 1, dash_mem 3, dash_syn 2 (and 4 for synapse 2).
inline reef::core::NeuronParams chip_neurons(std::size_t synapses = 1, double threshold = 100.0, double bias = 0.0) {
  reef::core::NeuronParams p;
  p.model = reef::core::NeuronModel::cuba_lif;
  p.tau_mem_s = tau_of_dash(3);
  p.v_th = threshold;
  p.bias = bias;
  p.reset = reef::core::ResetMode::subtract;
  for (std::size_t k = 0; k < synapses; ++k) {
    reef::core::SynapseParams s;
    s.name = "syn" + std::to_string(k);
    s.tau_s = tau_of_dash(k == 0 ? 2 : 4);
    p.synapses.push_back(s);
  }
  return p;
}

class NetBuilder {
 public:
  NodeId input(const std::string& name, std::size_t n) {
    reef::core::Node node{name, n, reef::core::InputParams{}, {n}};
    return b_.add_node(node);
  }
  NodeId output(const std::string& name, std::size_t n) {
    reef::core::Node node{name, n, reef::core::OutputParams{}, {n}};
    return b_.add_node(node);
  }
  NodeId neurons(const std::string& name, std::size_t n, reef::core::NeuronParams p = chip_neurons()) {
    reef::core::Node node{name, n, std::move(p), {}};
    return b_.add_node(node);
  }
  // A weight node (rows = outputs, cols = inputs) with every weight `value`, or with `values` row-major.
  NodeId weights(const std::string& name, std::size_t rows, std::size_t cols, double value = 1.0,
                 std::vector<double> values = {}) {
    reef::core::AffineParams a;
    a.weight.shape = {rows, cols};
    a.weight.values = values.empty() ? std::vector<double>(rows * cols, value) : std::move(values);
    reef::core::Node node{name, rows, std::move(a), {}};
    return b_.add_node(node);
  }
  NodeId node(reef::core::Node n) { return b_.add_node(std::move(n)); }
  void connect(NodeId from, NodeId to, std::size_t synapse = 0) { b_.add_connection({from, to, synapse}); }
  // source → weights → target, all weights `value`; returns the weight node.
  NodeId project(const std::string& name, NodeId from, NodeId to, double value = 1.0, std::size_t synapse = 0) {
    const NodeId w = weights(name, b_.node(to).size, b_.node(from).size, value);
    connect(from, w);
    connect(w, to, synapse);
    return w;
  }
  const reef::core::Node& get(NodeId id) const { return b_.node(id); }
  reef::core::Graph build() && { return std::move(b_).build(); }

 private:
  reef::core::GraphBuilder b_;
};

// input(n_in) → fc1 → hidden(n_hidden, recurrent through w_rec when asked) → fc2 → readout(n_out) → output.
inline reef::core::Graph one_hidden_layer(std::size_t n_in, std::size_t n_hidden, std::size_t n_out,
                                          bool recurrent = true) {
  NetBuilder net;
  const NodeId in = net.input("input", n_in);
  const NodeId h = net.neurons("lif1", n_hidden);
  const NodeId r = net.neurons("lif2", n_out);
  const NodeId out = net.output("output", n_out);
  net.project("fc1", in, h);
  if (recurrent) net.project("w_rec", h, h);
  net.project("fc2", h, r);
  net.connect(r, out);
  return std::move(net).build();
}

}  // namespace mapper_test
