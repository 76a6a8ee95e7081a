// Model <-> core::Graph in NIR's vocabulary: a chain Input -> layers -> Output, neurons with the snnTorch exporter's
// r = tau_mem/dt and w_in = tau_syn/dt (so io::guess_nir_convention recognises the snntorch profile and dt), and a
// recurrent layer as an Affine "<layer>.recurrent" closing a loop on its neuron node.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>

#include "reef/core/error.hpp"
#include "reef/sim/train/model.hpp"
#include "train_layer.hpp"

namespace reef::sim::train {

namespace {

std::vector<double> to_double(const std::vector<float>& values) { return {values.begin(), values.end()}; }

// Linear weights (in, out) -> NIR's (out, in).
core::Tensor affine_weight(const Parameter& p) {
  const std::size_t in = p.shape[0], out = p.shape[1];
  core::Tensor t{{out, in}, std::vector<double>(in * out)};
  for (std::size_t i = 0; i < in; ++i)
    for (std::size_t o = 0; o < out; ++o) t.values[o * in + i] = p.value[i * out + o];
  return t;
}

core::PerNeuron per_neuron(const std::vector<double>& values) {
  for (double v : values)
    if (v != values.front()) return core::PerNeuron(values);
  return core::PerNeuron(values.front());
}

LayerParameters own_parameters(const Model& model, const LayerSpec& layer) {
  LayerParameters own;
  const auto& ps = model.parameters();
  for (std::size_t k = 0; k < ps.size(); ++k) {
    const std::string& name = ps[k].name;
    if (name.rfind(layer.name + ".", 0) != 0) continue;
    const std::string field = name.substr(layer.name.size() + 1);
    if (field == "weight") own.weight = k;
    if (field == "bias") own.bias = k;
    if (field == "recurrent_weight") own.recurrent_weight = k;
    if (field == "recurrent_bias") own.recurrent_bias = k;
    if (field == "alpha") own.alpha = k;
    if (field == "beta") own.beta = k;
    if (field == "threshold") own.threshold = k;
  }
  return own;
}

[[noreturn]] void unfit(const core::Node& node, const std::string& why) {
  throw ValidationError("node '" + node.name + "' (" + std::string(node.kind_name()) + "): " + why);
}

// The spec of one chain node and, for layers with parameters, their values (to copy once the Model exists).
LayerSpec layer_of(const core::Node& node, double dt_s, const Surrogate& surrogate,
                   std::map<std::string, std::vector<float>>& values) {
  LayerSpec layer;
  layer.name = node.name;
  const auto floats = [](const std::vector<double>& v) { return std::vector<float>(v.begin(), v.end()); };
  if (const auto* affine = std::get_if<core::AffineParams>(&node.params)) {
    const std::size_t out = affine->weight.shape.at(0), n_in = affine->weight.shape.at(1);
    std::vector<float> w(n_in * out);
    for (std::size_t o = 0; o < out; ++o)
      for (std::size_t i = 0; i < n_in; ++i) w[i * out + o] = static_cast<float>(affine->weight.values[o * n_in + i]);
    layer.out_features = out;
    layer.bias = affine->has_bias();
    values[layer.name + ".weight"] = std::move(w);
    if (layer.bias) values[layer.name + ".bias"] = floats(affine->bias);
  } else if (const auto* conv = std::get_if<core::ConvParams>(&node.params)) {
    if (conv->spatial_dims() != 2 || conv->groups != 1 || conv->weight.shape[2] != conv->weight.shape[3] ||
        conv->stride[0] != conv->stride[1] || conv->padding[0] != conv->padding[1] || conv->dilation[0] != 1 ||
        conv->dilation[1] != 1)
      unfit(node,
            "training handles 2-d convolutions with square kernels, equal strides and paddings, no dilation or groups");
    layer.kind = LayerKind::conv2d;
    layer.out_features = conv->weight.shape[0];
    layer.kernel = conv->weight.shape[2];
    layer.stride = conv->stride[0];
    layer.padding = conv->padding[0];
    layer.bias = !conv->bias.empty();
    values[layer.name + ".weight"] = floats(conv->weight.values);
    if (layer.bias) values[layer.name + ".bias"] = floats(conv->bias);
  } else if (const auto* pool = std::get_if<core::PoolParams>(&node.params)) {
    if (pool->kernel[0] != pool->kernel[1] || pool->stride[0] != pool->stride[1] ||
        pool->padding[0] != pool->padding[1])
      unfit(node, "training handles square pooling windows with equal strides and paddings");
    layer.kind = pool->kind == core::PoolKind::sum ? LayerKind::sum_pool2d : LayerKind::avg_pool2d;
    layer.kernel = pool->kernel[0];
    layer.stride = pool->stride[0];
    layer.padding = pool->padding[0];
  } else if (std::holds_alternative<core::FlattenParams>(node.params)) {
    if (node.output_shape().size() != 1) unfit(node, "training flattens into one dimension only");
    layer.kind = LayerKind::flatten;
  } else if (node.is_population()) {
    const core::NeuronParams& n = node.neurons();
    switch (n.model) {
      case core::NeuronModel::cuba_lif:
        layer.kind = LayerKind::cuba_lif;
        break;
      case core::NeuronModel::lif:
        layer.kind = LayerKind::lif;
        break;
      case core::NeuronModel::integrate_and_fire:
        layer.kind = LayerKind::if_neuron;
        break;
      case core::NeuronModel::leaky_integrator:
        layer.kind = LayerKind::li;
        break;
      case core::NeuronModel::integrator:
        unfit(node, "an integrator (NIR I) has no trainable counterpart");
    }
    if (n.v_leak.max() != 0.0 || n.v_leak.min() != 0.0 || n.bias.max() != 0.0 || n.bias.min() != 0.0 ||
        n.refractory_s.max() != 0.0 || n.v_initial.max() != 0.0 || n.v_initial.min() != 0.0)
      unfit(node, "training needs v_leak = bias = v_initial = 0 and no refractory period");
    if (n.reset == core::ResetMode::to_value && (n.v_reset.max() != 0.0 || n.v_reset.min() != 0.0) &&
        layer.kind != LayerKind::li)
      unfit(node, "a reset to a value other than 0 has no snnTorch counterpart");
    if (layer.kind == LayerKind::cuba_lif ? n.synapses.size() != 1 : !n.synapses.empty())
      unfit(node, "training handles one synaptic current on cuba_lif and none on the other models");
    layer.reset = n.reset == core::ResetMode::subtract ? NeuronReset::subtract : NeuronReset::zero;
    // Time constants or thresholds that differ between neurons become learned per-neuron decays / thresholds.
    const bool cuba = layer.kind == LayerKind::cuba_lif;
    const core::PerNeuron tau_syn = cuba ? n.synapses[0].tau_s : core::PerNeuron(layer.tau_syn_s);
    if (layer.kind != LayerKind::if_neuron) layer.tau_mem_s = n.tau_mem_s[0];
    if (cuba) layer.tau_syn_s = tau_syn[0];
    if (layer.kind != LayerKind::li) layer.v_th = n.v_th[0];
    layer.learn_tau = layer.kind != LayerKind::if_neuron && (!n.tau_mem_s.is_shared() || !tau_syn.is_shared());
    layer.learn_threshold = layer.kind != LayerKind::li && !n.v_th.is_shared();
    const std::size_t size = node.size;
    const auto decays = [&](const core::PerNeuron& tau) {
      std::vector<float> d(size);
      for (std::size_t j = 0; j < size; ++j) d[j] = static_cast<float>(std::clamp(1.0 - dt_s / tau[j], 0.0, 1.0));
      return d;
    };
    if (layer.learn_tau) {
      values[layer.name + ".beta"] = decays(n.tau_mem_s);
      if (cuba) values[layer.name + ".alpha"] = decays(tau_syn);
    }
    if (layer.learn_threshold) {
      std::vector<float> th(size);
      for (std::size_t j = 0; j < size; ++j) th[j] = static_cast<float>(n.v_th[j]);
      values[layer.name + ".threshold"] = std::move(th);
    }
    layer.surrogate = surrogate;
  } else {
    unfit(node, "not a layer a trainable model has (linear, conv2d, pooling, flatten, neurons)");
  }
  return layer;
}

}  // namespace

Model Model::from_graph(const core::Graph& graph, double dt_s, const Surrogate& surrogate) {
  std::map<core::NodeId, std::vector<core::NodeId>> next;
  for (const core::Connection& c : graph.connections()) next[c.source].push_back(c.target);
  std::optional<core::NodeId> input;
  for (core::NodeId id = 0; id < graph.nodes().size(); ++id) {
    if (!std::holds_alternative<core::InputParams>(graph.node(id).params)) continue;
    if (input)
      throw ValidationError("a trainable model has one Input node; the graph has '" + graph.node(*input).name +
                            "' and '" + graph.node(id).name + "'");
    input = id;
  }
  if (!input) throw ValidationError("the graph has no Input node");
  if (!graph.edges().empty()) throw ValidationError("a trainable model has NIR connections only, not projections");
  ModelSpec spec;
  spec.dt_s = dt_s;
  spec.input_shape = graph.node(*input).output_shape();
  std::map<std::string, std::vector<float>> values;
  core::NodeId at = *input;
  for (std::size_t hops = 0;; ++hops) {
    std::vector<core::NodeId> targets = next[at];
    LayerSpec* neuron = spec.layers.empty() || !is_neuron(spec.layers.back().kind) ? nullptr : &spec.layers.back();
    if (neuron) {
      // A recurrent Affine feeds only back into this neuron node.
      for (auto it = targets.begin(); it != targets.end(); ++it) {
        const core::Node& candidate = graph.node(*it);
        if (!std::holds_alternative<core::AffineParams>(candidate.params) || next[*it] != std::vector<core::NodeId>{at})
          continue;
        const auto& affine = std::get<core::AffineParams>(candidate.params);
        const std::size_t n = affine.weight.shape.at(0);
        std::vector<float> w(n * n);
        for (std::size_t o = 0; o < n; ++o)
          for (std::size_t i = 0; i < n; ++i) w[i * n + o] = static_cast<float>(affine.weight.values[o * n + i]);
        neuron->recurrent = true;
        neuron->recurrent_bias = affine.has_bias();
        values[neuron->name + ".recurrent_weight"] = std::move(w);
        if (affine.has_bias()) values[neuron->name + ".recurrent_bias"] = {affine.bias.begin(), affine.bias.end()};
        targets.erase(it);
        break;
      }
    }
    const core::Node& from = graph.node(at);
    if (targets.size() != 1 || hops > graph.nodes().size())
      unfit(from, "a trainable model is a chain: each node feeds exactly one next node (besides a recurrent Affine)");
    const core::Node& node = graph.node(targets[0]);
    if (std::holds_alternative<core::OutputParams>(node.params)) break;
    spec.layers.push_back(layer_of(node, dt_s, surrogate, values));
    at = targets[0];
  }
  Model model(spec, 0);
  for (auto& [name, value] : values) {
    Parameter& p = model.parameter(name);
    if (p.value.size() != value.size())
      throw ValidationError("parameter '" + name + "' has the wrong size in the graph");
    p.value = std::move(value);
  }
  return model;
}

core::Graph Model::to_graph() const {
  const ModelSpec& spec = this->spec();
  const std::vector<core::Shape> shapes = layer_shapes(spec);
  const auto& ps = parameters();
  core::GraphBuilder builder;
  core::NodeId previous =
      builder.add_node({"input", core::element_count(spec.input_shape), core::InputParams{}, spec.input_shape});
  core::Shape in = spec.input_shape;
  for (std::size_t i = 0; i < spec.layers.size(); ++i) {
    const LayerSpec& layer = spec.layers[i];
    const core::Shape& out = shapes[i];
    const LayerParameters own = own_parameters(*this, layer);
    core::Node node{layer.name, core::element_count(out), core::InputParams{}, out};
    switch (layer.kind) {
      case LayerKind::linear:
        node.params =
            core::AffineParams{affine_weight(ps[own.weight]),
                               own.bias == kNoParameter ? std::vector<double>{} : to_double(ps[own.bias].value)};
        node.shape = {};
        break;
      case LayerKind::conv2d:
        node.params = core::ConvParams{{ps[own.weight].shape, to_double(ps[own.weight].value)},
                                       own.bias == kNoParameter ? std::vector<double>{} : to_double(ps[own.bias].value),
                                       {layer.stride, layer.stride},
                                       {layer.padding, layer.padding},
                                       {1, 1},
                                       1,
                                       in};
        break;
      case LayerKind::sum_pool2d:
      case LayerKind::avg_pool2d:
        node.params =
            core::PoolParams{layer.kind == LayerKind::sum_pool2d ? core::PoolKind::sum : core::PoolKind::average,
                             {layer.kernel, layer.kernel},
                             {layer.stride, layer.stride},
                             {layer.padding, layer.padding},
                             in};
        break;
      case LayerKind::flatten:
        node.params = core::FlattenParams{in, 0, -1};
        break;
      case LayerKind::cuba_lif:
      case LayerKind::lif:
      case LayerKind::if_neuron:
      case LayerKind::li: {
        const NeuronConstants c = neuron_constants(layer, node.size, spec.dt_s, ps, own);
        for (std::size_t j = 0; j < node.size; ++j)
          if (!(c.tau_mem_s[j] > 0.0 && std::isfinite(c.tau_mem_s[j])) ||
              !(c.tau_syn_s[j] > 0.0 && std::isfinite(c.tau_syn_s[j])))
            throw ValidationError("layer '" + layer.name + "' neuron " + std::to_string(j) +
                                  ": a learned decay outside [0, 1) has no finite positive time constant to export");
        core::NeuronParams n;
        n.model = layer.kind == LayerKind::cuba_lif    ? core::NeuronModel::cuba_lif
                  : layer.kind == LayerKind::lif       ? core::NeuronModel::lif
                  : layer.kind == LayerKind::if_neuron ? core::NeuronModel::integrate_and_fire
                                                       : core::NeuronModel::leaky_integrator;
        std::vector<double> r(node.size), w_in(node.size);
        for (std::size_t j = 0; j < node.size; ++j) {
          r[j] = layer.kind == LayerKind::if_neuron ? 1.0 : c.tau_mem_s[j] / spec.dt_s;
          w_in[j] = c.tau_syn_s[j] / spec.dt_s;
        }
        n.tau_mem_s = per_neuron(c.tau_mem_s);
        n.r = per_neuron(r);
        n.v_th = per_neuron(c.threshold);
        n.reset = layer.reset == NeuronReset::subtract ? core::ResetMode::subtract : core::ResetMode::to_value;
        if (layer.kind == LayerKind::cuba_lif)
          n.synapses.push_back({"syn", per_neuron(c.tau_syn_s), 0.0, per_neuron(w_in)});
        node.params = std::move(n);
        break;
      }
    }
    const core::NodeId id = builder.add_node(std::move(node));
    builder.add_connection({previous, id});
    if (layer.recurrent) {
      const core::NodeId rec = builder.add_node(
          {layer.name + ".recurrent", core::element_count(out),
           core::AffineParams{affine_weight(ps[own.recurrent_weight]), own.recurrent_bias == kNoParameter
                                                                           ? std::vector<double>{}
                                                                           : to_double(ps[own.recurrent_bias].value)}});
      builder.add_connection({id, rec});
      builder.add_connection({rec, id});
    }
    previous = id;
    in = out;
  }
  const core::NodeId output = builder.add_node({"output", core::element_count(in), core::OutputParams{}, in});
  builder.add_connection({previous, output});
  return std::move(builder).build();
}

}  // namespace reef::sim::train
