// `reef replay EVENTS --net NETWORK.yaml`: decodes and transforms an event file, maps its events to the channels of
// one input of the network, releases them paced by the wall clock (or at full speed), then simulates the network
// with the event engine driven by those spikes and saves the recording like `reef sim`. With --device it streams
// the paced events to a board instead (replay_device.cpp).
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <vector>

#include "command_line.hpp"
#include "commands.hpp"
#include "device_options.hpp"
#include "event_channels.hpp"
#include "event_options.hpp"
#include "event_pacer.hpp"
#include "progress_bar.hpp"
#include "record_option.hpp"
#include "replay_device.hpp"
#include "reef/core/error.hpp"
#include "reef/io/network_config.hpp"
#include "reef/io/recording_writer.hpp"
#include "reef/sim/event_engine.hpp"
#include "run_report.hpp"
#include "text_format.hpp"

namespace reef::cli {
namespace {

const CommandHelp kHelp{
    .usage = "reef replay EVENTS --net NETWORK.yaml [--input NAME] [--map pixels|channels] "
             "[--speed realtime|max|FACTOR] [transforms] [--duration TIME] [--record SPEC]... [-o OUT]\n"
             "       reef replay EVENTS --device SERIAL|BUS:ADDR|emu --config CHIP.pb [--step TIME] [--map ...] "
             "[--speed ...] [transforms] [--duration TIME] [-o OUT]",
    .description =
        "Replays the event file EVENTS into the network NETWORK.yaml: the events, after the transforms below, drive\n"
        "the channels of the input NAME (a poisson or spikes input in the YAML, whose own spikes are replaced), the\n"
        "event engine simulates the network, and the recording is saved like `reef sim` does (-o, --record).\n"
        "What is paced: the release of each decoded event into the input's spike trains. With --speed realtime (or\n"
        "a FACTOR) an event at stream time t is released at wall time start + t / speed, sleeping until it is due;\n"
        "the summary reports how late the releases were (mean and max). The event engine then runs the whole\n"
        "replay at once (it simulates a whole graph exactly), so simulation time is not part of the pacing.\n"
        "With --device the events go to a board instead (CHIP.pb must be active on it: `reef flash` first): each\n"
        "released event counts as one input event of step floor(t / --step) on its channel, and a block of 256\n"
        "steps is sent as soon as an event beyond it is released (or the file ends), so the board runs while the\n"
        "file plays, paced the same way. Its output events are recorded like `reef run` records them.",
    .details =
        "--map (how an event chooses its input channel; the input's size must equal the channel count):\n"
        "  pixels     channel = p*W*H + y*W + x with W x H the sensor size after --crop/--downsample, p the\n"
        "             polarity (2*W*H channels; W*H with --polarity merge). Default for camera files.\n"
        "  channels   channel = x (SHD/SSC and other channel streams; their default).\n"
        "--duration: biological time to simulate (default: until 1 ms after the last replayed event); with --device\n"
        "            the board runs ceil(TIME / step) steps (default: up to the step of the last event).\n"
        "-o OUT and --record SPEC: as in reef sim --help (HDF5 .h5, a folder of NPY files, or .csv).\n",
    .examples =
        "  reef replay ../shared/data/events/tonic/sample_nmnist.bin --net configs/examples/nmnist_replay.yaml \\\n"
        "      --speed realtime -o nmnist.h5            # 34 x 34 x 2 ATIS pixels into 2,312 channels\n"
        "  reef replay recording.raw --net net.yaml --input retina --crop 400,200,64,64 --downsample 2 \\\n"
        "      --polarity merge --speed max -o out/     # a 32 x 32 patch, polarities merged: 1,024 channels\n"
        "  reef flash braille.pb --device emu && reef replay braille.csv --device emu --config braille.pb \\\n"
        "      --crop 0,0,12,1 --map channels --step 1ms --speed realtime -o board_run/\n",
};

core::NodeId find_input(const core::Graph& graph, const po::variables_map& values, const std::string& network) {
  std::vector<core::NodeId> candidates;
  for (core::NodeId id = 0; id < graph.nodes().size(); ++id) {
    const auto& params = graph.node(id).params;
    if (std::holds_alternative<core::SpikeSourceParams>(params) ||
        std::holds_alternative<core::PoissonSourceParams>(params)) {
      candidates.push_back(id);
    }
  }
  std::string names;
  for (const auto id : candidates) names += (names.empty() ? "" : ", ") + graph.node(id).name;
  if (values.count("input") != 0) {
    const std::string name = values["input"].as<std::string>();
    const auto id = graph.find(name);
    if (!id || std::find(candidates.begin(), candidates.end(), *id) == candidates.end()) {
      throw UsageError("--input '" + name + "': " + network + " has no poisson or spikes input of that name" +
                       (names.empty() ? "" : "; its spike inputs are " + names));
    }
    return *id;
  }
  if (candidates.size() != 1) {
    throw UsageError(network + " has " + std::to_string(candidates.size()) + " poisson/spikes inputs" +
                     (names.empty() ? "" : " (" + names + ")") + "; name the one the events drive with --input");
  }
  return candidates.front();
}

// `graph` with the params of node `input` replaced by `spikes`.
core::Graph with_input_spikes(const core::Graph& graph, core::NodeId input, core::SpikeSourceParams spikes) {
  core::GraphBuilder builder;
  for (core::NodeId id = 0; id < graph.nodes().size(); ++id) {
    core::Node node = graph.node(id);
    if (id == input) node.params = spikes;
    builder.add_node(std::move(node));
  }
  for (const auto& edge : graph.edges()) builder.add_edge(edge);
  for (const auto& connection : graph.connections()) builder.add_connection(connection);
  return std::move(builder).build();
}

}  // namespace

int command_replay(const CliContext& context, const Args& args) {
  po::options_description options = option_list("options");
  options.add_options()
      ("net,n", po::value<std::string>()->value_name("NETWORK.yaml"), "the network to drive (required)")
      ("input,i", po::value<std::string>()->value_name("NAME"),
       "the poisson/spikes input the events drive (default: the network's only one)")
      ("map", po::value<std::string>()->value_name("pixels|channels"),
       "event -> input channel mapping (default: pixels for cameras, channels for channel streams)")
      ("speed", po::value<std::string>()->value_name("realtime|max|FACTOR")->default_value("max"),
       "release events at wall time t / speed (realtime = 1), or without waiting (max)")
      ("duration,d", po::value<std::string>()->value_name("TIME"),
       "biological time to simulate (default: 1 ms after the last event)")
      ("record,r", po::value<std::vector<std::string>>()->value_name("SPEC"),
       "what to record, repeatable (default: the config's record section, else all spikes)")
      ("output,o", po::value<std::string>()->value_name("OUT"),
       "save the recording to run.h5, DIR/ or run.csv (default: not saved)");
  po::options_description board = option_list("onto a board (instead of --net)");
  board.add_options()
      ("device", po::value<std::string>()->value_name("SERIAL|BUS:ADDR|emu"),
       "replay onto this board: serial number, USB bus:address, or emu for the emulated board")
      ("config", po::value<std::string>()->value_name("CHIP.pb"),
       "the configuration active on the board (required with --device; `reef flash` it first)")
      ("step", po::value<std::string>()->value_name("TIME"),
       "the board's time step: an event at t goes to step floor(t / TIME) (default: CHIP.pb's dt)");
  add_device_options(board, false);
  options.add(board);
  add_event_read_options(options);
  po::options_description transforms = option_list("transforms (applied in this order)");
  add_event_transform_options(transforms);
  options.add(transforms);
  const auto values = parse_command_line(args, options, "events", kHelp);
  if (!values) return 0;

  const std::string events_path = required_argument(*values, "events", "the event file EVENTS");
  const double speed = parse_speed((*values)["speed"].as<std::string>());
  if (values->count("device") != 0) return replay_on_board(*values, events_path, speed);
  if (values->count("net") == 0) {
    throw UsageError("missing --net NETWORK.yaml (the network to replay into) or --device (a board to replay onto)");
  }
  const std::string network = (*values)["net"].as<std::string>();
  std::vector<RecordSpec> record_specs;
  if (values->count("record") != 0) {
    for (const auto& spec : (*values)["record"].as<std::vector<std::string>>()) {
      record_specs.push_back(parse_record_spec(spec));
    }
  }
  std::optional<std::filesystem::path> output;
  if (values->count("output") != 0) {
    output = (*values)["output"].as<std::string>();
    io::recording_format_for(*output);
  }

  const io::NetworkConfig config = io::load_network_config(network);
  const core::NodeId input = find_input(config.graph, *values, network);
  const core::Node& input_node = config.graph.node(input);
  const auto source = open_transformed_events(events_path, *values);
  const core::EventInputMapping mapping = event_channel_mapping(*values, *source);
  require_channel_count(mapping, input_node.size, "input '" + input_node.name + "' of " + network);

  core::SpikeSourceParams spikes{.times = std::vector<std::vector<core::Time>>(mapping.channel_count()),
                                 .origin = events_path};
  EventPacer pacer(speed);
  std::uint64_t unmapped = 0;
  std::uint64_t negative = 0;
  core::Time last;
  std::vector<core::Event> buffer(1 << 14);
  while (const std::size_t n = source->read(buffer)) {
    for (std::size_t i = 0; i < n; ++i) {
      const core::Event& event = buffer[i];
      pacer.release(event.t);
      const auto channel = mapping.channel(event);
      if (!channel) {
        ++unmapped;
      } else if (event.t < core::Time()) {
        ++negative;
      } else {
        spikes.times[*channel].push_back(event.t);
        last = std::max(last, event.t);
      }
    }
  }
  for (auto& train : spikes.times) std::sort(train.begin(), train.end());

  sim::RunOptions run_options;
  run_options.duration = values->count("duration") != 0
                             ? parse_duration_option((*values)["duration"].as<std::string>(), "--duration")
                             : last + core::Time::from_ns(1'000'000);
  const core::Graph graph = with_input_spikes(config.graph, input, std::move(spikes));
  run_options.record = record_specs.empty() ? config.record : resolve_record_specs(record_specs, graph);

  auto dropped = source->counts().dropped;
  if (unmapped > 0) dropped["outside the input mapping"] = unmapped;
  if (negative > 0) dropped["before time 0"] = negative;
  const std::uint64_t replayed = source->counts().kept - unmapped - negative;
  std::cout << report_line("events", events_path + " (" + source->info().format + "): " +
                                         group_digits(source->counts().read) + " read, " + group_digits(replayed) +
                                         " replayed into '" + input_node.name + "' (" +
                                         group_digits(mapping.channel_count()) + " channels)")
            << report_line("dropped", dropped_text(dropped))
            << report_line("skipped", dropped_text(source->report().skipped_events) + " (by the decoder)");
  std::cout << report_line("pacing", pacer.summary()) << std::flush;

  sim::EventEngine engine(graph);
  ProgressBar progress(context.quiet, run_options.duration);
  run_options.progress = [&progress](double fraction) { progress.update(fraction); };
  sim::RunResult result = engine.run(run_options);
  progress.finish();

  std::cout << run_summary_lines(result, run_options.duration) << population_table(result.populations)
            << save_recording(result.recording, output,
                              {{"network", config.name},
                               {"network_file", network},
                               {"network_hash", graph.content_hash()},
                               {"events_file", events_path},
                               {"events_input", input_node.name},
                               {"engine", "event"}});
  return 0;
}

}  // namespace reef::cli
