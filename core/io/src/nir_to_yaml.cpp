// write_nir_as_yaml: neuron nodes -> populations and Linear/Affine(zero bias)[-> Delay] chains between them ->
// dense projections (weights in NPY files), under the Dirac-impulse convention of nir_from_network.cpp inverted:
// a Linear weight W into neuron j becomes a YAML weight W * w_in_j / tau_syn_j (CubaLIF/CubaLI), W * r_j / tau_j
// (LIF/LI) or W * r_j (IF).
#include <cctype>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include "reef/core/atomic_output.hpp"
#include "file_io.hpp"
#include "reef/core/error.hpp"
#include "reef/io/nir.hpp"
#include "reef/io/npy.hpp"

namespace reef::io {
namespace {

using core::Node;

[[noreturn]] void cannot(const Node& node, const std::string& why) {
  throw ValidationError("node '" + node.name + "' (" + std::string(node.kind_name()) +
                        "): a YAML network cannot express " + why);
}

std::string number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", v);
  return text;
}

std::string values(const core::PerNeuron& p) {
  if (p.is_shared()) return number(p[0]);
  std::string out = "[";
  for (std::size_t i = 0; i < p.size(); ++i) out += (i > 0 ? ", " : "") + number(p.values()[i]);
  return out + "]";
}

// YAML names: letters, digits, '_' and '-', starting with a letter or '_'.
std::string yaml_name(const std::string& name) {
  std::string out;
  for (char c : name) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') ? c : '_';
  if (out.empty() || !(std::isalpha(static_cast<unsigned char>(out[0])) || out[0] == '_')) out = "n" + out;
  return out;
}

// The factor a Linear weight into neuron j gets as a YAML spike weight.
double input_gain(const core::NeuronParams& n, std::size_t j) {
  if (!n.synapses.empty()) return n.synapses[0].w_in[j] / n.synapses[0].tau_s[j];
  if (n.has_leak()) return n.r[j] / n.tau_mem_s[j];
  return n.r[j];
}

class YamlWriter {
 public:
  YamlWriter(const core::Graph& graph, const std::filesystem::path& path) : graph_(graph), path_(path) {}

  std::vector<std::string> write() {
    for (const Node& node : graph_.nodes()) name_node(node);
    for (const Node& node : graph_.nodes()) {
      if (node.is_population()) add_population(node);
      else if (std::holds_alternative<core::AffineParams>(node.params)) add_projections(node);
      else if (std::holds_alternative<core::InputParams>(node.params))
        notes_.push_back("Input '" + node.name + "' " + core::to_string(node.output_shape()) +
                         " left out: a YAML input needs its data (spike times or a file); add one and its projections");
      else if (std::holds_alternative<core::OutputParams>(node.params))
        notes_.push_back("Output '" + node.name + "' left out: YAML records populations instead");
      else if (!std::holds_alternative<core::DelayParams>(node.params))
        cannot(node, "this layer type (only neurons, Linear/Affine without bias and Delay convert)");
    }
    for (const core::Connection& c : graph_.connections()) {
      const Node& source = graph_.node(c.source);
      const Node& target = graph_.node(c.target);
      if (source.is_population() && target.is_population())
        cannot(target, "an identity connection from '" + source.name + "' without a Linear node carrying weights");
      if (std::holds_alternative<core::DelayParams>(target.params) &&
          !std::holds_alternative<core::AffineParams>(source.params))
        cannot(target, "a Delay that does not follow a Linear node");
    }
    if (populations_.empty()) throw ValidationError("the NIR graph has no neuron nodes; a YAML network needs one");
    std::string yaml = "# Converted by reef from NIR (docs/nir.md, \"Conversion\"): spikes are unit impulses.\n"
                       "name: " + yaml_name(path_.stem().string()) + "\npopulations:\n" + populations_;
    if (!projections_.empty()) yaml += "projections:\n" + projections_;
    for (const auto& [file, matrix] : matrices_) write_npy(file, matrix.first, matrix.second);
    core::AtomicOutput atomic(path_, core::AtomicOutput::Kind::file);
    OutputFile out(atomic.temporary());
    out.write(yaml);
    out.close();
    atomic.commit();
    return notes_;
  }

 private:
  void name_node(const Node& node) {
    std::string name = yaml_name(node.name);
    while (!used_.insert(name).second) name += "_";
    if (name != node.name && (node.is_population() || std::holds_alternative<core::AffineParams>(node.params)))
      notes_.push_back("'" + node.name + "' is named '" + name + "' in YAML");
    names_[node.name] = name;
  }

  void add_population(const Node& node) {
    const core::NeuronParams& n = node.neurons();
    if (n.model == core::NeuronModel::integrator) cannot(node, "an integrator (NIR I) population");
    if (node.output_shape().size() > 1)
      notes_.push_back("population '" + names_[node.name] + "' flattens shape " + core::to_string(node.shape));
    static const std::map<core::NeuronModel, std::string> kModels{{core::NeuronModel::cuba_lif, "cuba_lif"},
                                                                  {core::NeuronModel::lif, "lif"},
                                                                  {core::NeuronModel::integrate_and_fire, "if"},
                                                                  {core::NeuronModel::leaky_integrator, "li"}};
    std::string p = "  " + names_[node.name] + ":\n    model: " + kModels.at(n.model) + "\n    size: " +
                    std::to_string(node.size) + "\n";
    if (n.has_leak()) p += "    tau_mem: " + values(n.tau_mem_s) + "\n    v_leak: " + values(n.v_leak) + "\n";
    if (!n.synapses.empty()) p += "    synapses:\n      syn:\n        tau: " + values(n.synapses[0].tau_s) + "\n";
    if (!n.synapses.empty()) p += "    r: " + values(n.r) + "\n";
    if (n.spikes())
      p += "    v_th: " + values(n.v_th) + "\n    v_reset: " + values(n.v_reset) + "\n    reset: " +
           (n.reset == core::ResetMode::subtract ? "subtract" : "value") + "\n";
    populations_ += p;
  }

  void add_projections(const Node& linear) {
    const auto& a = std::get<core::AffineParams>(linear.params);
    for (double b : a.bias)
      if (b != 0.0) cannot(linear, "a non-zero Affine bias");
    std::vector<core::NodeId> sources;
    std::vector<std::pair<core::NodeId, double>> targets;  // neuron node, delay in seconds
    const core::NodeId self = *graph_.find(linear.name);
    for (const core::Connection& c : graph_.connections()) {
      if (c.target == self) sources.push_back(c.source);
      if (c.source != self) continue;
      const Node& next = graph_.node(c.target);
      if (next.is_population()) targets.emplace_back(c.target, 0.0);
      else if (const auto* delay = std::get_if<core::DelayParams>(&next.params)) add_delayed(next, *delay, targets);
      else cannot(linear, "output into '" + next.name + "', which is not a population or Delay");
    }
    if (sources.size() != 1) cannot(linear, std::to_string(sources.size()) + " inputs (a projection has one source)");
    const Node& source = graph_.node(sources[0]);
    if (!source.is_population()) {
      notes_.push_back("Linear '" + linear.name + "' from Input '" + source.name + "' left out with its Input");
      return;
    }
    for (const auto& [target_id, delay] : targets) {
      const Node& target = graph_.node(target_id);
      std::string name = names_[linear.name];
      if (targets.size() > 1) name += "_" + names_[target.name];
      const std::size_t in = a.weight.shape[1];
      const std::size_t out = a.weight.shape[0];
      std::vector<double> matrix(in * out);
      for (std::size_t j = 0; j < out; ++j)
        for (std::size_t i = 0; i < in; ++i)
          matrix[i * out + j] = a.weight.values[j * in + i] * input_gain(target.neurons(), j);
      const std::filesystem::path file = path_.parent_path() / (path_.stem().string() + "." + name + ".npy");
      matrices_[file] = {{in, out}, std::move(matrix)};
      projections_ += "  " + name + ": {from: " + names_[source.name] + ", to: " + names_[target.name] +
                      ", connect: {rule: dense, matrix: " + file.filename().string() + "}" +
                      (delay > 0.0 ? ", delay: " + number(delay) : "") + "}\n";
    }
  }

  void add_delayed(const Node& delay_node, const core::DelayParams& delay,
                   std::vector<std::pair<core::NodeId, double>>& targets) const {
    for (double d : delay.delay_s)
      if (d != delay.delay_s[0]) cannot(delay_node, "different delays per neuron (a projection has one delay)");
    const core::NodeId self = *graph_.find(delay_node.name);
    for (const core::Connection& c : graph_.connections()) {
      if (c.source != self) continue;
      if (!graph_.node(c.target).is_population()) cannot(delay_node, "output into a node that is not a population");
      targets.emplace_back(c.target, delay.delay_s[0]);
    }
  }

  const core::Graph& graph_;
  std::filesystem::path path_;
  std::map<std::string, std::string> names_;
  std::set<std::string> used_;
  std::vector<std::string> notes_;
  std::string populations_;
  std::string projections_;
  std::map<std::filesystem::path, std::pair<std::vector<std::size_t>, std::vector<double>>> matrices_;
};

}  // namespace

std::vector<std::string> write_nir_as_yaml(const std::filesystem::path& yaml_path, const core::Graph& graph) {
  return YamlWriter(graph, yaml_path).write();
}

}  // namespace reef::io
