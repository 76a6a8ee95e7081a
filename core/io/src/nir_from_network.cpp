// nir_graph_from_network: a YAML network (populations, sources, projections) in NIR's vocabulary. Convention (see
// docs/nir.md "Conversion"): a spike is a Dirac impulse of area 1, so a YAML spike of weight w reaches the neurons as
// a Linear weight w with w_in = tau_syn (CubaLIF/CubaLI: the current jumps by w), r = tau_mem (LIF/LI: v jumps by w)
// or r = 1 (IF).
#include <cmath>

#include "reef/core/error.hpp"
#include "reef/io/nir.hpp"

namespace reef::io {
namespace {

[[noreturn]] void cannot(const std::string& what, const std::string& why) {
  throw ValidationError(what + ": NIR cannot express " + why);
}

bool all_zero(const core::PerNeuron& p) { return p.min() == 0.0 && p.max() == 0.0; }

bool same(const core::PerNeuron& a, const core::PerNeuron& b, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

core::NeuronParams neurons_for_nir(const core::Node& node) {
  const std::string what = "population '" + node.name + "'";
  core::NeuronParams n = node.neurons();
  if (!all_zero(n.refractory_s)) cannot(what, "a refractory period");
  if (!all_zero(n.bias)) cannot(what, "a constant bias current");
  if (!all_zero(n.v_initial)) cannot(what, "a non-zero initial membrane potential (v_initial)");
  for (const core::SynapseParams& s : n.synapses) {
    if (!all_zero(s.initial)) cannot(what + ", synapse '" + s.name + "'", "a non-zero initial current");
    if (!same(s.tau_s, n.synapses[0].tau_s, node.size))
      cannot(what, "several synapse types with different time constants on one population ('" +
                       n.synapses[0].name + "' and '" + s.name + "')");
  }
  if (n.synapses.size() > 1) n.synapses.resize(1);
  if (!n.synapses.empty()) {
    n.synapses[0].name = "syn";  // NIR synapses have no names; the reader calls its one synapse "syn"
    n.synapses[0].w_in = n.synapses[0].tau_s;
  } else if (n.has_leak()) {
    n.r = n.tau_mem_s;
  } else {
    n.r = 1.0;
  }
  n.bias = 0.0;
  return n;
}

}  // namespace

NirConversion nir_graph_from_network(const core::Graph& network) {
  NirConversion result;
  core::GraphBuilder builder;
  for (const core::Node& node : network.nodes()) {
    core::Node out;
    out.name = node.name;
    out.size = node.size;
    out.shape = {node.size};
    if (node.is_population()) {
      out.params = neurons_for_nir(node);
    } else if (std::holds_alternative<core::PoissonSourceParams>(node.params)) {
      cannot("input '" + node.name + "'", "Poisson rates; replace it with a spike source or feed spikes at run time");
    } else {
      out.params = core::InputParams{};
      result.notes.push_back("input '" + node.name + "' became an Input node; its " +
                             (std::holds_alternative<core::CurrentSourceParams>(node.params)
                                  ? "amplitudes are not part of NIR (a constant current now arrives as a signal "
                                    "through its Linear node and the neurons' input, not as bias)"
                                  : "spike times are not part of NIR: feed them at run time"));
    }
    builder.add_node(std::move(out));
  }
  for (const core::Edge& edge : network.edges()) {
    const std::string what = "projection '" + edge.name + "'";
    const core::Synapses& s = edge.synapses;
    const std::size_t in = s.n_source();
    const std::size_t out = s.n_target();
    for (core::Time d : s.delays())
      if (d != s.delays()[0]) cannot(what, "per-synapse delays (a Delay node holds one delay per target neuron)");
    core::AffineParams linear;
    linear.weight = core::Tensor{{out, in}, std::vector<double>(in * out, 0.0)};
    const core::Synapses sparse = s.is_dense() ? s.to_sparse() : s;
    const core::CsrTopology& t = sparse.topology();
    for (std::size_t source = 0; source < in; ++source)
      for (std::uint64_t k = t.row_offsets[source]; k < t.row_offsets[source + 1]; ++k)
        linear.weight.values[t.targets[k] * in + source] += sparse.weight(k);
    const core::NodeId linear_id = builder.add_node({edge.name, out, std::move(linear), {out}});
    builder.add_connection({edge.source, linear_id});
    core::NodeId last = linear_id;
    const double delay = s.delays().empty() ? 0.0 : s.delays()[0].seconds();
    if (delay > 0.0) {
      last = builder.add_node({edge.name + ".delay", out, core::DelayParams{std::vector<double>(out, delay)}, {out}});
      builder.add_connection({linear_id, last});
    }
    builder.add_connection({last, edge.target});
  }
  result.graph = std::move(builder).build();
  return result;
}

}  // namespace reef::io
