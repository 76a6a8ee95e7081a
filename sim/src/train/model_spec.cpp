// Layer-kind names and the validation of a ModelSpec: output shapes layer by layer, with errors naming the layer.
#include "reef/sim/train/model_spec.hpp"

#include <cmath>
#include <set>
#include <string>

#include "reef/core/error.hpp"
#include "reef/core/layers.hpp"

namespace reef::sim::train {

std::string_view to_string(LayerKind kind) {
  switch (kind) {
    case LayerKind::linear: return "linear";
    case LayerKind::conv2d: return "conv2d";
    case LayerKind::sum_pool2d: return "sum_pool2d";
    case LayerKind::avg_pool2d: return "avg_pool2d";
    case LayerKind::flatten: return "flatten";
    case LayerKind::cuba_lif: return "cuba_lif";
    case LayerKind::lif: return "lif";
    case LayerKind::if_neuron: return "if";
    case LayerKind::li: return "li";
  }
  return "?";
}

std::optional<LayerKind> parse_layer_kind(std::string_view text) {
  for (LayerKind kind : {LayerKind::linear, LayerKind::conv2d, LayerKind::sum_pool2d, LayerKind::avg_pool2d,
                         LayerKind::flatten, LayerKind::cuba_lif, LayerKind::lif, LayerKind::if_neuron, LayerKind::li})
    if (text == to_string(kind)) return kind;
  if (text == "affine") return LayerKind::linear;
  return std::nullopt;
}

bool is_neuron(LayerKind kind) {
  return kind == LayerKind::cuba_lif || kind == LayerKind::lif || kind == LayerKind::if_neuron ||
         kind == LayerKind::li;
}

bool is_spiking(LayerKind kind) { return is_neuron(kind) && kind != LayerKind::li; }

namespace {

[[noreturn]] void fail(const LayerSpec& layer, const std::string& message) {
  throw ValidationError("layer '" + layer.name + "' (" + std::string(to_string(layer.kind)) + "): " + message);
}

void check_tau(const LayerSpec& layer, double tau, const char* what) {
  if (!(tau > 0.0) || !std::isfinite(tau)) fail(layer, std::string(what) + " must be positive and finite");
}

core::Shape shape_after(const LayerSpec& layer, const core::Shape& in) {
  switch (layer.kind) {
    case LayerKind::linear:
      if (layer.out_features == 0) fail(layer, "out_features must be at least 1");
      return {layer.out_features};
    case LayerKind::flatten: return {core::element_count(in)};
    case LayerKind::conv2d:
    case LayerKind::sum_pool2d:
    case LayerKind::avg_pool2d: {
      if (in.size() != 3)
        fail(layer, "needs a (C, H, W) input, got " + core::to_string(in) + " (put it before any flatten)");
      if (layer.kernel == 0) fail(layer, "kernel must be at least 1");
      const bool conv = layer.kind == LayerKind::conv2d;
      if (conv && layer.out_features == 0) fail(layer, "out_features (output channels) must be at least 1");
      const core::Shape out = core::window_output_shape(in, {layer.kernel, layer.kernel}, {layer.stride, layer.stride},
                                                        {layer.padding, layer.padding}, {1, 1},
                                                        conv ? layer.out_features : in[0]);
      if (out.empty() || core::element_count(out) == 0)
        fail(layer, "a " + std::to_string(layer.kernel) + "x" + std::to_string(layer.kernel) + " window (stride " +
                        std::to_string(layer.stride) + ", padding " + std::to_string(layer.padding) +
                        ") does not fit the input " + core::to_string(in));
      return out;
    }
    case LayerKind::cuba_lif:
    case LayerKind::lif:
    case LayerKind::if_neuron:
    case LayerKind::li:
      if (layer.kind == LayerKind::cuba_lif) check_tau(layer, layer.tau_syn_s, "tau_syn_s");
      if (layer.kind != LayerKind::if_neuron) check_tau(layer, layer.tau_mem_s, "tau_mem_s");
      if (is_spiking(layer.kind)) {
        if (!std::isfinite(layer.v_th)) fail(layer, "v_th must be finite");
        validate(layer.surrogate, "layer '" + layer.name + "'");
      } else if (layer.recurrent || layer.learn_threshold) {
        fail(layer, "an li readout has no spikes: recurrent and learn_threshold do not apply");
      }
      if (layer.recurrent_bias && !layer.recurrent) fail(layer, "recurrent_bias needs recurrent");
      if (layer.kind == LayerKind::if_neuron && layer.learn_tau) fail(layer, "an if neuron has no decay to learn");
      return in;
  }
  return in;
}

}  // namespace

ModelSpec resolved(ModelSpec spec) {
  if (spec.profile != StepProfile::snntorch)
    throw ValidationError("training supports the snntorch step profile only, got '" +
                          std::string(to_string(spec.profile)) + "'");
  if (!(spec.dt_s > 0.0) || !std::isfinite(spec.dt_s))
    throw ValidationError("dt_s must be positive and finite, got " + std::to_string(spec.dt_s));
  if (spec.input_shape.empty() || core::element_count(spec.input_shape) == 0)
    throw ValidationError("the input shape must be (N) or (C, H, W) with no zero size");
  if (spec.layers.empty()) throw ValidationError("a model needs at least one layer");
  std::set<std::string> names;
  core::Shape shape = spec.input_shape;
  for (std::size_t i = 0; i < spec.layers.size(); ++i) {
    LayerSpec& layer = spec.layers[i];
    if (layer.name.empty()) layer.name = std::string(to_string(layer.kind)) + std::to_string(i);
    if (!names.insert(layer.name).second) fail(layer, "the name is used by an earlier layer");
    if (layer.stride == 0)
      layer.stride = layer.kind == LayerKind::sum_pool2d || layer.kind == LayerKind::avg_pool2d ? layer.kernel : 1;
    if (layer.kind == LayerKind::linear && shape.size() != 1)
      fail(layer, "needs a flat input, got " + core::to_string(shape) + " (add a flatten layer before it)");
    shape = shape_after(layer, shape);
  }
  return spec;
}

std::vector<core::Shape> layer_shapes(const ModelSpec& spec) {
  const ModelSpec r = resolved(spec);
  std::vector<core::Shape> shapes;
  core::Shape shape = r.input_shape;
  for (const LayerSpec& layer : r.layers) {
    shape = shape_after(layer, shape);
    shapes.push_back(shape);
  }
  return shapes;
}

}  // namespace reef::sim::train
