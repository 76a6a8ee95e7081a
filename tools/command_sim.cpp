// `reef sim`: loads a YAML network, simulates it with the exact event engine (or the step engine with --engine step),
// saves the recording and prints a summary; NIR models go to sim_nir.cpp. Output format and --record specs are
// checked before anything runs, so mistakes fail fast.
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "command_line.hpp"
#include "commands.hpp"
#include "progress_bar.hpp"
#include "record_option.hpp"
#include "reef/core/error.hpp"
#include "reef/io/network_config.hpp"
#include "reef/io/recording_writer.hpp"
#include "reef/io/nir.hpp"
#include "reef/sim/event_engine.hpp"
#include "reef/sim/step_engine.hpp"
#include "run_report.hpp"
#include "text_format.hpp"

namespace reef::cli {
namespace {

const CommandHelp kHelp{
    .usage = "reef sim NETWORK.yaml [--duration TIME] [--seed N] [--engine event|step [--dt DT]] [--record SPEC]...\n"
             "         [-o OUT]\n"
             "       reef sim MODEL.nir --input IN.npy [--profile P] [--dt DT] ... (reef sim MODEL.nir --help)",
    .description =
        "Simulates the network described in NETWORK.yaml (format: docs/config.md) with the exact event-driven\n"
        "engine and prints a summary: neurons, synapses, wall time, spikes, synaptic events per second and the\n"
        "rate of every population. Runs longer than a second draw a progress bar on stderr when it is a terminal.",
    .details =
        "--record SPEC (repeatable; replaces the config's record: section):\n"
        "  all                  spikes of every population\n"
        "  POP, POP.spikes      spikes of population POP\n"
        "  POP.VAR[N]@DT        state variable VAR of POP sampled every DT (default 0.1ms); VAR is v, a synapse\n"
        "                       name or i_syn<k>; N lists neurons and half-open ranges, e.g. [0,1,5] or [0:10]\n"
        "                       (default: every neuron). Quote it in the shell: --record 'exc.v[0:10]@1ms'\n"
        "\n"
        "-o OUT, the format follows the name:\n"
        "  run.h5, run.hdf5     HDF5: a group per population, a dataset per variable, units and metadata\n"
        "  DIR/                 NPY files DIR/<population>.<variable>.npy (spikes: n x 2 [time_s, neuron])\n"
        "  run.csv              CSV rows kind,population,neuron,variable,time_s,value (for small runs)\n",
    .examples =
        "  reef sim configs/examples/demo.yaml                      # run, print the summary\n"
        "  reef sim configs/examples/cuba.yaml --duration 10s -o cuba.h5\n"
        "  reef sim configs/examples/cuba.yaml --seed 7 --record exc --record 'exc.v[0:5]@1ms' -o out/\n",
};

std::string format_name(io::RecordingFormat format) {
  switch (format) {
    case io::RecordingFormat::hdf5: return "HDF5";
    case io::RecordingFormat::npy_directory: return "NPY files";
    case io::RecordingFormat::csv: return "CSV";
  }
  return "unknown";
}

// Checks -o before the run: a format we can write, and a folder that exists for single-file formats.
io::RecordingFormat check_output(const std::filesystem::path& output) {
  const io::RecordingFormat format = io::recording_format_for(output);
  const auto folder = output.parent_path();
  if (format != io::RecordingFormat::npy_directory && !folder.empty() && !std::filesystem::is_directory(folder)) {
    throw UsageError("-o '" + output.string() + "': the folder '" + folder.string() + "' does not exist");
  }
  return format;
}

void add_metadata(core::Recording& recording, const io::NetworkConfig& config, const std::string& config_path,
                  core::Time duration, const std::string& engine) {
  char duration_s[32];
  std::snprintf(duration_s, sizeof duration_s, "%.9g", duration.seconds());
  auto& metadata = recording.metadata;
  metadata.try_emplace("network", config.name);
  metadata.try_emplace("network_file", config_path);
  metadata.try_emplace("network_hash", config.graph.content_hash());
  metadata.try_emplace("seed", std::to_string(config.seed));
  metadata.try_emplace("duration_s", duration_s);
  metadata.try_emplace("engine", engine);
  metadata.try_emplace("reef_version", REEF_VERSION);
}

std::string network_lines(const io::NetworkConfig& config, const std::string& config_path) {
  const core::Graph& graph = config.graph;
  std::size_t populations = 0;
  for (const auto& node : graph.nodes()) populations += node.is_population() ? 1 : 0;
  const std::size_t inputs = graph.nodes().size() - populations;
  std::string neurons = group_digits(graph.neuron_count()) + " in " + std::to_string(populations) + " population" +
                        (populations == 1 ? "" : "s");
  if (inputs > 0) neurons += ", " + std::to_string(inputs) + " input" + (inputs == 1 ? "" : "s");
  neurons += "; synapses " + group_digits(graph.synapse_count()) + " in " + std::to_string(graph.edges().size()) +
             " projection" + (graph.edges().size() == 1 ? "" : "s");
  return report_line("network", config.name + " (" + config_path + "), seed " + std::to_string(config.seed) +
                                    ", hash " + graph.content_hash()) +
         report_line("neurons", neurons);
}

}  // namespace

int command_sim(const CliContext& context, const Args& args) {
  for (const std::string& arg : args)
    if (!arg.starts_with("-") && (std::filesystem::path(arg).extension() == ".nir" || io::is_nir_file(arg)))
      return sim_nir(context, args);
  po::options_description options = option_list("options");
  options.add_options()
      ("duration,d", po::value<std::string>()->value_name("TIME"),
       "biological time to simulate, e.g. 1s, 250ms (default: the config's, else 1s)")
      ("seed,s", po::value<std::string>()->value_name("N"),
       "seed for everything random in the network and its inputs (default: the config's)")
      ("record,r", po::value<std::vector<std::string>>()->value_name("SPEC"),
       "what to record, repeatable (default: the config's record section, else all spikes)")
      ("engine", po::value<std::string>()->value_name("E")->default_value("event"),
       "event (exact, event-driven) or step (fixed dt, exact propagators)")
      ("dt", po::value<std::string>()->value_name("DT"), "time step of --engine step (default 0.1ms)")
      ("output,o", po::value<std::string>()->value_name("OUT"),
       "save the recording to run.h5, DIR/ or run.csv (default: not saved)");
  const auto values = parse_command_line(args, options, "network", kHelp);
  if (!values) return 0;

  const std::string network = required_argument(*values, "network", "the network file NETWORK.yaml");
  io::ConfigOverrides overrides;
  if (values->count("seed") != 0) overrides.seed = parse_seed_option((*values)["seed"].as<std::string>(), "--seed");
  std::optional<core::Time> duration;
  if (values->count("duration") != 0) {
    duration = parse_duration_option((*values)["duration"].as<std::string>(), "--duration");
  }
  std::vector<RecordSpec> record_specs;
  if (values->count("record") != 0) {
    for (const auto& spec : (*values)["record"].as<std::vector<std::string>>()) {
      record_specs.push_back(parse_record_spec(spec));
    }
  }
  std::optional<std::filesystem::path> output;
  std::optional<io::RecordingFormat> format;
  if (values->count("output") != 0) {
    output = (*values)["output"].as<std::string>();
    format = check_output(*output);
  }

  const std::string engine_name = (*values)["engine"].as<std::string>();
  if (engine_name != "event" && engine_name != "step")
    throw UsageError("--engine '" + engine_name + "': expected event or step");
  if (values->count("dt") != 0 && engine_name != "step") throw UsageError("--dt needs --engine step");
  sim::StepOptions step_options;
  if (values->count("dt") != 0)
    step_options.dt_s = parse_duration_option((*values)["dt"].as<std::string>(), "--dt").seconds();

  const io::NetworkConfig config = io::load_network_config(network, overrides);
  sim::RunOptions run_options;
  run_options.duration = duration.value_or(config.duration);
  run_options.record = record_specs.empty() ? config.record : resolve_record_specs(record_specs, config.graph);
  std::cout << network_lines(config, network) << std::flush;

  ProgressBar progress(context.quiet, run_options.duration);
  run_options.progress = [&progress](double fraction) { progress.update(fraction); };
  sim::RunResult result;
  if (engine_name == "step") {
    std::cout << report_line("engine", "step, exact propagators, dt " + core::format_duration(
                                           core::Time::from_seconds(step_options.dt_s)))
              << std::flush;
    result = sim::StepEngine(config.graph, step_options).run(run_options);
  } else {
    result = sim::EventEngine(config.graph).run(run_options);
  }
  progress.finish();

  std::string saved = "not saved (add -o run.h5, -o DIR/ or -o run.csv)";
  if (output) {
    add_metadata(result.recording, config, network, run_options.duration, engine_name);
    io::write_recording(result.recording, *output);
    saved = output->string() + " (" + format_name(*format) + ")";
  }
  std::cout << run_summary_lines(result, run_options.duration) << population_table(result.populations)
            << report_line("output", saved);
  return 0;
}

}  // namespace reef::cli
