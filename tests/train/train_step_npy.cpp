// train_step_npy DIR: one training step of reef's sim::train::Model in float64 on NPY files, for comparisons with
// other frameworks (compare_snntorch.py). Reads DIR/model.txt (the network), DIR/input.npy [batch][steps][inputs],
// DIR/labels.npy [batch] and DIR/<parameter>.npy for every parameter; writes DIR/loss.npy, DIR/output.npy and
// DIR/grad.<parameter>.npy. model.txt has one item a line ('#' starts a comment):
//   input N | dt SECONDS | loss ce_count|ce_max_membrane|... | KIND NAME [key=value ...]
// with KIND a layer kind (linear, cuba_lif, lif, if, li, ...) and keys out, bias, tau_mem, tau_syn, v_th, reset
// (subtract|zero), surrogate (KIND:PARAMETER), learn_tau, learn_threshold, recurrent, recurrent_bias.
#include <cmath>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "reef/core/error.hpp"
#include "reef/io/npy.hpp"
#include "reef/sim/train/loss.hpp"
#include "reef/sim/train/model.hpp"

namespace {

namespace fs = std::filesystem;
using namespace reef;
using sim::train::LayerSpec;

struct StepSpec {
  sim::train::ModelSpec model;
  sim::train::LossSpec loss;
};

[[noreturn]] void fail(const fs::path& file, int line, const std::string& message) {
  throw ConfigError(file.string(), line, 1, message);
}

double number(const std::string& text, const fs::path& file, int line) {
  std::size_t used = 0;
  double value = 0.0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !std::isfinite(value)) fail(file, line, "'" + text + "' is not a finite number");
  return value;
}

std::size_t count(const std::string& text, const fs::path& file, int line) {
  const double value = number(text, file, line);
  if (value < 1 || value != std::floor(value)) fail(file, line, "'" + text + "' is not a whole number of at least 1");
  return static_cast<std::size_t>(value);
}

bool flag(const std::string& text, const fs::path& file, int line) {
  if (text != "0" && text != "1") fail(file, line, "'" + text + "' is not a flag: write 0 or 1");
  return text == "1";
}

void set_option(LayerSpec& layer, const std::string& key, const std::string& value, const fs::path& file, int line) {
  if (key == "out") {
    layer.out_features = count(value, file, line);
  } else if (key == "bias") {
    layer.bias = flag(value, file, line);
  } else if (key == "tau_mem") {
    layer.tau_mem_s = number(value, file, line);
  } else if (key == "tau_syn") {
    layer.tau_syn_s = number(value, file, line);
  } else if (key == "v_th") {
    layer.v_th = number(value, file, line);
  } else if (key == "reset") {
    if (value != "subtract" && value != "zero") fail(file, line, "reset '" + value + "': write subtract or zero");
    layer.reset = value == "zero" ? sim::train::NeuronReset::zero : sim::train::NeuronReset::subtract;
  } else if (key == "surrogate") {
    const auto colon = value.find(':');
    const auto kind = sim::train::parse_surrogate_kind(value.substr(0, colon));
    if (!kind) fail(file, line, "unknown surrogate '" + value + "': write KIND:PARAMETER, e.g. arctan:2");
    layer.surrogate.kind = *kind;
    layer.surrogate.parameter = colon == std::string::npos ? sim::train::default_surrogate_parameter(*kind)
                                                           : number(value.substr(colon + 1), file, line);
  } else if (key == "learn_tau") {
    layer.learn_tau = flag(value, file, line);
  } else if (key == "learn_threshold") {
    layer.learn_threshold = flag(value, file, line);
  } else if (key == "recurrent") {
    layer.recurrent = flag(value, file, line);
  } else if (key == "recurrent_bias") {
    layer.recurrent_bias = flag(value, file, line);
  } else {
    fail(file, line, "unknown layer option '" + key + "'");
  }
}

StepSpec read_spec(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw UsageError("cannot open " + file.string() + ": the folder must hold model.txt");
  StepSpec spec;
  std::string text;
  for (int line = 1; std::getline(in, text); ++line) {
    std::istringstream words(text.substr(0, text.find('#')));
    std::string head;
    if (!(words >> head)) continue;
    std::string value;
    if (head == "input" && words >> value) {
      spec.model.input_shape = {count(value, file, line)};
    } else if (head == "dt" && words >> value) {
      spec.model.dt_s = number(value, file, line);
    } else if (head == "loss" && words >> value) {
      const auto kind = sim::train::parse_loss_kind(value);
      if (!kind) fail(file, line, "unknown loss '" + value + "'");
      spec.loss.kind = *kind;
    } else if (const auto kind = sim::train::parse_layer_kind(head)) {
      LayerSpec layer;
      layer.kind = *kind;
      words >> layer.name;
      for (std::string option; words >> option;) {
        const auto eq = option.find('=');
        if (eq == std::string::npos) fail(file, line, "option '" + option + "' is not key=value");
        set_option(layer, option.substr(0, eq), option.substr(eq + 1), file, line);
      }
      spec.model.layers.push_back(layer);
    } else {
      fail(file, line, "expected 'input N', 'dt SECONDS', 'loss KIND' or 'LAYER_KIND NAME key=value...', got '" +
                           head + "'");
    }
  }
  return spec;
}

// The values of `path` as float32, checking the shape and that every value is exactly a float (the Model's storage).
std::vector<float> read_floats(const fs::path& path, const core::Shape& shape) {
  const io::NpyArray array = io::read_npy(path);
  if (array.shape != shape) {
    std::string want;
    for (std::size_t d : shape) want += (want.empty() ? "" : ", ") + std::to_string(d);
    throw ValidationError(path.string() + " has the wrong shape: expected (" + want + ")");
  }
  std::vector<float> values(array.values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    values[i] = static_cast<float>(array.values[i]);
    if (static_cast<double>(values[i]) != array.values[i])
      throw ValidationError(path.string() + " element " + std::to_string(i) +
                            " is not a float32 value: round the array to float32 before saving it");
  }
  return values;
}

void run(const fs::path& dir) {
  const StepSpec spec = read_spec(dir / "model.txt");
  sim::train::Model model(spec.model, 0);
  model.set_execution({.threads = 1, .bptt_window = 0, .precision = sim::train::Precision::float64});
  for (sim::train::Parameter& p : model.parameters()) p.value = read_floats(dir / (p.name + ".npy"), p.shape);

  const io::NpyArray input = io::read_npy(dir / "input.npy");
  if (input.shape.size() != 3 || input.shape[2] != model.input_size())
    throw ValidationError((dir / "input.npy").string() + " must have shape (batch, steps, " +
                          std::to_string(model.input_size()) + ")");
  const std::size_t batch = input.shape[0];
  const std::size_t steps = input.shape[1];
  const std::vector<float> x = read_floats(dir / "input.npy", input.shape);
  const io::NpyArray labels_file = io::read_npy(dir / "labels.npy");
  if (labels_file.shape != core::Shape{batch})
    throw ValidationError((dir / "labels.npy").string() + " must have shape (" + std::to_string(batch) + ")");
  std::vector<std::int32_t> labels(batch);
  for (std::size_t b = 0; b < batch; ++b) labels[b] = static_cast<std::int32_t>(labels_file.values[b]);

  const std::vector<double>& output = model.forward(x.data(), steps, batch);
  const std::size_t classes = model.output_size();
  const sim::train::LossResult loss = sim::train::compute_loss(spec.loss, output.data(), batch, steps, classes,
                                                               labels.data());
  model.zero_grad();
  model.backward(loss.d_output.data());

  io::write_npy(dir / "loss.npy", std::vector<std::size_t>{}, std::vector<double>{loss.loss});
  io::write_npy(dir / "output.npy", std::vector<std::size_t>{batch, steps, classes}, output);
  for (const sim::train::Parameter& p : model.parameters())
    io::write_npy(dir / ("grad." + p.name + ".npy"), p.shape, std::vector<double>(p.grad.begin(), p.grad.end()));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: train_step_npy DIR (DIR holds model.txt, input.npy, labels.npy and <parameter>.npy)\n";
    return 2;
  }
  try {
    run(argv[1]);
  } catch (const std::exception& e) {
    std::cerr << "train_step_npy: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
