// The lines `reef sim` and `reef bench` both print about a finished run: speed against real time, spike and
// event counts, and the per-population table.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "reef/core/recording.hpp"

#include "reef/core/time.hpp"
#include "reef/sim/event_engine.hpp"

namespace reef::cli {

// "simulated 1 s in 0.081 s wall (12.3x faster than real time)" and
// "spikes    22,463; synaptic events 1,797,040 (22.2 M/s)", plus external events when there were any.
std::string run_summary_lines(const sim::RunResult& result, core::Time duration);

// Spikes over all populations.
std::uint64_t total_spikes(const sim::RunResult& result);

// population / size / spikes / rate [Hz] columns, plus `extra_header` with one cell per population when given.
std::string population_table(const std::vector<sim::PopulationStats>& populations,
                             const std::string& extra_header = {}, const std::vector<std::string>& extra_cells = {});

// Adds `metadata` and reef_version to the recording (keeping keys it already has), writes it to `output` when given
// and returns the "output" report line: the path written, or how to save.
std::string save_recording(core::Recording& recording, const std::optional<std::filesystem::path>& output,
                           const std::map<std::string, std::string>& metadata);

}  // namespace reef::cli
