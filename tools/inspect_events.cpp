// `reef inspect FILE` for event files: decodes the whole file once and describes it: format, sensor size, event
// count, time span and rate, per-polarity counts, header properties, skipped events and format violations.
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
    .usage = "reef inspect EVENTS [--strict] [--input-format F]",
    .description =
        "Decodes the event file EVENTS (AEDAT 2.0/3.1/4.0, Prophesee EVT 2.0/2.1/3.0 .raw and .dat, N-MNIST .bin,\n"
        "SHD HDF5, NPY or CSV; the format is detected from the first bytes) and describes it: format, sensor size,\n"
        "event count, first and last timestamp, span, mean rate, ON/OFF counts, the header's properties, events the\n"
        "decoder had to skip (and why) and every violation of the format with its byte offset.\n"
        "YAML networks (.yaml/.yml) are described by the network form of this command (reef inspect NET.yaml --help).",
    .details = "Timestamps are shown as stored (absolute device time, in microseconds).\n"
               "Exit code 3 when the file is not an event file, or with --strict at the first violation.\n",
    .examples =
        "  reef inspect ../shared/data/events/tonic/sample.aedat4        # DVXplorer 320 x 240, LZ4\n"
        "  reef inspect ../shared/data/events/expelliarmus/evt3_sample.raw --strict\n"
        "  reef inspect digits.bin --input-format atis_bin                 # skip detection\n",
};

struct Tally {
  std::uint64_t events = 0;
  std::uint64_t on = 0;
  core::Time first;
  core::Time last;
  std::uint16_t max_x = 0;
  std::uint16_t max_y = 0;
  std::uint64_t backward_steps = 0;
};

Tally tally(core::EventSource& source) {
  Tally result;
  std::vector<core::Event> buffer(1 << 16);
  while (const std::size_t n = source.read(buffer)) {
    for (std::size_t i = 0; i < n; ++i) {
      const core::Event& event = buffer[i];
      if (result.events == 0) result.first = event.t;
      if (result.events > 0 && event.t < result.last) ++result.backward_steps;
      result.last = event.t;
      result.on += event.polarity;
      result.max_x = std::max(result.max_x, event.x);
      result.max_y = std::max(result.max_y, event.y);
      ++result.events;
    }
  }
  return result;
}

std::string microseconds(core::Time t) { return group_digits(static_cast<std::uint64_t>(t.ns() / 1000)) + " us"; }

std::string percent(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? "-" : fixed(100.0 * static_cast<double>(part) / static_cast<double>(whole), 1) + "%";
}

}  // namespace

int inspect_events(const CliContext& /*context*/, const Args& args) {
  po::options_description options = option_list("options");
  add_event_read_options(options);
  const auto values = parse_command_line(args, options, "events", kHelp);
  if (!values) return 0;
  const std::string path = required_argument(*values, "events", "the event file EVENTS");
  const auto source = io::open_event_file(path, event_read_options(*values));
  const core::StreamInfo& info = source->info();
  const Tally counts = tally(*source);
  const core::DecodeReport& report = source->report();

  std::cout << report_line("file", path + " (" + binary_bytes(std::filesystem::file_size(path)) + ")")
            << report_line("format", info.format);
  const std::string observed = "x <= " + std::to_string(counts.max_x) + ", y <= " + std::to_string(counts.max_y);
  if (info.channel_stream) {
    std::cout << report_line("channels", std::to_string(info.width) + " (events on channels <= " +
                                             std::to_string(counts.max_x) + ")");
  } else if (info.width > 0) {
    std::cout << report_line("sensor", std::to_string(info.width) + " x " + std::to_string(info.height) + " (events: " +
                                           observed + ")");
  } else {
    std::cout << report_line("sensor", "not stated in the file (events: " + observed + ")");
  }
  std::cout << report_line("events", group_digits(counts.events));
  if (counts.events > 0) {
    const core::Time span = counts.last - counts.first;
    std::string rate = span > core::Time() ? si_prefixed(static_cast<double>(counts.events) / span.seconds()) +
                                                 " events/s mean over the span"
                                           : "- (every event has the same timestamp)";
    std::cout << report_line("time", "first " + microseconds(counts.first) + ", last " + microseconds(counts.last) +
                                         ", span " + (span > core::Time() ? core::format_duration(span) : "0"))
              << report_line("rate", rate);
    if (!info.channel_stream) {
      std::cout << report_line("polarity", "ON " + group_digits(counts.on) + " (" + percent(counts.on, counts.events) +
                                               "), OFF " + group_digits(counts.events - counts.on) + " (" +
                                               percent(counts.events - counts.on, counts.events) + ")");
    }
    if (counts.backward_steps > 0) {
      std::cout << report_line("order", group_digits(counts.backward_steps) +
                                            " backward time steps (allowed by the format, see warnings)");
    }
  }
  for (const auto& [key, value] : info.properties) std::cout << report_line("header", key + ": " + value);
  std::cout << report_line("skipped", dropped_text(report.skipped_events))
            << report_line("violations", group_digits(report.total_violations));
  for (const auto& violation : report.violations) {
    std::cout << "  - byte " << group_digits(violation.offset) << ": " << violation.kind
              << (violation.detail.empty() ? "" : " (" + violation.detail + ")") << '\n';
  }
  if (report.total_violations > report.violations.size()) {
    std::cout << "  - ... " << group_digits(report.total_violations - report.violations.size())
              << " more not listed\n";
  }
  std::cout << report_line("warnings", report.warnings.empty() ? "none" : std::to_string(report.warnings.size()));
  for (const auto& warning : report.warnings) std::cout << "  - " << warning << '\n';
  return 0;
}

}  // namespace reef::cli
