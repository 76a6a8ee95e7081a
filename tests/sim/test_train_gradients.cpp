// Finite-difference checks of Model::backward: with smooth_spikes the spike is the surrogate's own primitive, so the
// backward pass is the exact gradient and central differences (in float64) must agree with it for every layer kind,
// neuron model, reset, learned decay and threshold, recurrence and surrogate.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "reef/core/random.hpp"
#include "reef/sim/train/model.hpp"
#include "sim/train_test_support.hpp"

namespace reef::sim::train {
namespace {

// L = Σ c · output with fixed random c; returns L and fills d L / d output.
double weighted_sum(const std::vector<double>& output, std::vector<double>* d_output) {
  core::Rng rng(99);
  double loss = 0.0;
  if (d_output) d_output->resize(output.size());
  for (std::size_t e = 0; e < output.size(); ++e) {
    const double c = rng.uniform(-1.0, 1.0);
    loss += c * output[e];
    if (d_output) (*d_output)[e] = c;
  }
  return loss;
}

// Compares every analytic gradient element (up to `per_parameter` of each) with a central difference.
void check_gradients(Model& model, const std::vector<float>& input, std::size_t steps, std::size_t batch,
                     std::size_t per_parameter = 40) {
  ExecutionOptions options;
  options.precision = Precision::float64;
  options.smooth_spikes = true;
  model.set_execution(options);
  model.zero_grad();
  std::vector<double> d_output;
  weighted_sum(model.forward(input.data(), steps, batch), &d_output);
  model.backward(d_output.data());
  for (Parameter& p : model.parameters()) {
    const std::size_t stride = std::max<std::size_t>(1, p.value.size() / per_parameter);
    for (std::size_t e = 0; e < p.value.size(); e += stride) {
      const float saved = p.value[e];
      const float eps = 1e-5F * std::max(1.0F, std::abs(saved));  // small: boxcar and triangle have corners
      p.value[e] = saved + eps;
      const double up = weighted_sum(model.forward(input.data(), steps, batch), nullptr);
      const float high = p.value[e];
      p.value[e] = saved - eps;
      const double down = weighted_sum(model.forward(input.data(), steps, batch), nullptr);
      const float low = p.value[e];
      p.value[e] = saved;
      const double numeric = (up - down) / (static_cast<double>(high) - static_cast<double>(low));
      const double analytic = p.grad[e];
      INFO(p.name << "[" << e << "]: analytic " << analytic << ", numeric " << numeric);
      CHECK(std::abs(analytic - numeric) <= 1e-4 + 1e-3 * std::max(std::abs(analytic), std::abs(numeric)));
    }
  }
}

TEST_CASE("backward_matches_finite_differences_for_recurrent_cuba_lif_lif_and_li_with_every_surrogate") {
  for (SurrogateKind kind : {SurrogateKind::fast_sigmoid, SurrogateKind::arctan, SurrogateKind::triangle,
                             SurrogateKind::boxcar, SurrogateKind::exponential}) {
    CAPTURE(to_string(kind));
    const Surrogate surrogate{kind, kind == SurrogateKind::fast_sigmoid ? 5.0 : default_surrogate_parameter(kind)};
    Model model(test::neuron_chain_spec(surrogate), 7);
    const std::size_t steps = 12, batch = 2;
    check_gradients(model, test::sparse_input(steps * batch * 6, 0.5, 2.0, 3), steps, batch);
  }
}

TEST_CASE("backward_matches_finite_differences_through_conv_pooling_flatten_and_if_neurons") {
  ModelSpec spec;
  spec.input_shape = {2, 6, 6};
  spec.dt_s = 1e-3;
  LayerSpec conv{LayerKind::conv2d, "conv", 3};
  conv.kernel = 3;
  conv.padding = 1;
  LayerSpec lif{LayerKind::lif, "lif"};
  lif.v_th = 0.4;
  lif.surrogate = {SurrogateKind::arctan, 2.0};
  LayerSpec sum_pool{LayerKind::sum_pool2d, "sum_pool"};
  sum_pool.kernel = 2;
  LayerSpec avg_pool{LayerKind::avg_pool2d, "avg_pool"};
  avg_pool.kernel = 2;
  avg_pool.stride = 1;
  avg_pool.padding = 1;
  LayerSpec flat{LayerKind::flatten, "flat"};
  LayerSpec fc{LayerKind::linear, "fc", 4};
  LayerSpec out{LayerKind::if_neuron, "out"};
  out.v_th = 0.5;
  out.learn_threshold = true;
  out.reset = NeuronReset::zero;
  out.surrogate = {SurrogateKind::exponential, 0.5};
  spec.layers = {conv, lif, sum_pool, avg_pool, flat, fc, out};
  Model model(spec, 11);
  const std::size_t steps = 6, batch = 2;
  check_gradients(model, test::sparse_input(steps * batch * 72, 0.4, 1.5, 5), steps, batch);
}

// Gradient of fc1.weight for a loss on the steps [first, last) with the given window.
std::vector<float> windowed_gradient(std::size_t window, std::size_t first, std::size_t last) {
  Model model(test::neuron_chain_spec({SurrogateKind::fast_sigmoid, 5.0}), 5);
  ExecutionOptions options;
  options.bptt_window = window;
  options.precision = Precision::float64;
  options.smooth_spikes = true;
  model.set_execution(options);
  const std::vector<float> input = test::sparse_input(8 * 6, 0.5, 2.0, 8);
  std::vector<double> d_output;
  weighted_sum(model.forward(input.data(), 8, 1), &d_output);
  for (std::size_t e = 0; e < d_output.size(); ++e)
    if (e / 3 < first || e / 3 >= last) d_output[e] = 0.0;
  model.backward(d_output.data());
  return model.parameter("fc1.weight").grad;
}

TEST_CASE("truncated_bptt_cuts_only_the_gradient_that_crosses_a_window_boundary") {
  // A loss inside the first window sends nothing across the boundary at step 4: identical gradients.
  CHECK(windowed_gradient(4, 0, 4) == windowed_gradient(0, 0, 4));
  // A loss after the boundary reaches the first window's inputs only through the state, which the window cuts.
  const std::vector<float> cut = windowed_gradient(4, 4, 8), full = windowed_gradient(0, 4, 8);
  double difference = 0.0;
  for (std::size_t e = 0; e < full.size(); ++e) difference += std::abs(full[e] - cut[e]);
  CHECK(difference > 1e-3);
}

TEST_CASE("every_surrogate_is_the_derivative_of_its_primitive") {
  for (SurrogateKind kind : {SurrogateKind::fast_sigmoid, SurrogateKind::arctan, SurrogateKind::triangle,
                             SurrogateKind::boxcar, SurrogateKind::exponential}) {
    const Surrogate s{kind, default_surrogate_parameter(kind)};
    for (double x : {-1.3, -0.41, -0.07, 0.03, 0.26, 0.9}) {
      const double h = 1e-6;
      const double numeric = (s.primitive(x + h) - s.primitive(x - h)) / (2 * h);
      INFO(to_string(kind) << " at " << x);
      CHECK(s.derivative(x) == doctest::Approx(numeric).epsilon(1e-6));
    }
  }
  CHECK(Surrogate{SurrogateKind::arctan, 2.0}.derivative(0.0) == doctest::Approx(1.0));  // snnTorch atan: α/2
  CHECK(Surrogate{SurrogateKind::fast_sigmoid, 25.0}.derivative(0.1) == doctest::Approx(1.0 / (3.5 * 3.5)));
}

// Two convolutions whose output planes (16 x 16, then 8 x 8) split into whole 64-pixel panels, the float32 kernels'
// fast path; the second has 100 taps, one whole panel of kernel-gradient taps and one partial.
ModelSpec panel_conv_spec() {
  ModelSpec spec;
  spec.input_shape = {2, 20, 20};
  spec.dt_s = 1e-3;
  LayerSpec conv1{LayerKind::conv2d, "conv1", 4};
  conv1.kernel = 5;
  LayerSpec lif1{LayerKind::lif, "lif1"};
  lif1.v_th = 0.5;
  LayerSpec conv2{LayerKind::conv2d, "conv2", 3};
  conv2.kernel = 5;
  conv2.stride = 2;
  conv2.padding = 2;
  LayerSpec lif2{LayerKind::lif, "lif2"};
  lif2.v_th = 0.5;
  LayerSpec flat{LayerKind::flatten, "flat"};
  LayerSpec fc{LayerKind::linear, "fc", 3};
  LayerSpec out{LayerKind::li, "out"};
  spec.layers = {conv1, lif1, conv2, lif2, flat, fc, out};
  return spec;
}

TEST_CASE("float32_convolution_panels_give_the_float64_outputs_and_gradients") {
  Model single(panel_conv_spec(), 13);
  Model twice(single);
  ExecutionOptions options;
  options.smooth_spikes = true;  // no threshold for a rounding difference to tip over
  single.set_execution(options);
  options.precision = Precision::float64;
  twice.set_execution(options);
  const std::size_t steps = 5, batch = 2;
  const std::vector<float> input = test::sparse_input(steps * batch * 800, 0.5, 2.0, 17);
  const std::vector<double> a = single.forward(input.data(), steps, batch);
  const std::vector<double> b = twice.forward(input.data(), steps, batch);
  REQUIRE(a.size() == b.size());
  for (std::size_t e = 0; e < a.size(); ++e) CHECK(a[e] == doctest::Approx(b[e]).epsilon(1e-4));
  std::vector<double> d_output;
  weighted_sum(b, &d_output);
  single.backward(d_output.data());
  twice.backward(d_output.data());
  for (std::size_t k = 0; k < single.parameters().size(); ++k) {
    const std::vector<float>& fast = single.parameters()[k].grad, &exact = twice.parameters()[k].grad;
    float largest = 0.0F;
    for (float g : exact) largest = std::max(largest, std::abs(g));
    CAPTURE(single.parameters()[k].name);
    REQUIRE(largest > 0.0F);
    for (std::size_t e = 0; e < exact.size(); ++e) CHECK(std::abs(fast[e] - exact[e]) <= 1e-4F * largest);
  }
}

void check_thread_count_independence(const ModelSpec& spec, std::size_t input_size) {
  Model one(spec, 21);
  Model three(one);
  ExecutionOptions options;
  one.set_execution(options);
  options.threads = 3;
  three.set_execution(options);
  const std::size_t steps = 10, batch = 7;
  const std::vector<float> input = test::sparse_input(steps * batch * input_size, 0.5, 3.0, 4);
  const std::vector<double> a = one.forward(input.data(), steps, batch);
  const std::vector<double> b = three.forward(input.data(), steps, batch);
  CHECK(a == b);
  std::vector<double> d_output;
  weighted_sum(a, &d_output);
  one.backward(d_output.data());
  three.backward(d_output.data());
  for (std::size_t k = 0; k < one.parameters().size(); ++k) {
    CAPTURE(one.parameters()[k].name);
    CHECK(one.parameters()[k].grad == three.parameters()[k].grad);
  }
}

TEST_CASE("results_do_not_depend_on_the_thread_count") {
  SUBCASE("dense and recurrent layers") {
    check_thread_count_independence(test::neuron_chain_spec({SurrogateKind::arctan, 2.0}), 6);
  }
  SUBCASE("convolutions") { check_thread_count_independence(panel_conv_spec(), 800); }
}

}  // namespace
}  // namespace reef::sim::train
