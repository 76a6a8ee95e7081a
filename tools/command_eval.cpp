// `reef eval MODEL --config CONFIG.yaml`: the test accuracy and loss of a trained model (a training checkpoint or
// an exported NIR file) on the config's test set, encoded as in training; optionally saves the encoded inputs and
// the model's outputs as NPY so they can be compared with `reef sim`.
#include <iostream>
#include <string>

#include "command_line.hpp"
#include "commands.hpp"
#include "reef/core/error.hpp"
#include "reef/io/nir.hpp"
#include "reef/io/npy.hpp"
#include "text_format.hpp"
#include "train_checkpoint.hpp"
#include "train_config.hpp"
#include "train_data.hpp"
#include "train_report.hpp"

namespace reef::cli {
namespace {

namespace train = sim::train;

const CommandHelp kHelp{
    .usage = "reef eval MODEL --config CONFIG.yaml [--inputs IN.npy] [--outputs OUT.npy] [--labels LABELS.npy]\n"
             "                 [--float64]",
    .description =
        "Evaluates a trained model on the test set of CONFIG.yaml (docs/train.md): MODEL is a checkpoint written by\n"
        "`reef train` (DIR/last.ckpt) or its NIR export (DIR/model.nir). Prints the test accuracy and mean loss.\n"
        "--inputs and --outputs save the encoded test inputs [samples, T, inputs...] and the model outputs\n"
        "[samples, T, outputs] as NPY, --labels the test labels [samples] (with --inputs, the input and labels of\n"
        "`reef chipsim --labels`); --float64 evaluates in double precision, which equals `reef sim MODEL.nir\n"
        "--profile snntorch` bit for bit.",
    .details = "",
    .examples =
        "  reef eval runs/fmnist_fc/last.ckpt --config configs/train/fmnist_fc.yaml\n"
        "  reef eval runs/fmnist_fc/model.nir --config configs/train/fmnist_fc.yaml --outputs out.npy\n",
};

train::Model load_model(const std::string& path, const TrainConfig& config, const train::ModelSpec& spec) {
  if (is_checkpoint_file(path)) {
    train::Model model(spec, config.settings.seed);
    train::set_parameters(model, load_checkpoint(path).parameters);
    return model;
  }
  if (!io::is_nir_file(path)) {
    throw UsageError("'" + path + "' is neither a training checkpoint (.ckpt) nor a NIR model (.nir)");
  }
  const io::NirModel nir = io::read_nir(path);
  return train::Model::from_graph(nir.graph, nir.metadata.dt_s.value_or(spec.dt_s));
}

template <typename T>
void save_npy(const std::string& path, std::size_t samples, std::size_t steps, const std::vector<std::size_t>& shape,
              const std::vector<T>& values) {
  std::vector<std::size_t> dims{samples, steps};
  dims.insert(dims.end(), shape.begin(), shape.end());
  io::write_npy(path, dims, std::vector<double>(values.begin(), values.end()));
}

}  // namespace

int command_eval(const CliContext&, const Args& args) {
  auto options = option_list("options");
  options.add_options()
      ("config,c", po::value<std::string>()->value_name("CONFIG.yaml"), "the training config (data and encoder)")
      ("inputs", po::value<std::string>()->value_name("IN.npy"), "save the encoded test inputs")
      ("outputs", po::value<std::string>()->value_name("OUT.npy"), "save the model outputs")
      ("labels", po::value<std::string>()->value_name("LABELS.npy"), "save the test labels (for reef chipsim)")
      ("float64", "evaluate in double precision (the step engine's arithmetic)");
  const auto values = parse_command_line(args, options, "model", kHelp);
  if (!values) return 0;
  const std::string model_path = required_argument(*values, "model", "the model MODEL (checkpoint or NIR)");
  if (values->count("config") == 0) throw UsageError("--config CONFIG.yaml is required: it names the test data");
  const TrainConfig config = load_train_config((*values)["config"].as<std::string>());
  const TrainData data = load_train_data(config, false);
  if (data.test.size() == 0) {
    throw UsageError("'" + config.file.string() + "' has no test set; give data.test or data.test_fraction");
  }
  train::Model model = load_model(model_path, config, model_spec_for(config, data.test));
  train::ExecutionOptions execution = config.execution;
  if (values->count("float64") != 0) execution.precision = train::Precision::float64;
  model.set_execution(execution);
  const train::Encoder encoder(config.settings.encoder, data.test.sample_shape(), data.test.sequence());
  std::vector<double> outputs;
  std::vector<float> inputs;
  const bool keep = values->count("outputs") != 0 || values->count("inputs") != 0;
  const train::Evaluation evaluation =
      train::evaluate(model, encoder, data.test, config.settings.loss, config.settings.batch, config.settings.seed,
                      keep ? &outputs : nullptr, keep ? &inputs : nullptr);
  std::cout << report_line("model", model_path)
            << report_line("test", group_digits(evaluation.samples) + " samples, accuracy " +
                                       percent(evaluation.accuracy()) + ", loss " + fixed(evaluation.loss, 4));
  if (values->count("inputs") != 0) {
    save_npy((*values)["inputs"].as<std::string>(), evaluation.samples, encoder.steps(), encoder.step_shape(), inputs);
  }
  if (values->count("outputs") != 0) {
    save_npy((*values)["outputs"].as<std::string>(), evaluation.samples, encoder.steps(), {model.output_size()},
             outputs);
  }
  if (values->count("labels") != 0) {
    const std::vector<std::int64_t> labels(data.test.labels().begin(), data.test.labels().end());
    io::write_npy((*values)["labels"].as<std::string>(), std::vector<std::size_t>{labels.size()}, labels);
  }
  return 0;
}

}  // namespace reef::cli
