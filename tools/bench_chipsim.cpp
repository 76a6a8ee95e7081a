// `reef bench chipsim`: hw::XyloSim throughput in steps/s on the NIR paper's Braille network (12-40r-7) mapped to Xylo
// Audio 2, and on a full-size Xylo Audio 2 network (1000 hidden neurons, 2 synapses, recurrence as dense as the chip's
// memory allows) at about 5 % and 20 % hidden activity; the measured activity is printed beside each figure.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <numeric>

#include "command_line.hpp"
#include "commands.hpp"
#include "reef/core/error.hpp"
#include "reef/core/random.hpp"
#include "reef/hw/chip_spec.hpp"
#include "reef/hw/mapper.hpp"
#include "reef/hw/quantizer.hpp"
#include "reef/hw/xylo_sim.hpp"
#include "reef/io/nir.hpp"
#include "reef/io/npy.hpp"
#include "text_format.hpp"

namespace reef::cli {
namespace {

const CommandHelp kHelp{
    .usage = "reef bench chipsim [--steps N] [--seed N] [--model M.nir --input IN.npy]",
    .description =
        "Times the bit-accurate Xylo chip simulator (hw::XyloSim) in steps/s. braille: the NIR paper's Braille\n"
        "network quantized (global) and mapped to Xylo Audio 2, run on its test sample over and over (reset before\n"
        "each pass); without ../shared/data a random 12-40r-7 image is timed and says so. audio2: 1000 hidden\n"
        "neurons with 2 synapses, every input and readout weight set, and 32 recurrent targets per neuron on both\n"
        "synapses (32,000 entries: the chip's whole recurrent memory), with the threshold tuned so that about 5 % or\n"
        "20 % of the hidden neurons fire in a step. Hidden events are recorded, as reef chipsim does. Seeded.",
    .details = "",
    .examples = "  reef bench chipsim                 # Braille and full-size Audio 2 at 5 % and 20 % activity\n"
                "  reef bench chipsim --steps 50000   # longer runs\n",
};

constexpr const char* kBrailleModel =
    "../shared/data/nir/neuromorphs+NIR/paper/03_rnn/braille_noDelay_noBias_subtract.nir";
constexpr const char* kBrailleInput =
    "../shared/data/nir/neuromorphs+NIR/paper/03_rnn/derived/ds_test_sample0_input.npy";
constexpr double kBrailleDt = 1e-4;      // the snnTorch export's time step
constexpr std::size_t kChunk = 1000;     // steps per evolve() call of the full-size runs
constexpr std::size_t kRecurrentTargets = 32;  // per neuron: 1000 × 32 = 32,000 = Audio 2's recurrent memory

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// What a timed run saw: steps, wall time and hidden activity (share of neuron-steps with at least one event).
struct Timing {
  std::size_t steps = 0;
  double seconds = 0.0;
  std::uint64_t active = 0;  // hidden neuron-steps with events
  std::uint64_t events = 0;  // hidden events
  std::size_t neurons = 0;
  void add(const hw::ChipSimRun& run, double wall) {
    steps += run.steps;
    seconds += wall;
    for (std::uint8_t count : run.hidden_spikes) {
      active += count > 0 ? 1 : 0;
      events += count;
    }
  }
  double activity() const { return static_cast<double>(active) / static_cast<double>(steps * neurons); }
  std::string text() const {
    return group_digits(steps) + " steps in " + seconds_text(seconds) + ": " +
           group_digits(static_cast<std::uint64_t>(static_cast<double>(steps) / seconds)) +
           " steps/s; hidden activity " + fixed(100.0 * activity(), 1) + " % of neurons per step, " +
           fixed(static_cast<double>(events) / static_cast<double>(steps), 1) + " events per step";
  }
};

hw::ChipImage empty_image(const hw::ChipSpec& chip, std::size_t inputs, std::size_t hidden, std::size_t outputs,
                          std::size_t synapses) {
  hw::ChipImage image = hw::empty_chip_image(chip, inputs, hidden, outputs, synapses);
  image.hidden.assign(hidden, {2, 2, static_cast<std::uint8_t>(synapses == 2 ? 3 : 0), 1000, 0, -1});
  image.outputs.assign(outputs, {2, 2, 1000, 0});
  image.dt_s = 1e-3;
  image.groups = {{"input", hw::NeuronGroup::Kind::input, 0, static_cast<std::uint32_t>(inputs)},
                  {"hidden", hw::NeuronGroup::Kind::hidden, 0, static_cast<std::uint32_t>(hidden)},
                  {"readout", hw::NeuronGroup::Kind::output, 0, static_cast<std::uint32_t>(outputs)}};
  image.provenance.source_model = "reef bench chipsim (generated)";
  image.provenance.quantization = "pre-quantized";
  return image;
}

// A nonzero weight in [low, high].
std::int8_t nonzero_weight(core::Rng& rng, int low, int high) {
  int w = 0;
  while (w == 0) w = low + static_cast<int>(rng.uniform_index(static_cast<std::uint64_t>(high - low + 1)));
  return static_cast<std::int8_t>(w);
}

// Full-size Audio 2: every input and readout weight set, 32 recurrent targets per neuron on both synapses (source i
// reaches i + offset mod N for 32 distinct offsets, so every neuron also has 32 sources per synapse).
hw::ChipImage audio2_image(const hw::ChipSpec& chip, std::uint64_t seed) {
  core::Rng rng(seed, 1);
  const std::size_t n = chip.max_hidden;
  hw::ChipImage image = empty_image(chip, chip.max_inputs, n, chip.max_outputs, chip.synapses_per_hidden);
  for (auto& w : image.weights_in) w = nonzero_weight(rng, -32, 96);  // net excitatory drive
  for (auto& w : image.weights_out) w = nonzero_weight(rng, -127, 127);
  std::vector<std::size_t> offsets(n - 1);
  std::iota(offsets.begin(), offsets.end(), 1);
  for (std::size_t i = 0; i < kRecurrentTargets; ++i) std::swap(offsets[i], offsets[i + rng.uniform_index(n - 1 - i)]);
  for (std::size_t source = 0; source < n; ++source)
    for (std::size_t i = 0; i < kRecurrentTargets; ++i)
      for (std::size_t k = 0; k < image.synapses; ++k)
        image.weights_rec[(source * n + (source + offsets[i]) % n) * image.synapses + k] =
            nonzero_weight(rng, -127, 127);
  return image;
}

// Input events of `steps` steps: each channel carries 0..2 events per step.
std::vector<std::uint16_t> random_counts(core::Rng& rng, std::size_t steps, std::size_t channels) {
  std::vector<std::uint16_t> counts(steps * channels);
  for (auto& c : counts) c = static_cast<std::uint16_t>(rng.uniform_index(3));
  return counts;
}

// Runs `steps` steps in chunks of kChunk, timing evolve() only.
Timing time_chunks(hw::XyloSim& sim, std::size_t steps, std::uint64_t seed) {
  core::Rng rng(seed, 2);
  Timing timing;
  timing.neurons = sim.n_hidden();
  for (std::size_t done = 0; done < steps; done += kChunk) {
    const std::size_t chunk = std::min(kChunk, steps - done);
    const auto counts = random_counts(rng, chunk, sim.n_inputs());
    const auto start = std::chrono::steady_clock::now();
    const hw::ChipSimRun run = sim.evolve(counts, chunk);
    timing.add(run, seconds_since(start));
  }
  return timing;
}

// The common hidden threshold that gives about `target` activity (bisection over log threshold on short runs).
std::int32_t tune_threshold(hw::ChipImage& image, const hw::ChipSpec& chip, double target, std::uint64_t seed) {
  double low = 0.0;                                                        // log2 of threshold 1
  double high = std::log2(static_cast<double>(chip.threshold.max));
  std::int32_t threshold = 1;
  for (int iteration = 0; iteration < 16; ++iteration) {
    const double middle = 0.5 * (low + high);
    threshold = static_cast<std::int32_t>(std::lround(std::exp2(middle)));
    for (auto& neuron : image.hidden) neuron.threshold = threshold;
    hw::XyloSim sim(image, chip);
    const double activity = time_chunks(sim, 600, seed).activity();
    (activity > target ? low : high) = middle;
  }
  for (auto& neuron : image.hidden) neuron.threshold = threshold;
  return threshold;
}

void bench_braille(const po::variables_map& values, const hw::ChipSpec& chip, std::size_t steps,
                   std::uint64_t seed) {
  const std::filesystem::path model_path = values["model"].as<std::string>();
  const std::filesystem::path input_path = values["input"].as<std::string>();
  for (const char* option : {"model", "input"})
    if (!values[option].defaulted() && !std::filesystem::exists(values[option].as<std::string>()))
      throw UsageError(std::string("--") + option + " '" + values[option].as<std::string>() + "' does not exist");
  hw::ChipImage image;
  std::vector<std::uint16_t> sample;
  std::size_t sample_steps = 256;
  if (std::filesystem::exists(model_path) && std::filesystem::exists(input_path)) {
    const core::Graph model = io::read_nir(model_path).graph;
    const hw::QuantizedModel quantized = hw::quantize(model, chip, {hw::QuantMode::global, kBrailleDt});
    hw::MapOptions map_options;
    map_options.dt_s = kBrailleDt;
    map_options.provenance.source_model = model_path.filename().string();
    map_options.provenance.source_hash = model.content_hash();
    map_options.provenance.quantization = "global";
    image = hw::map_to_chip(quantized.graph, chip, map_options);
    const io::NpyArray input = io::read_npy(input_path);
    if (input.shape.size() != 2 || input.shape[1] != image.n_inputs)
      throw ValidationError(input_path.string() + ": expected an input of shape [steps, " +
                            std::to_string(image.n_inputs) + "] (events per step and channel)");
    sample_steps = input.shape[0];
    for (double v : input.values)
      sample.push_back(static_cast<std::uint16_t>(std::clamp(std::round(v), 0.0, 65535.0)));
    std::cout << report_line("braille", model_path.filename().string() + " quantized (global, dt 0.1 ms) and mapped " +
                                            "to " + chip.name + "; sample 0 of the test set, " +
                                            std::to_string(sample_steps) + " steps per pass");
  } else {
    core::Rng rng(seed, 3);
    image = empty_image(chip, 12, 40, 7, 1);
    for (auto& w : image.weights_in) w = nonzero_weight(rng, -32, 96);
    for (auto& w : image.weights_rec) w = nonzero_weight(rng, -64, 64);
    for (auto& w : image.weights_out) w = nonzero_weight(rng, -127, 127);
    for (std::size_t i = 0; i < sample_steps * 12; ++i) sample.push_back(rng.uniform() < 0.18 ? 1 : 0);
    std::cout << report_line("braille", "NOTE: " + model_path.string() +
                                            " is not here; a random 12-40r-7 image and random input are timed");
  }
  hw::XyloSim sim(image, chip);
  Timing timing;
  timing.neurons = sim.n_hidden();
  const std::size_t passes = std::max<std::size_t>(1, steps / sample_steps);
  for (std::size_t pass = 0; pass < passes; ++pass) {
    const auto start = std::chrono::steady_clock::now();
    sim.reset();
    const hw::ChipSimRun run = sim.evolve(sample, sample_steps);
    timing.add(run, seconds_since(start));
  }
  std::cout << report_line("", std::to_string(image.n_inputs) + "-" + std::to_string(image.n_hidden) + "r-" +
                                   std::to_string(image.n_outputs) + ", " + std::to_string(passes) + " passes: " +
                                   timing.text());
}

void bench_audio2(const hw::ChipSpec& chip, std::size_t steps, std::uint64_t seed) {
  hw::ChipImage image = audio2_image(chip, seed);
  std::cout << report_line("audio2", std::to_string(image.n_hidden) + " hidden neurons, " +
                                         std::to_string(image.synapses) + " synapses, " +
                                         group_digits(image.n_hidden * kRecurrentTargets) +
                                         " recurrent entries (" + std::to_string(kRecurrentTargets) +
                                         " targets per neuron, both synapses), dense input and readout weights");
  for (const double target : {0.05, 0.20}) {
    const std::int32_t threshold = tune_threshold(image, chip, target, seed);
    hw::XyloSim sim(image, chip);
    const Timing timing = time_chunks(sim, steps, seed);
    std::cout << report_line(fixed(100.0 * target, 0) + " % target",
                             "threshold " + std::to_string(threshold) + ": " + timing.text());
  }
}

}  // namespace

int bench_chipsim(const CliContext&, const Args& args) {
  po::options_description options = option_list("options");
  options.add_options()
      ("steps", po::value<std::string>()->value_name("N")->default_value("25600"), "steps per timed run")
      ("seed,s", po::value<std::string>()->value_name("N")->default_value("1"), "seed of generated weights and input")
      ("model", po::value<std::string>()->value_name("M.nir")->default_value(kBrailleModel), "braille: NIR file")
      ("input", po::value<std::string>()->value_name("IN.npy")->default_value(kBrailleInput), "braille: input");
  const auto values = parse_command_line(args, options, std::vector<std::string>{}, kHelp);
  if (!values) return 0;
  const auto steps = static_cast<std::size_t>(parse_positive_option((*values)["steps"].as<std::string>(), "--steps"));
  const std::uint64_t seed = parse_seed_option((*values)["seed"].as<std::string>(), "--seed");
  const hw::ChipSpec chip = hw::find_chip("xylo-audio2");
  bench_braille(*values, chip, steps, seed);
  bench_audio2(chip, steps, seed);
  return 0;
}

}  // namespace reef::cli
