// `reef sim MODEL.nir`: runs a NIR model on the step engine with dense input from an NPY file. The profile and dt
// are guessed from the file (io::guess_nir_convention) and the guess is printed; the command line always wins.
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "command_line.hpp"
#include "commands.hpp"
#include "reef/core/error.hpp"
#include "reef/io/nir.hpp"
#include "reef/io/recording_writer.hpp"
#include "reef/sim/step_engine.hpp"
#include "run_report.hpp"
#include "sim_nir_event.hpp"
#include "step_input.hpp"
#include "text_format.hpp"

namespace reef::cli {
namespace {

const CommandHelp kHelp{
    .usage = "reef sim MODEL.nir --input IN.npy [--profile P] [--dt DT] [--reset R] [--spike-rule S] [-o OUT]\n"
             "       reef sim MODEL.nir --input IN.npy --engine event [--dt DT] [--reset R] [-o OUT]",
    .description =
        "Runs a NIR model on the fixed-step engine (docs/step-engine.md) with the discretisation of the framework\n"
        "that made it. The profile and dt are guessed from the file's neuron parameters where that is reliable and\n"
        "the guess is printed; --profile and --dt always win. IN.npy holds [T, channels...] or\n"
        "[batch, T, channels...] for the model's Input node.\n"
        "--engine event solves the NIR equations exactly instead (docs/event-engine.md, \"NIR graphs\"): each input\n"
        "row is held for one dt, spikes between neurons are unit impulses, and spike times are exact; it runs\n"
        "Input -> Affine/Linear/Scale -> neuron graphs (convolutions and pooling need the step engine).",
    .details =
        "profiles: exact (zero-order hold), euler (NIR/Norse forward Euler), snntorch, rockpool, sinabs\n"
        "--reset: graph (each node's own), zero, subtract, v_reset; --spike-rule: single (v > v_th), multi\n"
        "(floor(v/v_th) spikes when v >= v_th, capped by --max-spikes)\n"
        "-o OUT records spike counts [T, N] (or [batch, T, N]) of every spiking node, the signal reaching each\n"
        "Output node, and v of the nodes named with --record-v: run.h5, DIR/ (NPY) or run.csv\n",
    .examples =
        "  reef sim braille.nir --input sample.npy --profile snntorch --reset subtract -o out/\n"
        "  reef sim cnn_sinabs.nir --input frames.npy --dt 1 --profile sinabs\n"
        "  reef sim lif_norse.nir --input pulses.npy --engine event --dt 0.1ms --reset subtract -o exact.h5\n",
};

template <typename Enum>
Enum parse_choice(const std::string& text, const std::string& option,
                  const std::vector<std::pair<std::string, Enum>>& choices) {
  std::string names;
  for (const auto& [name, value] : choices) {
    if (name == text) return value;
    names += (names.empty() ? "" : ", ") + name;
  }
  throw UsageError(option + " '" + text + "': expected one of " + names);
}

}  // namespace

int sim_nir(const CliContext& context, const Args& args) {
  po::options_description options = option_list("options");
  options.add_options()
      ("input,i", po::value<std::string>()->value_name("IN.npy"), "input array for the model's Input node")
      ("engine", po::value<std::string>()->value_name("E")->default_value("step"),
       "step (fixed dt, a framework's numerics) or event (exact)")
      ("profile,p", po::value<std::string>()->value_name("P"), "exact, euler (norse), snntorch, rockpool, sinabs")
      ("dt", po::value<std::string>()->value_name("DT"),
       "time step, e.g. 0.1ms or 1e-4 (sinabs default: 1, tau in steps)")
      ("reset", po::value<std::string>()->value_name("R"), "graph, zero, subtract or v_reset")
      ("spike-rule", po::value<std::string>()->value_name("S"), "single or multi")
      ("max-spikes", po::value<std::string>()->value_name("N"), "cap of the multi-spike rule (default 65535)")
      ("min-v-mem", po::value<double>()->value_name("V"), "clip v from below (sinabs default: -v_th)")
      ("record-v", po::value<std::vector<std::string>>()->value_name("NODE"), "record v of a neuron node")
      ("output,o", po::value<std::string>()->value_name("OUT"), "save the recording to run.h5, DIR/ or run.csv");
  const auto values = parse_command_line(args, options, "network", kHelp);
  if (!values) return 0;
  const std::string path = required_argument(*values, "network", "the model file MODEL.nir");
  if (values->count("input") == 0) throw UsageError("--input IN.npy is required to run a NIR model");
  std::optional<std::filesystem::path> output;
  if (values->count("output") != 0) {
    output = (*values)["output"].as<std::string>();
    io::recording_format_for(*output);
  }

  const io::NirModel model = io::read_nir(path);
  const io::NirConvention guess = io::guess_nir_convention(model);
  std::cout << report_line("model", path + " (NIR version " + (model.version.empty() ? "none" : model.version) +
                                        ", " + std::to_string(model.graph.nodes().size()) + " nodes)")
            << report_line("guess", guess.profile + (guess.dt_s ? ", dt " + compact(*guess.dt_s) : "") + ": " +
                                        guess.reason);

  const std::string engine_name = (*values)["engine"].as<std::string>();
  if (engine_name != "step" && engine_name != "event")
    throw UsageError("--engine '" + engine_name + "': expected step or event");
  std::optional<sim::ResetRule> reset;  // unset: the step profile's own default, the graph's for the event engine
  if (values->count("reset") != 0)
    reset = parse_choice<sim::ResetRule>((*values)["reset"].as<std::string>(), "--reset",
                                         {{"graph", sim::ResetRule::as_graph},
                                          {"zero", sim::ResetRule::zero},
                                          {"subtract", sim::ResetRule::subtract},
                                          {"v_reset", sim::ResetRule::to_v_reset}});
  if (engine_name == "event") {
    for (const char* option : {"profile", "spike-rule", "max-spikes", "min-v-mem", "record-v"})
      if (values->count(option) != 0)
        throw UsageError(std::string("--") + option + " applies to the step engine, not to --engine event");
    const std::optional<double> dt_s = values->count("dt") != 0
        ? std::optional(parse_duration_option((*values)["dt"].as<std::string>(), "--dt").seconds())
        : guess.dt_s;
    if (!dt_s)
      throw UsageError("dt cannot be guessed from '" + path + "' (" + guess.reason + "); give --dt, e.g. --dt 0.1ms");
    const std::string input_name = single_input_node(model.graph, path);
    const sim::StepInput input = load_input((*values)["input"].as<std::string>(), input_name,
                                            model.graph.node(*model.graph.find(input_name)).output_shape());
    return run_nir_on_event_engine(context, path, model, input, *dt_s, reset.value_or(sim::ResetRule::as_graph),
                                   output);
  }

  sim::StepOptions step;
  step.reset = reset;
  if (values->count("profile") != 0) {
    const std::string text = (*values)["profile"].as<std::string>();
    const auto profile = sim::parse_step_profile(text);
    if (!profile)
      throw UsageError("--profile '" + text + "': expected exact, euler, norse, snntorch, rockpool or sinabs");
    step.profile = *profile;
  } else if (const auto guessed = sim::parse_step_profile(guess.profile)) {
    step.profile = *guessed;
  } else {
    throw UsageError("the profile cannot be guessed from '" + path + "' (" + guess.reason + "); give --profile");
  }
  if (values->count("dt") != 0) {
    step.dt_s = parse_duration_option((*values)["dt"].as<std::string>(), "--dt").seconds();
  } else if (guess.dt_s) {
    step.dt_s = *guess.dt_s;
  } else if (step.profile == sim::StepProfile::sinabs) {
    step.dt_s = 1.0;  // Sinabs counts tau in steps: one step is one time unit
  } else {
    throw UsageError("dt cannot be guessed from '" + path + "' (" + guess.reason + "); give --dt, e.g. --dt 0.1ms");
  }
  if (values->count("spike-rule") != 0)
    step.spike_rule = parse_choice<sim::SpikeRule>((*values)["spike-rule"].as<std::string>(), "--spike-rule",
                                                   {{"single", sim::SpikeRule::single},
                                                    {"multi", sim::SpikeRule::multi}});
  if (values->count("max-spikes") != 0)
    step.max_spikes_per_dt = static_cast<std::uint32_t>(
        parse_positive_option((*values)["max-spikes"].as<std::string>(), "--max-spikes"));
  if (values->count("min-v-mem") != 0) step.min_v_mem = (*values)["min-v-mem"].as<double>();

  sim::StepEngine engine(model.graph, step);
  const std::string input_name = single_input_node(model.graph, path);
  const sim::StepInput input = load_input((*values)["input"].as<std::string>(), input_name,
                                          model.graph.node(*model.graph.find(input_name)).output_shape());
  sim::StepRecordRequest record;
  if (values->count("record-v") != 0) record.v_nodes = (*values)["record-v"].as<std::vector<std::string>>();

  const sim::StepOptions& used = engine.options();
  std::cout << report_line("profile", std::string(sim::to_string(used.profile)) + ", dt " + compact(used.dt_s) +
                                          ", spike rule " + std::string(sim::to_string(*used.spike_rule)) +
                                          (*used.recurrent_bias_at_t0 ? ", recurrent bias at t = 0" : ""))
            << std::flush;
  sim::StepRun run = engine.run({input}, record);
  const double steps = static_cast<double>(run.steps);
  std::cout << report_line("run", group_digits(run.steps) + " steps x batch " + std::to_string(run.batch) + " in " +
                                      seconds_text(run.wall_seconds) + " (" +
                                      compact(steps / std::max(run.wall_seconds, 1e-9)) + " steps/s)");
  for (const core::GridTrace& trace : run.recording.grid) {
    double total = 0.0;
    for (double value : trace.values) total += value;
    if (trace.variable == "spikes")
      std::cout << report_line(trace.node, group_digits(static_cast<std::uint64_t>(total)) + " spikes over " +
                                               std::to_string(trace.elements) + " neurons");
  }
  std::cout << save_recording(run.recording, output,
                              {{"model_file", path},
                               {"engine", "step"},
                               {"profile", std::string(sim::to_string(used.profile))},
                               {"dt_s", compact(used.dt_s)}});
  return 0;
}

}  // namespace reef::cli
