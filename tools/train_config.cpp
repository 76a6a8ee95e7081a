// Parses the training config: a located-node reader that rejects unknown keys and reports every bad value at its
// line and column, then one function per section filling the sim::train settings.
#include "train_config.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <set>
#include <thread>
#include <vector>

#include "reef/core/error.hpp"
#include "reef/io/yaml_document.hpp"

namespace reef::cli {
namespace {

namespace train = sim::train;

// A YAML node with the file it came from, so every failure can name file, line and column.
class Node {
 public:
  Node(YAML::Node node, const std::string* file, const std::filesystem::path* base)
      : node_(std::move(node)), file_(file), base_(base) {}

  [[noreturn]] void fail(const std::string& message) const {
    const YAML::Mark mark = node_.Mark();
    const bool known = !mark.is_null();
    throw ConfigError(*file_, known ? mark.line + 1 : 1, known ? mark.column + 1 : 1, message);
  }
  // A mapping with only keys from `allowed`.
  void expect_map(const std::string& what, const std::set<std::string>& allowed) const {
    if (!node_.IsMap()) fail(what + " must be a mapping of keys to values");
    for (const auto& entry : node_) {
      const std::string key = entry.first.as<std::string>();
      if (allowed.count(key) == 0) {
        std::string keys;
        for (const auto& name : allowed) keys += (keys.empty() ? "" : ", ") + name;
        Node(entry.first, file_, base_).fail("unknown key '" + key + "' in " + what + "; the keys are: " + keys);
      }
    }
  }
  std::optional<Node> get(const std::string& key) const {
    const YAML::Node child = node_[key];
    if (!child) return std::nullopt;
    return Node(child, file_, base_);
  }
  Node need(const std::string& key, const std::string& what) const {
    if (auto child = get(key)) return *child;
    fail(what + " needs '" + key + "'");
  }
  bool is_sequence() const { return node_.IsSequence(); }
  std::vector<Node> items(const std::string& what) const {
    if (!node_.IsSequence()) fail(what + " must be a list");
    std::vector<Node> list;
    for (const auto& item : node_) list.emplace_back(item, file_, base_);
    return list;
  }

  std::string text(const std::string& what) const {
    if (!node_.IsScalar()) fail(what + " must be a single value");
    return node_.Scalar();
  }
  double number(const std::string& what) const {
    const std::string value = text(what);
    try {
      std::size_t used = 0;
      const double number = std::stod(value, &used);
      if (used == value.size() && std::isfinite(number)) return number;
    } catch (const std::exception&) {
    }
    fail(what + " must be a finite number, not '" + value + "'");
  }
  double positive(const std::string& what) const {
    const double value = number(what);
    if (!(value > 0)) fail(what + " must be > 0");
    return value;
  }
  std::uint64_t unsigned_integer(const std::string& what) const {
    const std::string value = text(what);
    if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos || value.size() > 19) {
      fail(what + " must be a whole number >= 0, not '" + value + "'");
    }
    return std::stoull(value);
  }
  std::size_t count(const std::string& what) const {
    const std::uint64_t value = unsigned_integer(what);
    if (value == 0 || value > (std::uint64_t{1} << 32)) fail(what + " must be a whole number from 1 to 2^32");
    return static_cast<std::size_t>(value);
  }
  bool boolean(const std::string& what) const {
    const std::string value = text(what);
    if (value == "true") return true;
    if (value == "false") return false;
    fail(what + " must be true or false, not '" + value + "'");
  }
  core::Time duration(const std::string& what) const {
    const std::string value = text(what);
    const auto time = core::parse_duration(value);
    if (!time || time->ns() <= 0)
      fail(what + " must be a positive duration such as 1ms or 0.001 (s), not '" + value + "'");
    return *time;
  }
  std::filesystem::path path(const std::string& what) const {
    const std::filesystem::path value = text(what);
    const std::filesystem::path resolved = value.is_absolute() ? value : *base_ / value;
    if (!std::filesystem::exists(resolved)) fail(what + " '" + resolved.string() + "' does not exist");
    return resolved;
  }
  template <typename Enum>
  Enum choice(const std::string& what, std::optional<Enum> (*parse)(std::string_view), const std::string& forms) const {
    const std::string value = text(what);
    if (const auto parsed = parse(value)) return *parsed;
    fail(what + " '" + value + "' is not one of: " + forms);
  }

 private:
  YAML::Node node_;
  const std::string* file_;
  const std::filesystem::path* base_;
};

std::optional<DataFormat> parse_data_format(std::string_view text) {
  if (text == "idx") return DataFormat::idx;
  if (text == "npy") return DataFormat::npy;
  if (text == "hdf5") return DataFormat::hdf5;
  if (text == "shd") return DataFormat::shd;
  if (text == "events") return DataFormat::events;
  return std::nullopt;
}

DataFiles parse_files(const Node& node, DataFormat format, const std::string& what) {
  DataFiles files;
  switch (format) {
    case DataFormat::idx:
      node.expect_map(what, {"images", "labels"});
      files.data = node.need("images", what).path(what + " images");
      files.labels = node.need("labels", what).path(what + " labels");
      break;
    case DataFormat::npy:
      node.expect_map(what, {"data", "labels"});
      files.data = node.need("data", what).path(what + " data");
      files.labels = node.need("labels", what).path(what + " labels");
      break;
    case DataFormat::hdf5:
      node.expect_map(what, {"file", "data", "labels"});
      files.data = node.need("file", what).path(what + " file");
      files.data_name = node.need("data", what).text(what + " data");
      files.labels_name = node.need("labels", what).text(what + " labels");
      break;
    case DataFormat::shd:
      node.expect_map(what, {"file"});
      files.data = node.need("file", what).path(what + " file");
      break;
    case DataFormat::events:
      node.expect_map(what, {"folder"});
      files.data = node.need("folder", what).path(what + " folder");
      break;
  }
  return files;
}

DataConfig parse_data(const Node& node) {
  node.expect_map("data", {"format", "train", "test", "test_fraction", "scale", "shape", "sequence", "train_samples",
                           "test_samples", "steps", "duration", "channels", "bin", "merge_polarities"});
  DataConfig data;
  data.format =
      node.need("format", "data").choice<DataFormat>("data format", parse_data_format, "idx, npy, hdf5, shd, events");
  data.train = parse_files(node.need("train", "data"), data.format, "data train");
  if (const auto test = node.get("test")) data.test = parse_files(*test, data.format, "data test");
  if (const auto fraction = node.get("test_fraction")) {
    if (data.test) fraction->fail("give either a test set or test_fraction, not both");
    data.test_fraction = fraction->number("test_fraction");
    if (!(data.test_fraction > 0 && data.test_fraction < 1)) fraction->fail("test_fraction must be between 0 and 1");
  }
  if (const auto scale = node.get("scale")) data.scale = scale->positive("scale");
  if (const auto shape = node.get("shape")) {
    for (const Node& dim : shape->items("shape")) data.shape.push_back(dim.count("a shape dimension"));
  }
  if (const auto sequence = node.get("sequence")) {
    if (data.format == DataFormat::shd || data.format == DataFormat::events)
      sequence->fail("'sequence' does not apply to this data format: its samples are sequences already");
    data.sequence = sequence->boolean("sequence");
  }
  if (const auto n = node.get("train_samples")) data.train_samples = n->count("train_samples");
  if (const auto n = node.get("test_samples")) data.test_samples = n->count("test_samples");
  const bool binned = data.format == DataFormat::shd || data.format == DataFormat::events;
  for (const char* key : {"steps", "duration", "channels", "bin", "merge_polarities"}) {
    const auto value = node.get(key);
    if (!value) continue;
    const bool fits =
        (std::string(key) == "steps" && binned) ||
        ((std::string(key) == "duration" || std::string(key) == "channels") && data.format == DataFormat::shd) ||
        ((std::string(key) == "bin" || std::string(key) == "merge_polarities") && data.format == DataFormat::events);
    if (!fits) value->fail(std::string("'") + key + "' does not apply to this data format");
  }
  if (const auto steps = node.get("steps")) data.steps = steps->count("steps");
  if (const auto duration = node.get("duration")) data.duration = duration->duration("duration");
  if (const auto channels = node.get("channels")) data.channels = channels->count("channels");
  if (const auto bin = node.get("bin")) data.bin = bin->duration("bin");
  if (const auto merge = node.get("merge_polarities")) data.merge_polarities = merge->boolean("merge_polarities");
  return data;
}

train::AugmentSpec parse_augment(const Node& node) {
  node.expect_map("augment", {"flip", "shift"});
  train::AugmentSpec spec;
  if (const auto v = node.get("flip")) spec.flip = v->boolean("augment flip");
  if (const auto v = node.get("shift")) spec.shift = v->unsigned_integer("augment shift (pixels)");
  return spec;
}

train::EncoderSpec parse_encoder(const Node& node) {
  node.expect_map("encoder",
                  {"kind", "steps", "gain", "offset", "tau", "threshold", "linear", "padding", "off_spikes"});
  train::EncoderSpec spec;
  spec.kind =
      node.need("kind", "encoder")
          .choice<train::EncoderKind>("encoder kind", train::parse_encoder_kind, "rate, latency, delta, direct");
  if (const auto v = node.get("steps")) spec.steps = v->count("encoder steps");
  if (const auto v = node.get("gain")) spec.gain = v->number("gain");
  if (const auto v = node.get("offset")) spec.offset = v->number("offset");
  if (const auto v = node.get("tau")) spec.tau = v->positive("tau (in steps)");
  if (const auto v = node.get("threshold")) spec.threshold = v->number("threshold");
  if (const auto v = node.get("linear")) spec.linear = v->boolean("linear");
  if (const auto v = node.get("padding")) spec.padding = v->boolean("padding");
  if (const auto v = node.get("off_spikes")) spec.off_spikes = v->boolean("off_spikes");
  return spec;
}

train::Surrogate parse_surrogate(const Node& node) {
  train::Surrogate surrogate;
  const auto kinds = "fast_sigmoid, arctan, triangle, boxcar, exponential";
  if (!node.is_sequence() && node.get("kind")) {
    node.expect_map("surrogate", {"kind", "parameter"});
    surrogate.kind =
        node.need("kind", "surrogate").choice<train::SurrogateKind>("surrogate", train::parse_surrogate_kind, kinds);
    surrogate.parameter = train::default_surrogate_parameter(surrogate.kind);
    if (const auto v = node.get("parameter")) surrogate.parameter = v->positive("surrogate parameter");
  } else {
    surrogate.kind = node.choice<train::SurrogateKind>("surrogate", train::parse_surrogate_kind, kinds);
    surrogate.parameter = train::default_surrogate_parameter(surrogate.kind);
  }
  return surrogate;
}

train::LayerSpec parse_layer(const Node& node) {
  node.expect_map("a layer",
                  {"kind", "name", "out", "bias", "kernel", "stride", "padding", "tau_mem", "tau_syn", "v_th", "reset",
                   "recurrent", "recurrent_bias", "learn_tau", "learn_threshold", "surrogate"});
  train::LayerSpec layer;
  layer.kind = node.need("kind", "a layer")
                   .choice<train::LayerKind>("layer kind", train::parse_layer_kind,
                                             "linear, conv2d, sum_pool2d, avg_pool2d, flatten, cuba_lif, lif, if, li");
  if (const auto v = node.get("name")) layer.name = v->text("layer name");
  if (const auto v = node.get("out")) layer.out_features = v->count("out");
  if (const auto v = node.get("bias")) layer.bias = v->boolean("bias");
  if (const auto v = node.get("kernel")) layer.kernel = v->count("kernel");
  if (const auto v = node.get("stride")) layer.stride = v->count("stride");
  if (const auto v = node.get("padding")) layer.padding = v->unsigned_integer("padding");
  if (const auto v = node.get("tau_mem")) layer.tau_mem_s = v->duration("tau_mem").seconds();
  if (const auto v = node.get("tau_syn")) layer.tau_syn_s = v->duration("tau_syn").seconds();
  if (const auto v = node.get("v_th")) layer.v_th = v->positive("v_th");
  if (const auto v = node.get("reset")) {
    const std::string reset = v->text("reset");
    if (reset != "subtract" && reset != "zero") v->fail("reset must be subtract or zero, not '" + reset + "'");
    layer.reset = reset == "zero" ? train::NeuronReset::zero : train::NeuronReset::subtract;
  }
  if (const auto v = node.get("recurrent")) layer.recurrent = v->boolean("recurrent");
  if (const auto v = node.get("recurrent_bias")) layer.recurrent_bias = v->boolean("recurrent_bias");
  if (const auto v = node.get("learn_tau")) layer.learn_tau = v->boolean("learn_tau");
  if (const auto v = node.get("learn_threshold")) layer.learn_threshold = v->boolean("learn_threshold");
  if (const auto v = node.get("surrogate")) layer.surrogate = parse_surrogate(*v);
  const bool needs_out = layer.kind == train::LayerKind::linear || layer.kind == train::LayerKind::conv2d;
  if (needs_out && layer.out_features == 0)
    node.fail("a " + std::string(train::to_string(layer.kind)) + " layer needs 'out'");
  return layer;
}

train::ModelSpec parse_model(const Node& node) {
  node.expect_map("model", {"dt", "profile", "layers"});
  train::ModelSpec model;
  if (const auto v = node.get("dt")) model.dt_s = v->duration("dt").seconds();
  if (const auto v = node.get("profile")) {
    if (v->text("profile") != "snntorch") v->fail("training uses the snntorch profile; profile must be snntorch");
  }
  for (const Node& layer : node.need("layers", "model").items("model layers"))
    model.layers.push_back(parse_layer(layer));
  if (model.layers.empty()) node.fail("the model needs at least one layer");
  return model;
}

void parse_loss(const Node& node, train::TrainSettings& settings) {
  node.expect_map("loss", {"kind", "correct_rate", "incorrect_rate", "rate_regularizer"});
  settings.loss.kind =
      node.need("kind", "loss")
          .choice<train::LossKind>("loss", train::parse_loss_kind,
                                   "ce_count, ce_max_membrane, mse_count, ce_sum_membrane, ce_last_membrane");
  if (const auto v = node.get("correct_rate")) settings.loss.correct_rate = v->number("correct_rate");
  if (const auto v = node.get("incorrect_rate")) settings.loss.incorrect_rate = v->number("incorrect_rate");
  if (const auto r = node.get("rate_regularizer")) {
    r->expect_map("rate_regularizer", {"weight", "target_rate"});
    settings.regularizer.weight = r->need("weight", "rate_regularizer").positive("weight");
    if (const auto v = r->get("target_rate")) settings.regularizer.target_rate = v->number("target_rate");
  }
}

void parse_optimizer(const Node& node, train::TrainSettings& settings) {
  node.expect_map("optimizer",
                  {"kind", "lr", "momentum", "nesterov", "betas", "eps", "weight_decay", "clip_grad_norm"});
  train::OptimizerSpec& spec = settings.optimizer;
  spec.kind = node.need("kind", "optimizer")
                  .choice<train::OptimizerKind>("optimizer", train::parse_optimizer_kind, "sgd, adam, adamw");
  settings.learning_rate = node.need("lr", "optimizer").positive("lr");
  if (const auto v = node.get("momentum")) spec.momentum = v->number("momentum");
  if (const auto v = node.get("nesterov")) spec.nesterov = v->boolean("nesterov");
  if (const auto v = node.get("betas")) {
    const auto betas = v->items("betas");
    if (betas.size() != 2) v->fail("betas must be a list of two numbers, e.g. [0.9, 0.999]");
    spec.beta1 = betas[0].number("beta1");
    spec.beta2 = betas[1].number("beta2");
  }
  if (const auto v = node.get("eps")) spec.eps = v->positive("eps");
  if (const auto v = node.get("weight_decay")) spec.weight_decay = v->number("weight_decay");
  if (const auto v = node.get("clip_grad_norm")) settings.clip_grad_norm = v->positive("clip_grad_norm");
}

train::ScheduleSpec parse_schedule(const Node& node) {
  node.expect_map("schedule", {"kind", "step_size", "gamma", "min_lr", "warmup_steps"});
  train::ScheduleSpec spec;
  spec.kind = node.need("kind", "schedule")
                  .choice<train::ScheduleKind>("schedule", train::parse_schedule_kind, "constant, step, cosine");
  if (const auto v = node.get("step_size")) spec.step_size = v->count("step_size");
  if (const auto v = node.get("gamma")) spec.gamma = v->positive("gamma");
  if (const auto v = node.get("min_lr")) spec.min_lr = v->number("min_lr");
  if (const auto v = node.get("warmup_steps")) spec.warmup_steps = v->unsigned_integer("warmup_steps");
  return spec;
}

}  // namespace

TrainConfig parse_train_config(std::string_view yaml, const std::string& display_name,
                               const std::filesystem::path& base_dir) {
  const Node root(io::load_yaml_document(yaml, display_name), &display_name, &base_dir);
  root.expect_map("the training config",
                  {"name", "seed", "epochs", "batch", "threads", "output", "shuffle", "bptt_window", "precision",
                   "data", "augment", "encoder", "model", "loss", "optimizer", "schedule"});
  TrainConfig config;
  config.file = display_name;
  config.name = std::filesystem::path(display_name).stem().string();
  if (const auto v = root.get("name")) config.name = v->text("name");
  if (const auto v = root.get("seed")) config.settings.seed = v->unsigned_integer("seed");
  config.settings.epochs = root.need("epochs", "the training config").count("epochs");
  if (const auto v = root.get("batch")) config.settings.batch = v->count("batch");
  config.execution.threads = std::max(1u, std::thread::hardware_concurrency());
  if (const auto v = root.get("threads")) config.execution.threads = v->count("threads");
  if (const auto v = root.get("shuffle")) config.settings.shuffle = v->boolean("shuffle");
  if (const auto v = root.get("bptt_window")) config.execution.bptt_window = v->unsigned_integer("bptt_window");
  if (const auto v = root.get("precision")) {
    const std::string precision = v->text("precision");
    if (precision != "float32" && precision != "float64") v->fail("precision must be float32 or float64");
    config.execution.precision =
        precision == "float64" ? sim::train::Precision::float64 : sim::train::Precision::float32;
  }
  config.output = std::filesystem::path("runs") / config.name;
  if (const auto v = root.get("output")) config.output = v->text("output");
  config.data = parse_data(root.need("data", "the training config"));
  if (const auto v = root.get("augment")) config.settings.augment = parse_augment(*v);
  config.settings.encoder = parse_encoder(root.need("encoder", "the training config"));
  config.model = parse_model(root.need("model", "the training config"));
  parse_loss(root.need("loss", "the training config"), config.settings);
  parse_optimizer(root.need("optimizer", "the training config"), config.settings);
  if (const auto v = root.get("schedule")) config.settings.schedule = parse_schedule(*v);
  return config;
}

TrainConfig load_train_config(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("cannot open the training config '" + path.string() + "'");
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const std::filesystem::path base = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  return parse_train_config(text, path.string(), base);
}

}  // namespace reef::cli
