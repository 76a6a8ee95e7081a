// `reef bench`: builds a reference workload in code (W1 CUBA or W2 Brunel, scalable), times graph construction,
// lowering and the run separately, and prints rates, CV of ISI and event throughput next to the measured
// references (Brian2 and NEST on the reference machine) so the numbers can be compared.
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <iostream>
#include <set>

#include "command_line.hpp"
#include "commands.hpp"
#include "progress_bar.hpp"
#include "reef/core/error.hpp"
#include "reef/sim/event_engine.hpp"
#include "reef/sim/spike_statistics.hpp"
#include "reef/sim/workloads.hpp"
#include "run_report.hpp"
#include "text_format.hpp"

namespace reef::cli {
namespace {

const CommandHelp kHelp{
    .usage = "reef bench cuba|brunel [--engine event|step] [--duration TIME] [--scale K] [--seed N]\n"
             "       reef bench braille [options]      (see: reef bench braille --help)\n"
             "       reef bench decode [FILE...]       (see: reef bench decode --help)\n"
             "       reef bench chipsim [options]      (see: reef bench chipsim --help)\n"
             "       reef bench flash [options]        (see: reef bench flash --help)\n"
             "       reef bench train [options]        (see: reef bench train --help)",
    .description =
        "Runs a reference workload with the event engine, recording every spike, and prints wall time (graph\n"
        "construction, lowering and the run timed separately), spikes, mean rate per population and overall, mean\n"
        "CV of inter-spike intervals (neurons with >= 3 spikes), synaptic events per second, and the figures other\n"
        "simulators reach on the same workload (../shared/docs/reference/anchors_measured.md, workloads.md).",
    .details =
        "workloads:\n"
        "  cuba     W1: CUBA network of Brette et al. 2007 (benchmark 2), 4,000 neurons, in-degree 80;\n"
        "           --scale multiplies the neurons and keeps the in-degree (scale 10 is W1-40k)\n"
        "  brunel   W2: Brunel 2000 balanced network with exponential synapses, 12,500 neurons, 15.6 M synapses,\n"
        "           Poisson drive; in-degrees 1000 + 250 stay fixed under --scale\n"
        "  braille  the NIR paper's Braille recurrent network on the step engine, batch 1 and 64 (steps/s)\n"
        "  decode   event-file decoding speed per format on the sample recordings (events/s)\n"
        "  chipsim  the bit-accurate Xylo chip simulator on Braille and full-size Xylo Audio 2 networks (steps/s)\n"
        "  flash    upload throughput and per-transfer latency to a board (bytes/s, ms per chunk)\n"
        "  train    a training step of the 784-1000-10 CubaLIF network, batch 128, 25 steps (samples/s)\n"
        "--engine step runs cuba/brunel on the fixed-step engine instead (see reef bench cuba --engine step --help).\n",
    .examples =
        "  reef bench cuba                                # W1, 1 s: compare with Brian2's 0.097 s\n"
        "  reef bench cuba --scale 10 --duration 10s      # W1-40k, 10 s\n"
        "  reef bench brunel --duration 0.2s --scale 0.5  # a quick look at W2\n"
        "  reef bench cuba --engine step --dt 0.1ms       # W1 on the fixed-step engine\n"
        "  reef bench braille                             # NIR Braille network, steps/s\n"
        "  reef bench decode                              # events/s per event-file format\n"
        "  reef bench chipsim                             # Xylo chip simulator, steps/s\n",
};

struct Reference {
  std::string_view workload;
  double scale;
  double duration_s;
  std::array<std::string_view, 3> lines;
};

// Medians measured on the reference machine (2 vCPU Zen 5, 1 thread), from anchors_measured.md and workloads.md.
constexpr std::array kReferences{
    Reference{"cuba", 1, 1,
              {"Brian2 2.5.1 C++ standalone: 0.097 s wall (median of 9), 22,463 spikes, 5.62 Hz, 18.6 M events/s",
               "NEST 3.9.0: 0.80 s wall (median of 5)",
               "expected: mean rate 5.5-6.1 Hz, exc/inh within 0.4 Hz, mean CV of ISI 0.51-0.53"}},
    Reference{"cuba", 1, 10,
              {"Brian2 2.5.1 C++ standalone: 0.86 s wall (median of 5), 20.7 M events/s",
               "NEST 3.9.0: 7.68 s wall (median of 3)",
               "expected: mean rate 5.3-6.0 Hz, exc/inh within 0.35 Hz, mean CV of ISI 0.71-0.73"}},
    Reference{"cuba", 10, 1,
              {"Brian2 2.5.1 C++ standalone: 0.94 s wall (median of 5), 19.2 M events/s",
               "NEST 3.9.0: 16.4 s wall (median of 3)",
               "expected: mean rate 5.55-5.80 Hz, exc/inh within 0.15 Hz, mean CV of ISI 0.52"}},
    Reference{"cuba", 10, 10,
              {"Brian2 2.5.1 C++ standalone: 8.37 s wall (median of 3), 21.5 M events/s",
               "NEST 3.9.0: 154.8 s wall (median of 3)",
               "expected: mean rate 5.5-5.75 Hz, exc/inh within 0.15 Hz, mean CV of ISI 0.72-0.73"}},
    Reference{"brunel", 1, 1,
              {"Brian2 2.5.1 C++ standalone: 10.8 s wall (median of 3), 369,412 spikes, 42.8 M events/s",
               "NEST 3.9.0: 38.8 s wall (median of 3), 11.8 M events/s",
               "expected: mean rate 29.3-29.6 Hz, exc/inh within 0.06 Hz, mean CV of ISI 0.185-0.188"}},
    Reference{"brunel", 1, 10,
              {"Brian2 2.5.1 C++ standalone: 107.5 s wall (median of 3), 43.0 M events/s",
               "NEST 3.9.0: 414.7 s wall (1 run), 11.1 M events/s",
               "expected: mean rate 29.5-29.6 Hz, exc/inh within 0.05 Hz, mean CV of ISI 0.19"}},
};

std::string reference_lines(const std::string& workload, double scale, core::Time duration) {
  std::string text;
  std::set<double> scales;
  std::set<double> durations;
  for (const auto& reference : kReferences) {
    if (reference.workload != workload) continue;
    scales.insert(reference.scale);
    durations.insert(reference.duration_s);
    if (reference.scale == scale && core::Time::from_seconds(reference.duration_s) == duration) {
      for (const auto line : reference.lines) text += report_line("reference", std::string(line));
    }
  }
  if (text.empty()) {
    const auto list = [](const std::set<double>& values, const std::string& unit) {
      std::string joined;
      for (double value : values) joined += (joined.empty() ? "" : " or ") + compact(value) + unit;
      return joined;
    };
    text = report_line("reference", "none for scale " + compact(scale) + " with " + core::format_duration(duration) +
                                        "; measured for scale " + list(scales, "") + " with " + list(durations, " s"));
  }
  return text;
}

// Mean CV of ISI over every neuron of the network.
double network_cv_isi(const sim::RunResult& result) {
  std::vector<core::SpikeTrain> trains;
  std::vector<std::size_t> sizes;
  for (const auto& population : result.populations) {
    for (const auto& train : result.recording.spikes) {
      if (train.population != population.name) continue;
      trains.push_back(train);
      sizes.push_back(population.size);
    }
  }
  return sim::mean_cv_isi(trains, sizes);
}

std::vector<std::string> population_cvs(const sim::RunResult& result) {
  std::vector<std::string> cells;
  for (const auto& population : result.populations) {
    double cv = std::nan("");
    for (const auto& train : result.recording.spikes) {
      if (train.population == population.name) cv = sim::mean_cv_isi(train, population.size);
    }
    cells.push_back(fixed(cv, 3));
  }
  return cells;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int command_bench(const CliContext& context, const Args& args) {
  if (!args.empty() && args.front() == "decode") return bench_decode(context, Args(args.begin() + 1, args.end()));
  if (!args.empty() && args.front() == "chipsim") return bench_chipsim(context, Args(args.begin() + 1, args.end()));
  if (!args.empty() && args.front() == "flash") return bench_flash(context, Args(args.begin() + 1, args.end()));
  if (!args.empty() && args.front() == "train") return bench_train(context, Args(args.begin() + 1, args.end()));
  if (!args.empty() && (args.front() == "braille" || std::find(args.begin(), args.end(), "--engine") != args.end()))
    return bench_step(context, args);
  po::options_description options = option_list("options");
  options.add_options()
      ("duration,d", po::value<std::string>()->value_name("TIME")->default_value("1s"), "biological time to simulate")
      ("scale", po::value<std::string>()->value_name("K")->default_value("1"), "multiply the number of neurons by K")
      ("seed,s", po::value<std::string>()->value_name("N")->default_value("1"),
       "seed for connectivity, initial state and input");
  const auto values = parse_command_line(args, options, "workload", kHelp);
  if (!values) return 0;

  const std::string workload = required_argument(*values, "workload", "the workload: cuba or brunel");
  if (workload != "cuba" && workload != "brunel") {
    throw UsageError("unknown workload '" + workload + "'; the workloads are cuba (W1) and brunel (W2)");
  }
  const core::Time duration = parse_duration_option((*values)["duration"].as<std::string>(), "--duration");
  const double scale = parse_positive_option((*values)["scale"].as<std::string>(), "--scale");
  const std::uint64_t seed = parse_seed_option((*values)["seed"].as<std::string>(), "--seed");

  auto start = std::chrono::steady_clock::now();
  const core::Graph graph =
      workload == "cuba" ? sim::make_cuba_network(scale, seed) : sim::make_brunel_network(scale, seed);
  const double build_seconds = seconds_since(start);
  start = std::chrono::steady_clock::now();
  sim::EventEngine engine(graph);
  const double lower_seconds = seconds_since(start);

  const std::string title = workload == "cuba" ? "W1 cuba (Brette et al. 2007, benchmark 2)"
                                               : "W2 brunel (Brunel 2000, exponential synapses)";
  std::cout << report_line("workload", title + "; scale " + compact(scale) + ", seed " + std::to_string(seed))
            << report_line("network", group_digits(graph.neuron_count()) + " neurons, " +
                                          group_digits(graph.synapse_count()) + " synapses; built in " +
                                          seconds_text(build_seconds) + ", lowered in " + seconds_text(lower_seconds))
            << std::flush;

  sim::RunOptions run_options;
  run_options.duration = duration;
  ProgressBar progress(context.quiet, duration);
  run_options.progress = [&progress](double fraction) { progress.update(fraction); };
  const sim::RunResult result = engine.run(run_options);
  progress.finish();

  const double neuron_seconds = static_cast<double>(graph.neuron_count()) * duration.seconds();
  const double mean_rate = static_cast<double>(total_spikes(result)) / neuron_seconds;
  std::cout << run_summary_lines(result, duration)
            << report_line("rate", fixed(mean_rate, 2) + " Hz mean over all neurons; mean CV of ISI " +
                                       fixed(network_cv_isi(result), 3) + " (neurons with >= 3 spikes)")
            << population_table(result.populations, "CV ISI", population_cvs(result))
            << reference_lines(workload, scale, duration);
  return 0;
}

}  // namespace reef::cli
