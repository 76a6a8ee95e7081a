// Conv2d in float takes sparse kernels when few of a pass's inputs are nonzero (the spikes of a previous layer). They
// must give exactly the dense kernels' outputs and gradients, so a training run does not depend on which ran: the
// same rows are run once alone (sparse; on one thread and on three) and once beside dense rows that tip the pass over
// to the dense kernels.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/train_test_support.hpp"
#include "train/window_layers.hpp"

namespace reef::sim::train {
namespace {

struct ConvRun {
  std::vector<float> out, g_in;
  std::vector<Parameter> parameters;
};

// Forward and backward over `rows` rows of `in`; g_out is `g_out_rows` rows of gradient and zeros after them.
ConvRun run_conv(Conv2dLayer<float>& layer, std::vector<Parameter> parameters, const std::vector<float>& in,
                 std::size_t rows, const std::vector<float>& g_out_rows, std::size_t threads = 1) {
  Pass pass;
  pass.batch = rows;
  pass.steps = 1;
  pass.threads = threads;
  layer.load(parameters);
  ConvRun run;
  run.out.resize(rows * layer.out_size());
  layer.forward(in.data(), run.out.data(), pass);
  std::vector<float> g_out(rows * layer.out_size(), 0.0F);
  std::copy(g_out_rows.begin(), g_out_rows.end(), g_out.begin());
  run.g_in.resize(rows * layer.in_size());
  layer.backward(in.data(), run.out.data(), g_out.data(), run.g_in.data(), pass, parameters);
  run.parameters = std::move(parameters);
  return run;
}

std::vector<float> signed_values(std::size_t count, double density, std::uint64_t seed) {
  std::vector<float> values = test::sparse_input(count, density, 2.0, seed);
  for (std::size_t e = 0; e < values.size(); e += 3) values[e] = -values[e];
  return values;
}

void check_sparse_equals_dense(const Window& window) {
  const LayerParameters own{.weight = 0, .bias = 1};
  Conv2dLayer<float> layer(window, own);
  const std::size_t taps = window.c_in * window.k * window.k;
  std::vector<Parameter> parameters(2);
  parameters[0].value = signed_values(window.c_out * taps, 1.0, 3);
  parameters[1].value = signed_values(window.c_out, 1.0, 4);
  for (Parameter& parameter : parameters) parameter.grad.assign(parameter.value.size(), 0.0F);

  const std::size_t sparse_rows = 3, dense_rows = 3;
  std::vector<float> in = signed_values(sparse_rows * layer.in_size(), 0.02, 5);
  const std::vector<float> g_out = signed_values(sparse_rows * layer.out_size(), 1.0, 6);
  REQUIRE(layer.sparse_pays(in.data(), sparse_rows));
  const ConvRun sparse = run_conv(layer, parameters, in, sparse_rows, g_out);
  const ConvRun threaded = run_conv(layer, parameters, in, sparse_rows, g_out, 3);
  CHECK(threaded.out == sparse.out);
  for (std::size_t k = 0; k < parameters.size(); ++k) CHECK(threaded.parameters[k].grad == sparse.parameters[k].grad);

  const std::vector<float> dense_in = signed_values(dense_rows * layer.in_size(), 1.0, 7);
  in.insert(in.end(), dense_in.begin(), dense_in.end());
  REQUIRE_FALSE(layer.sparse_pays(in.data(), sparse_rows + dense_rows));
  const ConvRun dense = run_conv(layer, parameters, in, sparse_rows + dense_rows, g_out);

  for (std::size_t e = 0; e < sparse.out.size(); ++e) REQUIRE(sparse.out[e] == dense.out[e]);
  for (std::size_t e = 0; e < sparse.g_in.size(); ++e) REQUIRE(sparse.g_in[e] == dense.g_in[e]);
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    CAPTURE(k);
    REQUIRE(sparse.parameters[k].grad == dense.parameters[k].grad);
    float largest = 0.0F;
    for (const float g : sparse.parameters[k].grad) largest = std::max(largest, std::abs(g));
    CHECK(largest > 0.0F);
  }
}

TEST_CASE("float32 Conv2d: the sparse kernels give bit for bit the dense kernels' outputs and gradients") {
  SUBCASE("an output plane of whole 64-pixel panels, output channels over two panels") {
    check_sparse_equals_dense(Window{.c_in = 3, .h = 12, .w = 12, .c_out = 70, .k = 5, .oh = 8, .ow = 8});
  }
  SUBCASE("a strided, padded convolution with a partial panel and few output channels") {
    check_sparse_equals_dense(
        Window{.c_in = 2, .h = 9, .w = 9, .c_out = 5, .k = 3, .stride = 2, .pad = 1, .oh = 5, .ow = 5});
  }
}

}  // namespace
}  // namespace reef::sim::train
