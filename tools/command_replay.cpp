// `reef replay EVENTS --net NETWORK.yaml`: decodes and transforms an event file, maps its events to the channels of
// one input of the network, releases them paced by the wall clock (or at full speed), then simulates the network
// with the event engine driven by those spikes and saves the recording like `reef sim`.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <vector>

#include "command_line.hpp"
#include "commands.hpp"
#include "event_options.hpp"
#include "event_pacer.hpp"
#include "progress_bar.hpp"
#include "record_option.hpp"
#include "reef/core/error.hpp"
#include "reef/core/event_input_mapping.hpp"
#include "reef/io/network_config.hpp"
#include "reef/io/recording_writer.hpp"
#include "reef/sim/event_engine.hpp"
#include "run_report.hpp"
#include "text_format.hpp"

namespace reef::cli {
namespace {

const CommandHelp kHelp{
    .usage = "reef replay EVENTS --net NETWORK.yaml [--input NAME] [--map pixels|channels] "
             "[--speed realtime|max|FACTOR] [transforms] [--duration TIME] [--record SPEC]... [-o OUT]",
    .description =
        "Replays the event file EVENTS into the network NETWORK.yaml: the events, after the transforms below, drive\n"
        "the channels of the input NAME (a poisson or spikes input in the YAML, whose own spikes are replaced), the\n"
        "event engine simulates the network, and the recording is saved like `reef sim` does (-o, --record).\n"
        "What is paced: the release of each decoded event into the input's spike trains. With --speed realtime (or\n"
        "a FACTOR) an event at stream time t is released at wall time start + t / speed, sleeping until it is due;\n"
        "the summary reports how late the releases were (mean and max). The event engine then runs the whole\n"
        "replay at once (it simulates a whole graph exactly), so simulation time is not part of the pacing.",
    .details =
        "--map (how an event chooses its input channel; the input's size must equal the channel count):\n"
        "  pixels     channel = p*W*H + y*W + x with W x H the sensor size after --crop/--downsample, p the\n"
        "             polarity (2*W*H channels; W*H with --polarity merge). Default for camera files.\n"
        "  channels   channel = x (SHD/SSC and other channel streams; their default).\n"
        "--duration: biological time to simulate (default: until 1 ms after the last replayed event).\n"
        "-o OUT and --record SPEC: as in reef sim --help (HDF5 .h5, a folder of NPY files, or .csv).\n",
    .examples =
        "  reef replay ../shared/data/events/tonic/sample_nmnist.bin --net configs/examples/nmnist_replay.yaml \\\n"
        "      --speed realtime -o nmnist.h5            # 34 x 34 x 2 ATIS pixels into 2,312 channels\n"
        "  reef replay recording.raw --net net.yaml --input retina --crop 400,200,64,64 --downsample 2 \\\n"
        "      --polarity merge --speed max -o out/     # a 32 x 32 patch, polarities merged: 1,024 channels\n",
};

// --speed: 0 for max (not paced), else the factor (realtime = 1).
double parse_speed(const std::string& text) {
  if (text == "max") return 0.0;
  if (text == "realtime") return 1.0;
  return parse_positive_option(text, "--speed (realtime, max or a factor such as 10)");
}

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

core::EventInputMapping input_mapping(const po::variables_map& values, const core::TransformedEventSource& source) {
  const core::StreamInfo& info = source.info();
  if (values.count("map") == 0) return core::EventInputMapping::for_stream(info, source.polarities());
  const std::string kind = values["map"].as<std::string>();
  if (kind == "pixels") {
    return core::EventInputMapping(core::InputMappingKind::pixels, info.width, info.height, source.polarities());
  }
  if (kind == "channels") return core::EventInputMapping(core::InputMappingKind::channels, info.width, 1, 1);
  throw UsageError("invalid value '" + kind + "' for --map: expected pixels or channels");
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

std::string milliseconds(double seconds) { return fixed(seconds * 1e3, 3) + " ms"; }

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
  add_event_read_options(options);
  po::options_description transforms = option_list("transforms (applied in this order)");
  add_event_transform_options(transforms);
  options.add(transforms);
  const auto values = parse_command_line(args, options, "events", kHelp);
  if (!values) return 0;

  const std::string events_path = required_argument(*values, "events", "the event file EVENTS");
  if (values->count("net") == 0) throw UsageError("missing --net NETWORK.yaml: the network to replay into");
  const std::string network = (*values)["net"].as<std::string>();
  const double speed = parse_speed((*values)["speed"].as<std::string>());
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
  const core::EventInputMapping mapping = input_mapping(*values, *source);
  if (mapping.channel_count() != input_node.size) {
    throw UsageError("the events map to " + group_digits(mapping.channel_count()) + " channels (" +
                     (mapping.kind() == core::InputMappingKind::pixels
                          ? std::to_string(mapping.polarities()) + " x " + std::to_string(mapping.height()) + " x " +
                                std::to_string(mapping.width()) + " pixels"
                          : std::string("channels")) +
                     ") but input '" + input_node.name + "' of " + network + " has " +
                     group_digits(input_node.size) +
                     "; set its size, or change the sensor size with --crop/--downsample/--polarity merge");
  }

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
  if (pacer.paced()) {
    std::cout << report_line("pacing", "speed " + compact(speed) + ": " + group_digits(pacer.released()) +
                                           " events released over " + seconds_text(pacer.wall_seconds()) +
                                           " wall; lateness mean " + milliseconds(pacer.mean_lateness_s()) +
                                           ", max " + milliseconds(pacer.max_lateness_s()));
  } else {
    std::cout << report_line("pacing", "none (--speed max): events released as fast as they decode");
  }
  std::cout << std::flush;

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
