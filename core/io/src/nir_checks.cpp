// The model checks and repairs declared in nir_checks.hpp, in dependency order: batch dimension, transposed weights,
// shape inference through the graph, Output shapes, time constants.
#include "nir_checks.hpp"

#include <algorithm>
#include <set>

#include "reef/core/error.hpp"

namespace reef::io::nir {

FlatNode* FlatModel::find(const std::string& name) {
  const auto found = std::find_if(nodes.begin(), nodes.end(), [&](const FlatNode& n) { return n.node.name == name; });
  return found == nodes.end() ? nullptr : &*found;
}

std::vector<std::string> FlatModel::producers(const std::string& name) const {
  std::vector<std::string> out;
  for (const FlatEdge& e : edges)
    if (e.target == name) out.push_back(e.source);
  return out;
}

std::vector<std::string> FlatModel::consumers(const std::string& name) const {
  std::vector<std::string> out;
  for (const FlatEdge& e : edges)
    if (e.source == name) out.push_back(e.target);
  return out;
}

namespace {

using core::Shape;

std::string label(const FlatNode& n) { return "node '" + n.node.name + "' (" + n.info.type + ")"; }

void set_shape(FlatNode& n, Shape shape) {
  n.node.shape = std::move(shape);
  n.node.size = n.node.shape.empty() ? 0 : core::element_count(n.node.shape);
}

bool batched_shape(const Shape& s) { return s.size() >= 2 && s[0] == 1; }

class Checker {
 public:
  Checker(FlatModel& model, bool repair, std::vector<std::string>& repairs)
      : model_(model), repair_(repair), repairs_(repairs) {}

  void run() {
    check_batch_dimension();
    check_transposed_weights();
    infer_shapes();
    check_outputs();
    check_time_constants();
    if (problems_.empty()) return;
    std::string message = model_.file + ": ";
    for (std::size_t i = 0; i < problems_.size(); ++i) message += (i > 0 ? "; " : "") + problems_[i];
    throw ValidationError(message);
  }

 private:
  // The one shape all producers of `name` agree on, or empty when unknown or ambiguous.
  Shape producer_shape(const std::string& name) {
    Shape shape;
    for (const std::string& p : model_.producers(name)) {
      const FlatNode* n = model_.find(p);
      if (n == nullptr || n->node.shape.empty()) return {};
      if (!shape.empty() && shape != n->node.shape) return {};
      shape = n->node.shape;
    }
    return shape;
  }

  void check_batch_dimension() {
    std::vector<FlatNode*> inputs;
    bool outputs_batched = false;
    bool neurons_batched = false;
    for (FlatNode& n : model_.nodes) {
      if (std::holds_alternative<core::InputParams>(n.node.params)) inputs.push_back(&n);
      if (std::holds_alternative<core::OutputParams>(n.node.params) && batched_shape(n.node.shape))
        outputs_batched = true;
      if (n.node.is_population() && batched_shape(n.node.shape)) neurons_batched = true;
    }
    if (inputs.empty() || !outputs_batched || !neurons_batched ||
        !std::all_of(inputs.begin(), inputs.end(), [](const FlatNode* n) { return batched_shape(n->node.shape); }))
      return;
    const std::string what = "the file includes a batch dimension of 1 (" + label(*inputs[0]) + " has shape " +
                             core::to_string(inputs[0]->node.shape) + "); NIR shapes are batch-less";
    if (!repair_) {
      problems_.push_back(what + " (--repair drops it)");
      return;
    }
    std::size_t changed = 0;
    for (FlatNode& n : model_.nodes) {
      if (auto* flatten = std::get_if<core::FlattenParams>(&n.node.params)) {
        if (flatten->start_dim > 0) --flatten->start_dim;
        if (flatten->end_dim > 0) --flatten->end_dim;
        if (batched_shape(flatten->input_shape)) flatten->input_shape.erase(flatten->input_shape.begin());
        set_shape(n, layer_output_shape(n.node));
        ++changed;
      } else if (batched_shape(n.node.shape) && !std::holds_alternative<core::AffineParams>(n.node.params) &&
                 !std::holds_alternative<core::ConvParams>(n.node.params)) {
        set_shape(n, Shape(n.node.shape.begin() + 1, n.node.shape.end()));
        ++changed;
      }
    }
    repairs_.push_back(what + ": dropped it from " + std::to_string(changed) + " nodes");
  }

  void check_transposed_weights() {
    for (FlatNode& n : model_.nodes) {
      auto* affine = std::get_if<core::AffineParams>(&n.node.params);
      if (affine == nullptr) continue;
      const std::size_t out = affine->weight.shape[0];
      const std::size_t in = affine->weight.shape[1];
      const Shape given = producer_shape(n.node.name);
      if (out == in || given.empty() || core::element_count(given) == in || core::element_count(given) != out) continue;
      if (!affine->bias.empty() && affine->bias.size() != in) continue;
      const std::string what = label(n) + ": weight " + core::to_string(affine->weight.shape) +
                               " (out, in) takes " + std::to_string(in) + " values, but its input has " +
                               std::to_string(out) + "; only the transposed matrix fits (the exporter wrote (in, out))";
      if (!repair_) {
        problems_.push_back(what + " (--repair transposes it)");
        continue;
      }
      std::vector<double> transposed(affine->weight.values.size());
      for (std::size_t r = 0; r < out; ++r)
        for (std::size_t c = 0; c < in; ++c) transposed[c * out + r] = affine->weight.values[r * in + c];
      affine->weight = core::Tensor{{in, out}, std::move(transposed)};
      set_shape(n, {in});
      repairs_.push_back(what + ": transposed it to " + core::to_string(affine->weight.shape));
    }
  }

  // Fills input shapes of Pool nodes (never stored) and of Conv/Flatten nodes whose file lacked them, from their
  // producers, repeating along chains.
  void infer_shapes() {
    for (bool changed = true; changed;) {
      changed = false;
      for (FlatNode& n : model_.nodes) {
        Shape* input = nullptr;
        if (auto* pool = std::get_if<core::PoolParams>(&n.node.params)) input = &pool->input_shape;
        if (auto* conv = std::get_if<core::ConvParams>(&n.node.params)) input = &conv->input_shape;
        if (auto* flatten = std::get_if<core::FlattenParams>(&n.node.params)) input = &flatten->input_shape;
        if (input == nullptr || !input->empty()) continue;
        const Shape given = producer_shape(n.node.name);
        if (given.empty()) continue;
        *input = given;
        set_shape(n, layer_output_shape(n.node));
        changed = true;
        if (n.input_shape_stored) continue;
        const char* field = std::holds_alternative<core::FlattenParams>(n.node.params) ? "input_type" : "input_shape";
        const std::string what = label(n) + ": the file has no " + std::string(field);
        if (repair_) repairs_.push_back(what + "; set to its input's shape " + core::to_string(given));
        else problems_.push_back(what + " (files before NIR 1.0 lack it); --repair infers it from its input");
        reported_.insert(n.node.name);
      }
    }
    for (const FlatNode& n : model_.nodes)
      if (!n.input_shape_stored && n.node.shape.empty() && !reported_.count(n.node.name))
        problems_.push_back(label(n) + ": its input shape is not stored and cannot be inferred from its inputs");
  }

  void check_outputs() {
    for (FlatNode& n : model_.nodes) {
      if (!std::holds_alternative<core::OutputParams>(n.node.params)) continue;
      const Shape given = producer_shape(n.node.name);
      if (given.empty() || given == n.node.shape) continue;
      const std::string what = label(n) + ": shape " + core::to_string(n.node.shape) + " differs from its input's " +
                               core::to_string(given);
      if (!repair_) {
        problems_.push_back(what + " (--repair sets it to " + core::to_string(given) + ")");
        continue;
      }
      set_shape(n, given);
      repairs_.push_back(what + "; set to " + core::to_string(given));
    }
  }

  void check_positive(const FlatNode& n, const char* name, const core::PerNeuron& values) {
    std::vector<std::size_t> bad;
    for (std::size_t i = 0; i < n.node.size; ++i)
      if (!(values[i] > 0.0)) bad.push_back(i);
    if (bad.empty()) return;
    std::string list;
    for (std::size_t i = 0; i < bad.size() && i < 10; ++i) list += (i > 0 ? ", " : "") + std::to_string(bad[i]);
    if (bad.size() > 10) list += ", ...";
    problems_.push_back(label(n) + ": " + name + " must be > 0, but " + std::to_string(bad.size()) + " of " +
                        std::to_string(n.node.size) + " neurons have " + name + " <= 0 (neurons " + list +
                        "; min " + std::to_string(values.min()) +
                        "); no repair exists: fix the exporter (a decay factor above 1 gives a negative tau)");
  }

  void check_time_constants() {
    for (const FlatNode& n : model_.nodes) {
      if (!n.node.is_population()) continue;
      const core::NeuronParams& p = n.node.neurons();
      if (p.has_leak()) check_positive(n, "tau", p.tau_mem_s);
      for (const core::SynapseParams& s : p.synapses) check_positive(n, "tau_syn", s.tau_s);
    }
  }

  FlatModel& model_;
  bool repair_;
  std::vector<std::string>& repairs_;
  std::vector<std::string> problems_;
  std::set<std::string> reported_;  // nodes whose missing input shape is already a problem
};

}  // namespace

void check_and_repair(FlatModel& model, bool repair, std::vector<std::string>& repairs) {
  Checker(model, repair, repairs).run();
}

}  // namespace reef::io::nir
