// `reef plot INPUT -o OUT.png|svg`: a spike raster of a recording, the event rate over time of an event file, or
// the accumulated event frame of a camera file, drawn by reef_io's plots and written as PNG or SVG.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "command_line.hpp"
#include "commands.hpp"
#include "event_options.hpp"
#include "reef/core/error.hpp"
#include "reef/io/plots.hpp"
#include "reef/io/recording_reader.hpp"
#include "text_format.hpp"

namespace reef::cli {
namespace {

const CommandHelp kHelp{
    .usage = "reef plot INPUT -o OUT.png|OUT.svg [--kind raster|rate|frame] [--bin TIME] [--scale K] [transforms]",
    .description =
        "Draws a picture without text (PNG, or SVG with the same pixels as rectangles):\n"
        "  frame   (default for camera event files) every event accumulated per pixel: blue where ON events were\n"
        "          at least as many as OFF events, red where OFF won, white where nothing happened; K x K screen\n"
        "          pixels per sensor pixel\n"
        "  rate    (default for channel streams) events per --bin as bars, one bar per bin, inside axes\n"
        "  raster  (default for recordings of reef sim/replay: run.h5, DIR/, run.csv) one dark dot per spike,\n"
        "          one pixel column per --bin, one row per neuron, populations stacked in recording order\n"
        "Transforms apply to event files (e.g. --window to plot a slice, --denoise to see the filter's effect).",
    .details = "",
    .examples =
        "  reef plot ../shared/data/events/tonic/sample.aedat4 -o frame.png --window :100ms\n"
        "  reef plot ../shared/data/events/faery/evt2.raw -o rate.svg --kind rate --bin 1ms\n"
        "  reef replay sample_nmnist.bin --net configs/examples/nmnist_replay.yaml -o run.h5 && "
        "reef plot run.h5 -o raster.png\n",
};

// HDF5 and CSV hold both event files (SHD, t,x,y,p rows) and reef recordings: their spikes decide.
bool may_be_recording(const std::string& path) {
  const std::string extension = std::filesystem::path(path).extension().string();
  return extension == ".h5" || extension == ".hdf5" || extension == ".csv";
}

}  // namespace

int command_plot(const CliContext& /*context*/, const Args& args) {
  po::options_description options = option_list("options");
  options.add_options()
      ("output,o", po::value<std::string>()->value_name("OUT"), "the picture to write: OUT.png or OUT.svg (required)")
      ("kind,k", po::value<std::string>()->value_name("raster|rate|frame"),
       "what to draw (default: frame for cameras, rate for channel streams, raster for recordings)")
      ("bin", po::value<std::string>()->value_name("TIME")->default_value("1ms"),
       "time per bar (rate) or pixel column (raster)")
      ("scale", po::value<std::string>()->value_name("K")->default_value("2"),
       "screen pixels per sensor pixel (frame) or bar width (rate)")
      ("height", po::value<std::string>()->value_name("PX")->default_value("200"), "plot height of a rate plot");
  add_event_read_options(options);
  po::options_description transforms = option_list("transforms of event files (applied in this order)");
  add_event_transform_options(transforms);
  options.add(transforms);
  const auto values = parse_command_line(args, options, "input", kHelp);
  if (!values) return 0;
  const std::string input = required_argument(*values, "input", "the INPUT to plot (event file or recording)");
  if (values->count("output") == 0) throw UsageError("missing -o OUT.png or -o OUT.svg: where to write the picture");
  const std::filesystem::path output = (*values)["output"].as<std::string>();
  const core::Time bin = parse_duration_option((*values)["bin"].as<std::string>(), "--bin");
  const auto scale = static_cast<std::uint32_t>(parse_seed_option((*values)["scale"].as<std::string>(), "--scale"));
  const auto height = static_cast<std::uint32_t>(parse_seed_option((*values)["height"].as<std::string>(), "--height"));
  if (scale == 0 || scale > 64 || height == 0 || height > 4096) {
    throw UsageError("--scale must be 1..64 and --height 1..4096");
  }
  std::string kind = values->count("kind") != 0 ? (*values)["kind"].as<std::string>() : "";
  if (kind != "" && kind != "raster" && kind != "rate" && kind != "frame") {
    throw UsageError("invalid value '" + kind + "' for --kind: expected raster, rate or frame");
  }
  bool events = names_event_file({input}) || values->count("input-format") != 0;
  std::vector<core::SpikeTrain> trains;
  if (events && (kind.empty() || kind == "raster") && values->count("input-format") == 0 &&
      may_be_recording(input)) {
    trains = io::read_recorded_spikes(input);
    events = trains.empty();
  } else if (!events) {
    trains = io::read_recorded_spikes(input);
  }
  if (!events && (kind == "rate" || kind == "frame")) {
    throw UsageError("--kind " + kind + " needs an event file, and '" + input + "' is not one (a recording?)");
  }
  if (events && kind == "raster") {
    throw UsageError("--kind raster draws recordings (run.h5, DIR/, run.csv); '" + input +
                     "' is an event file: use --kind frame or rate");
  }

  std::string what;
  if (!events) {
    std::vector<std::uint32_t> sizes;
    std::uint64_t spikes = 0;
    for (const auto& train : trains) {
      sizes.push_back(train.neurons.empty() ? 1 : *std::max_element(train.neurons.begin(), train.neurons.end()) + 1);
      spikes += train.times_s.size();
    }
    io::write_image(io::plot_spike_raster(trains, sizes, bin), output);
    what = "raster of " + group_digits(spikes) + " spikes in " + std::to_string(trains.size()) + " population(s)";
  } else {
    const auto source = open_transformed_events(input, *values);
    if (kind.empty()) kind = source->info().channel_stream ? "rate" : "frame";
    const io::RgbImage image =
        kind == "frame" ? io::plot_event_frame(*source, scale) : io::plot_event_rate(*source, bin, scale, height);
    io::write_image(image, output);
    what = kind + " of " + group_digits(source->counts().kept) + " events (" + source->info().format +
           "); dropped by transforms: " + dropped_text(source->counts().dropped);
  }
  std::cout << report_line("plot", what) << report_line("output", output.string());
  return 0;
}

}  // namespace reef::cli
