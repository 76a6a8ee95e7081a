// `reef bench braille` and `reef bench cuba --engine step`: step-engine throughput on the NIR paper's Braille SRNN
// (steps/s at batch 1 and 64) and on W1 at a fixed dt, printed beside the figures the issue compares them with.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iostream>

#include "command_line.hpp"
#include "commands.hpp"
#include "reef/core/error.hpp"
#include "reef/core/random.hpp"
#include "reef/io/nir.hpp"
#include "reef/io/npy.hpp"
#include "reef/sim/spike_statistics.hpp"
#include "reef/sim/step_engine.hpp"
#include "reef/sim/workloads.hpp"
#include "run_report.hpp"
#include "text_format.hpp"

namespace reef::cli {
namespace {

const CommandHelp kHelp{
    .usage = "reef bench braille [--batch N] [--repeat R] [--model M.nir --input IN.npy]\n"
             "       reef bench cuba --engine step [--dt DT] [--duration TIME] [--scale K] [--seed N]",
    .description =
        "Times the fixed-step engine. braille: the NIR paper's Braille SRNN (snntorch profile, dt = 1e-4) on its\n"
        "test sample, forward passes of 256 steps at batch 1 and 64 (or --batch), in steps/s and samples/s; without\n"
        "../shared/data a generated network of the same shape is used and says so. cuba --engine step: W1 (Brette\n"
        "et al. 2007) with exact propagators at a fixed dt, rates and CV of ISI against the anchors.",
    .details = "",
    .examples = "  reef bench braille                     # batch 1 and 64\n"
                "  reef bench cuba --engine step --dt 0.1ms\n",
};

constexpr const char* kBrailleModel = "../shared/data/nir/neuromorphs+NIR/paper/03_rnn/braille_noDelay_bias_zero.nir";
constexpr const char* kBrailleInput =
    "../shared/data/nir/neuromorphs+NIR/paper/03_rnn/derived/ds_test_sample0_input.npy";

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// A Braille-shaped SRNN (12 → 38 recurrent CubaLIF → 7 CubaLIF) with random weights, and random input events.
std::pair<core::Graph, std::vector<double>> generated_braille(std::size_t steps) {
  core::Rng rng(1);
  core::GraphBuilder builder;
  const auto affine = [&](const std::string& name, std::size_t in, std::size_t out) {
    core::AffineParams params;
    params.weight.shape = {out, in};
    for (std::size_t i = 0; i < in * out; ++i) params.weight.values.push_back(rng.normal(0.0, 0.5));
    params.bias.assign(out, 0.0);
    return builder.add_node({name, out, params});
  };
  const auto cuba = [&](const std::string& name, std::size_t n) {
    core::NeuronParams p;
    p.model = core::NeuronModel::cuba_lif;
    p.tau_mem_s = 1e-3;
    p.r = 10.0;
    p.synapses.push_back({"syn", 2.2e-4, 0.0, 2.2});
    return builder.add_node({name, n, p});
  };
  const auto input = builder.add_node({"input", 12, core::InputParams{}});
  const auto fc1 = affine("fc1", 12, 38);
  const auto lif1 = cuba("lif1", 38);
  const auto rec = affine("w_rec", 38, 38);
  const auto fc2 = affine("fc2", 38, 7);
  const auto lif2 = cuba("lif2", 7);
  const auto output = builder.add_node({"output", 7, core::OutputParams{}});
  for (auto [a, b] : {std::pair{input, fc1}, {fc1, lif1}, {lif1, rec}, {rec, lif1}, {lif1, fc2}, {fc2, lif2},
                      {lif2, output}})
    builder.add_connection({a, b});
  std::vector<double> values(steps * 12);
  for (double& v : values) v = rng.uniform() < 0.18 ? 1.0 : 0.0;
  return {std::move(builder).build(), values};
}

int bench_braille(const po::variables_map& values) {
  const std::filesystem::path model_path = values["model"].as<std::string>();
  const std::filesystem::path input_path = values["input"].as<std::string>();
  core::Graph graph;
  std::vector<double> sample;
  std::size_t steps = 256;
  for (const char* option : {"model", "input"})
    if (!values[option].defaulted() && !std::filesystem::exists(values[option].as<std::string>()))
      throw UsageError(std::string("--") + option + " '" + values[option].as<std::string>() + "' does not exist");
  if (std::filesystem::exists(model_path) && std::filesystem::exists(input_path)) {
    graph = io::read_nir(model_path).graph;
    io::NpyArray input = io::read_npy(input_path);
    steps = input.shape.at(0);
    sample = std::move(input.values);
    std::cout << report_line("model", model_path.string() + " with its test sample " + input_path.string());
  } else {
    std::tie(graph, sample) = generated_braille(steps);
    std::cout << report_line("model", "NOTE: " + model_path.string() +
                                          " is not here; a generated Braille-shaped network (12-38r-7 CubaLIF) and "
                                          "random input are timed instead");
  }
  sim::StepOptions options;
  options.profile = sim::StepProfile::snntorch;
  options.dt_s = 1e-4;
  sim::StepEngine engine(graph, options);
  const std::size_t repeat =
      static_cast<std::size_t>(parse_positive_option(values["repeat"].as<std::string>(), "--repeat"));
  std::vector<std::size_t> batches{1, 64};
  if (values.count("batch") != 0)
    batches = {static_cast<std::size_t>(parse_positive_option(values["batch"].as<std::string>(), "--batch"))};
  for (std::size_t batch : batches) {
    sim::StepInput input{engine.input_nodes().at(0), batch, steps, {}};
    for (std::size_t b = 0; b < batch; ++b) input.values.insert(input.values.end(), sample.begin(), sample.end());
    double best = 1e300;
    for (std::size_t r = 0; r < repeat; ++r) best = std::min(best, engine.run({input}).wall_seconds);
    const auto per_second = [best](double count) { return group_digits(static_cast<std::uint64_t>(count / best)); };
    std::cout << report_line("batch " + std::to_string(batch),
                             fixed(best * 1e3, 3) + " ms per forward pass of " + std::to_string(steps) +
                                 " steps (best of " + std::to_string(repeat) + "): " +
                                 per_second(static_cast<double>(steps)) + " steps/s, " +
                                 per_second(static_cast<double>(batch)) + " samples/s");
  }
  std::cout << report_line("target", "forward pass >= 10x faster than snnTorch 0.9.4 (Debian torch 1.13, same input,\n"
                                     "          same CPU); the snnTorch time is measured separately (issue 3)");
  return 0;
}

int bench_cuba(const po::variables_map& values) {
  const double dt = parse_duration_option(values["dt"].as<std::string>(), "--dt").seconds();
  const core::Time duration = parse_duration_option(values["duration"].as<std::string>(), "--duration");
  const double scale = parse_positive_option(values["scale"].as<std::string>(), "--scale");
  const std::uint64_t seed = parse_seed_option(values["seed"].as<std::string>(), "--seed");
  const core::Graph graph = sim::make_cuba_network(scale, seed);
  sim::StepOptions options;
  options.profile = sim::StepProfile::exact;
  options.dt_s = dt;
  auto start = std::chrono::steady_clock::now();
  sim::StepEngine engine(graph, options);
  const double lower_seconds = seconds_since(start);
  sim::RunOptions run_options;
  run_options.duration = duration;
  const sim::RunResult result = engine.run(run_options);
  std::vector<std::size_t> sizes;
  for (const auto& population : result.populations) sizes.push_back(population.size);
  const double rate =
      static_cast<double>(total_spikes(result)) / (static_cast<double>(graph.neuron_count()) * duration.seconds());
  std::cout << report_line("workload", "W1 cuba on the step engine, exact propagators, dt " +
                                           core::format_duration(core::Time::from_seconds(dt)) + "; scale " +
                                           compact(scale) + ", seed " + std::to_string(seed) + ", lowered in " +
                                           seconds_text(lower_seconds))
            << run_summary_lines(result, duration)
            << report_line("rate", fixed(rate, 2) + " Hz mean over all neurons; mean CV of ISI " +
                                       fixed(sim::mean_cv_isi(result.recording.spikes, sizes), 3))
            << population_table(result.populations)
            << report_line("reference", "Brian2 2.5.1 C++ standalone, dt 0.1 ms, scale 1: 0.097 s per 1 s, 0.86 s per "
                                        "10 s (medians); target: 2x faster")
            << report_line("expected", "mean rate 5.5-6.1 Hz (1 s), mean CV of ISI 0.51-0.53 (1 s)");
  return 0;
}

}  // namespace

int bench_step(const CliContext&, const Args& args) {
  po::options_description options = option_list("options");
  options.add_options()
      ("batch", po::value<std::string>()->value_name("N"), "braille: one batch size (default: 1 and 64)")
      ("repeat", po::value<std::string>()->value_name("R")->default_value("20"), "braille: runs, the best is shown")
      ("model", po::value<std::string>()->value_name("M.nir")->default_value(kBrailleModel), "braille: NIR file")
      ("input", po::value<std::string>()->value_name("IN.npy")->default_value(kBrailleInput), "braille: input")
      ("engine", po::value<std::string>()->value_name("E")->default_value("step"), "cuba: must be step")
      ("dt", po::value<std::string>()->value_name("DT")->default_value("0.1ms"), "cuba: time step")
      ("duration,d", po::value<std::string>()->value_name("TIME")->default_value("1s"), "cuba: biological time")
      ("scale", po::value<std::string>()->value_name("K")->default_value("1"), "cuba: multiply the neurons by K")
      ("seed,s", po::value<std::string>()->value_name("N")->default_value("1"), "cuba: seed");
  const auto values = parse_command_line(args, options, "workload", kHelp);
  if (!values) return 0;
  const std::string workload = required_argument(*values, "workload", "the workload: braille or cuba");
  if (workload == "braille") return bench_braille(*values);
  if (workload == "cuba" && (*values)["engine"].as<std::string>() == "step") return bench_cuba(*values);
  throw UsageError("step-engine benchmarks: braille, or cuba --engine step (got '" + workload + "')");
}

}  // namespace reef::cli
