// Formats the run figures shared by `reef sim` and `reef bench` (see run_report.hpp).
// Synaptic events per second divide by the simulation loop's wall time, lowering excluded.
#include "run_report.hpp"

#include "reef/io/recording_writer.hpp"
#include "text_format.hpp"

namespace reef::cli {

std::uint64_t total_spikes(const sim::RunResult& result) {
  std::uint64_t spikes = 0;
  for (const auto& population : result.populations) spikes += population.spikes;
  return spikes;
}

std::string run_summary_lines(const sim::RunResult& result, core::Time duration) {
  const double wall = result.wall_seconds;
  std::string text = report_line("simulated", core::format_duration(duration) + " in " + seconds_text(wall) +
                                                  " wall (" + real_time_ratio(duration.seconds(), wall) + ")");
  std::string spikes = group_digits(total_spikes(result)) + "; synaptic events " +
                       group_digits(result.synaptic_events);
  if (wall > 0) spikes += " (" + si_prefixed(static_cast<double>(result.synaptic_events) / wall) + "/s)";
  if (result.external_events > 0) spikes += "; external events " + group_digits(result.external_events);
  return text + report_line("spikes", spikes);
}

std::string population_table(const std::vector<sim::PopulationStats>& populations, const std::string& extra_header,
                             const std::vector<std::string>& extra_cells) {
  std::vector<std::string> header{"population", "size", "spikes", "rate [Hz]"};
  std::vector<bool> right{false, true, true, true};
  if (!extra_header.empty()) {
    header.push_back(extra_header);
    right.push_back(true);
  }
  TextTable table(std::move(header), std::move(right));
  for (std::size_t i = 0; i < populations.size(); ++i) {
    const auto& population = populations[i];
    std::vector<std::string> row{population.name, group_digits(population.size), group_digits(population.spikes),
                                 fixed(population.mean_rate_hz, 2)};
    if (!extra_header.empty()) row.push_back(i < extra_cells.size() ? extra_cells[i] : "");
    table.add_row(std::move(row));
  }
  return table.render();
}

std::string save_recording(core::Recording& recording, const std::optional<std::filesystem::path>& output,
                           const std::map<std::string, std::string>& metadata) {
  if (!output) return report_line("output", "not saved (add -o run.h5, -o DIR/ or -o run.csv)");
  for (const auto& [key, value] : metadata) recording.metadata.try_emplace(key, value);
  recording.metadata.try_emplace("reef_version", REEF_VERSION);
  io::write_recording(recording, *output);
  return report_line("output", output->string());
}

}  // namespace reef::cli
