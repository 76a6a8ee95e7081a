// `reef bench decode`: decoding speed of every event format on sample files, each file decoded again and again until
// at least --min-events events, reported as events per second next to the published figures of other decoders.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <vector>

#include "command_line.hpp"
#include "commands.hpp"
#include "reef/core/error.hpp"
#include "reef/io/event_file.hpp"
#include "text_format.hpp"

namespace reef::cli {
namespace {

const CommandHelp kHelp{
    .usage = "reef bench decode [--min-events N] [FILE...]",
    .description =
        "Times the event-file decoders: each FILE (default: every file under ../shared/data/events, relative to\n"
        "the current folder) is opened and decoded whole, again and again until at least N events were decoded,\n"
        "and the rate is printed in events per second of wall time (one thread, reads of 1 MiB), with the figures\n"
        "of other decoders and reef's targets for comparison. Files that are not event files are listed as skipped.",
    .details =
        "references (one core): expelliarmus ~57 M ev/s (EVT 3.0), ~139 M ev/s (EVT 2.0); the evt3 Rust crate\n"
        "113-129 M ev/s (EVT 3.0). reef's targets: EVT 2.0/3.0 >= 150 M ev/s, AEDAT 4 (LZ4) >= 50 M ev/s.\n",
    .examples =
        "  reef bench decode                                             # every sample file, >= 50 M events each\n"
        "  reef bench decode --min-events 5M ../shared/data/events/faery/evt2.raw\n",
};

constexpr const char* kDefaultFolder = "../shared/data/events";

std::uint64_t parse_event_count(std::string text) {
  std::uint64_t scale = 1;
  if (!text.empty() && (text.back() == 'M' || text.back() == 'k')) {
    scale = text.back() == 'M' ? 1'000'000 : 1'000;
    text.pop_back();
  }
  const std::uint64_t value = parse_seed_option(text, "--min-events (a count such as 50M, 500k or 1000)");
  if (value == 0) throw UsageError("--min-events must be at least 1");
  return value * scale;
}

struct Measurement {
  std::string file;
  std::string format;
  std::uint64_t events_per_pass = 0;
  std::uint64_t passes = 0;
  double seconds = 0.0;
};

Measurement measure(const std::filesystem::path& path, std::uint64_t min_events) {
  Measurement result{.file = path.string()};
  std::vector<core::Event> buffer(1 << 16);
  std::uint64_t total = 0;
  const auto start = std::chrono::steady_clock::now();
  do {
    const auto source = io::open_event_file(path);
    result.format = source->info().format;
    std::uint64_t events = 0;
    while (const std::size_t n = source->read(buffer)) events += n;
    result.events_per_pass = events;
    total += events;
    ++result.passes;
  } while (total < min_events && result.events_per_pass > 0);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace

int bench_decode(const CliContext& /*context*/, const Args& args) {
  Args options_only;
  std::vector<std::filesystem::path> files;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const bool takes_value = args[i] == "--min-events";
    if (!args[i].starts_with("-")) {
      files.emplace_back(args[i]);
      continue;
    }
    options_only.push_back(args[i]);
    if (takes_value && i + 1 < args.size()) options_only.push_back(args[++i]);
  }
  po::options_description options = option_list("options");
  options.add_options()("min-events", po::value<std::string>()->value_name("N")->default_value("50M"),
                        "decode each file until at least N events (suffix k or M)");
  const auto values = parse_command_line(options_only, options, "file", kHelp);
  if (!values) return 0;
  const std::uint64_t min_events = parse_event_count((*values)["min-events"].as<std::string>());
  if (files.empty()) {
    if (!std::filesystem::is_directory(kDefaultFolder)) {
      throw UsageError(std::string("no FILE given and ") + kDefaultFolder +
                       " does not exist here; run from the reef checkout or name the files");
    }
    for (const auto& entry : std::filesystem::recursive_directory_iterator(kDefaultFolder)) {
      if (entry.is_regular_file() && entry.path().extension() != ".md") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
  }

  TextTable table({"format", "file", "events", "passes", "wall", "events/s"}, {false, false, true, true, true, true});
  std::vector<std::string> skipped;
  for (const auto& file : files) {
    try {
      io::detect_event_format(file);
    } catch (const FormatError& error) {
      skipped.push_back(file.string() + ": " + error.what());
      continue;
    }
    const Measurement m = measure(file, min_events);
    const double total = static_cast<double>(m.events_per_pass * m.passes);
    table.add_row({m.format, m.file, group_digits(m.events_per_pass), group_digits(m.passes), seconds_text(m.seconds),
                   m.seconds > 0 ? si_prefixed(total / m.seconds) : "-"});
  }
  std::cout << report_line("decode", "events/s on one thread, each file decoded until >= " + group_digits(min_events) +
                                         " events")
            << table.render("  ")
            << report_line("reference", "expelliarmus ~57 M ev/s (EVT 3.0), ~139 M ev/s (EVT 2.0)")
            << report_line("reference", "evt3 Rust crate 113-129 M ev/s (EVT 3.0)")
            << report_line("target", "EVT 2.0/3.0 >= 150 M ev/s, AEDAT 4 (LZ4) >= 50 M ev/s");
  for (const auto& line : skipped) std::cout << report_line("skipped", line);
  return 0;
}

}  // namespace reef::cli
