// `reef convert IN OUT` for event files: decodes IN, applies the stream transforms, writes OUT in the format named
// by --format or OUT's extension, and reports what was written, dropped by the transforms or skipped by the decoder.
#include <filesystem>
#include <iostream>
#include <vector>

#include "commands.hpp"
#include "event_options.hpp"
#include "reef/core/error.hpp"
#include "text_format.hpp"

namespace reef::cli {
namespace {

const CommandHelp kHelp{
    .usage = "reef convert EVENTS OUT [--format F] [--input-format F] [--strict] [transforms]",
    .description =
        "Decodes the event file EVENTS (any format reef reads, detected from its first bytes), applies the\n"
        "transforms below in the order listed, and writes OUT: aedat4 (.aedat4), evt3 (.raw), npy (.npy: a\n"
        "structured array with fields x, y, t, p, t in microseconds, as Tonic uses), shd_hdf5 (.h5) or csv (.csv).\n"
        "The output appears only when it is complete. A summary says how many events were written, dropped by each\n"
        "transform and skipped by the decoder (with the reason).",
    .details =
        "The default time origin is `shift`: the output starts at t = 0. Use --time-origin absolute to keep the\n"
        "device's timestamps (a lossless conversion).\n",
    .examples =
        "  reef convert sample.aedat4 sample.raw --time-origin absolute     # AEDAT 4 -> EVT 3.0, lossless\n"
        "  reef convert evt3_sample.raw events.npy --crop 400,200,128,128   # a 128 x 128 patch for Tonic\n"
        "  reef convert sample_nmnist.bin clean.csv --denoise 2ms --window :100ms\n",
};

io::EventFormat output_format(const po::variables_map& values, const std::filesystem::path& output) {
  if (values.count("format") != 0) {
    const std::string name = values["format"].as<std::string>();
    const auto format = io::event_format_from_name(name);
    if (!format || !io::can_write(*format)) {
      throw UsageError("cannot write event format '" + name + "'; --format takes aedat4, evt3, npy, shd_hdf5 or csv");
    }
    return *format;
  }
  const std::string extension = output.extension().string();
  if (extension == ".aedat4") return io::EventFormat::aedat4;
  if (extension == ".raw") return io::EventFormat::evt3;
  if (extension == ".npy") return io::EventFormat::npy;
  if (extension == ".h5" || extension == ".hdf5") return io::EventFormat::shd_hdf5;
  if (extension == ".csv") return io::EventFormat::csv;
  throw UsageError("cannot tell the output format from '" + output.string() +
                   "'; name it .aedat4, .raw, .npy, .h5 or .csv, or give --format");
}

}  // namespace

int convert_events(const CliContext& /*context*/, const Args& args) {
  po::options_description options = option_list("options");
  options.add_options()("format,f", po::value<std::string>()->value_name("F"),
                        "output format: aedat4, evt3, npy, shd_hdf5 or csv (default: from OUT's extension)");
  add_event_read_options(options);
  po::options_description transforms = option_list("transforms (applied in this order)");
  add_event_transform_options(transforms);
  options.add(transforms);
  const auto values = parse_command_line(args, options, std::vector<std::string>{"events", "output"}, kHelp);
  if (!values) return 0;
  const std::string input = required_argument(*values, "events", "the event file EVENTS");
  const std::filesystem::path output = required_argument(*values, "output", "the output file OUT");
  const io::EventFormat format = output_format(*values, output);
  if (std::filesystem::exists(output) && std::filesystem::equivalent(input, output)) {
    throw UsageError("OUT '" + output.string() + "' is the input file; choose another name");
  }

  const auto source = open_transformed_events(input, *values);
  const auto sink = io::create_event_file(output, format, source->info());
  std::vector<core::Event> buffer(1 << 16);
  while (const std::size_t n = source->read(buffer)) sink->write(std::span(buffer.data(), n));
  sink->close();

  const core::TransformCounts& counts = source->counts();
  const core::DecodeReport& report = source->report();
  std::cout << report_line("input", input + " (" + source->info().format + ")")
            << report_line("output", output.string() + " (" + std::string(io::to_string(format)) + ")")
            << report_line("events", group_digits(counts.kept) + " written of " + group_digits(counts.read) + " read")
            << report_line("dropped", dropped_text(counts.dropped))
            << report_line("skipped", dropped_text(report.skipped_events) + " (by the decoder; " +
                                          group_digits(report.total_violations) + " violations, see reef inspect)");
  if (source->time_offset() != core::Time()) {
    std::cout << report_line("time", "shifted by -" + group_digits(static_cast<std::uint64_t>(
                                                          source->time_offset().ns() / 1000)) +
                                         " us (--time-origin absolute keeps the device's timestamps)");
  }
  return 0;
}

}  // namespace reef::cli
