// Model: parameter creation and initialisation, execution options, and dispatch of forward/backward to the layer
// stack in the chosen precision.
#include "reef/sim/train/model.hpp"

#include <cmath>
#include <string>

#include "network.hpp"
#include "reef/core/error.hpp"
#include "reef/core/random.hpp"

namespace reef::sim::train {

struct Model::Impl {
  ModelSpec spec;
  std::vector<core::Shape> shapes;
  std::vector<Parameter> parameters;
  std::vector<LayerParameters> own;
  ExecutionOptions execution;
  std::unique_ptr<Network<float>> single;
  std::unique_ptr<Network<double>> twice;
  std::vector<double> output;
  Pass pass;
  bool has_forward = false;

  std::size_t add(const std::string& name, core::Shape shape, std::vector<float> values) {
    Parameter p{name, std::move(shape), std::move(values), {}};
    p.grad.assign(p.value.size(), 0.0F);
    parameters.push_back(std::move(p));
    return parameters.size() - 1;
  }

  void create_parameters(std::uint64_t seed) {
    core::Shape in = spec.input_shape;
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
      const LayerSpec& layer = spec.layers[i];
      LayerParameters p;
      // PyTorch's default initialisation of Linear and Conv2d: U(−1/sqrt(fan_in), 1/sqrt(fan_in)).
      const auto uniform = [&](std::size_t count, std::size_t fan_in, std::uint64_t tag) {
        core::Rng rng(seed, i, tag);
        const double bound = 1.0 / std::sqrt(static_cast<double>(fan_in));
        std::vector<float> values(count);
        for (float& v : values) v = static_cast<float>(rng.uniform(-bound, bound));
        return values;
      };
      const std::size_t n_in = core::element_count(in);
      const std::size_t n_out = core::element_count(shapes[i]);
      switch (layer.kind) {
        case LayerKind::linear:
          p.weight = add(layer.name + ".weight", {n_in, n_out}, uniform(n_in * n_out, n_in, 1));
          if (layer.bias) p.bias = add(layer.name + ".bias", {n_out}, uniform(n_out, n_in, 2));
          break;
        case LayerKind::conv2d: {
          const std::size_t fan_in = in[0] * layer.kernel * layer.kernel;
          const std::size_t c_out = shapes[i][0];
          p.weight = add(layer.name + ".weight", {c_out, in[0], layer.kernel, layer.kernel},
                         uniform(c_out * fan_in, fan_in, 1));
          if (layer.bias) p.bias = add(layer.name + ".bias", {c_out}, uniform(c_out, fan_in, 2));
          break;
        }
        case LayerKind::cuba_lif:
        case LayerKind::lif:
        case LayerKind::if_neuron:
        case LayerKind::li: {
          if (layer.recurrent) {
            p.recurrent_weight =
                add(layer.name + ".recurrent_weight", {n_out, n_out}, uniform(n_out * n_out, n_out, 3));
            if (layer.recurrent_bias)
              p.recurrent_bias = add(layer.name + ".recurrent_bias", {n_out}, uniform(n_out, n_out, 4));
          }
          const auto decay = [&](double tau_s) {
            return std::vector<float>(n_out, static_cast<float>(std::clamp(1.0 - spec.dt_s / tau_s, 0.0, 1.0)));
          };
          if (layer.learn_tau && layer.kind == LayerKind::cuba_lif)
            p.alpha = add(layer.name + ".alpha", {n_out}, decay(layer.tau_syn_s));
          if (layer.learn_tau) p.beta = add(layer.name + ".beta", {n_out}, decay(layer.tau_mem_s));
          if (layer.learn_threshold)
            p.threshold =
                add(layer.name + ".threshold", {n_out}, std::vector<float>(n_out, static_cast<float>(layer.v_th)));
          break;
        }
        case LayerKind::sum_pool2d:
        case LayerKind::avg_pool2d:
        case LayerKind::flatten:
          break;
      }
      own.push_back(p);
      in = shapes[i];
    }
  }

  void reset_networks() {
    single.reset();
    twice.reset();
    has_forward = false;
  }
};

Model::Model(const ModelSpec& spec, std::uint64_t seed) : impl_(std::make_unique<Impl>()) {
  impl_->spec = resolved(spec);
  impl_->shapes = layer_shapes(impl_->spec);
  impl_->create_parameters(seed);
}

Model::~Model() = default;
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;

Model::Model(const Model& other) : impl_(std::make_unique<Impl>()) {
  impl_->spec = other.impl_->spec;
  impl_->shapes = other.impl_->shapes;
  impl_->parameters = other.impl_->parameters;
  impl_->own = other.impl_->own;
  impl_->execution = other.impl_->execution;
}

Model& Model::operator=(const Model& other) {
  if (this != &other) *this = Model(other);
  return *this;
}

const ModelSpec& Model::spec() const { return impl_->spec; }
std::size_t Model::input_size() const { return core::element_count(impl_->spec.input_shape); }
std::size_t Model::output_size() const { return core::element_count(impl_->shapes.back()); }
bool Model::output_is_membrane() const { return impl_->spec.layers.back().kind == LayerKind::li; }

void Model::set_execution(const ExecutionOptions& options) {
  if (options.threads == 0) throw ValidationError("execution: threads must be at least 1");
  if (options.precision != impl_->execution.precision) impl_->reset_networks();
  impl_->execution = options;
}

const ExecutionOptions& Model::execution() const { return impl_->execution; }
std::vector<Parameter>& Model::parameters() { return impl_->parameters; }
const std::vector<Parameter>& Model::parameters() const { return impl_->parameters; }

Parameter& Model::parameter(std::string_view name) {
  std::string names;
  for (Parameter& p : impl_->parameters) {
    if (p.name == name) return p;
    names += (names.empty() ? "" : ", ") + p.name;
  }
  throw ValidationError("the model has no parameter '" + std::string(name) + "' (it has " + names + ")");
}

void Model::zero_grad() {
  for (Parameter& p : impl_->parameters) std::fill(p.grad.begin(), p.grad.end(), 0.0F);
}

const std::vector<double>& Model::forward(const float* input, std::size_t steps, std::size_t batch) {
  Impl& m = *impl_;
  if (steps == 0 || batch == 0) throw ValidationError("forward needs at least one step and one sample");
  m.pass = Pass{batch, steps, m.execution.threads, m.execution.bptt_window, m.execution.smooth_spikes, true};
  if (m.execution.precision == Precision::float32) {
    if (!m.single) m.single = std::make_unique<Network<float>>(m.spec, m.shapes, m.own);
    m.single->forward(input, m.pass, m.parameters);
    m.output.assign(m.single->output().begin(), m.single->output().end());
  } else {
    if (!m.twice) m.twice = std::make_unique<Network<double>>(m.spec, m.shapes, m.own);
    m.twice->forward(input, m.pass, m.parameters);
    m.output = m.twice->output();
  }
  m.has_forward = true;
  return m.output;
}

const std::vector<double>& Model::output() const { return impl_->output; }

std::vector<double> Model::spike_rates() const {
  if (!impl_->has_forward) return {};
  return impl_->single ? impl_->single->spike_rates() : impl_->twice->spike_rates();
}

double Model::rate_penalty(const RateRegularizer& regularizer) const {
  if (!impl_->has_forward) return 0.0;
  return impl_->single ? impl_->single->rate_penalty(regularizer, impl_->pass)
                       : impl_->twice->rate_penalty(regularizer, impl_->pass);
}

void Model::backward(const double* d_output, const RateRegularizer* regularizer) {
  Impl& m = *impl_;
  if (!m.has_forward) throw ValidationError("backward() needs a forward() first");
  if (m.single) {
    m.single->backward(d_output, regularizer, m.pass, m.parameters);
  } else {
    m.twice->backward(d_output, regularizer, m.pass, m.parameters);
  }
}

}  // namespace reef::sim::train
