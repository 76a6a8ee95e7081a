// `reef replay EVENTS --device D --config CHIP.pb`: the board half of `reef replay` (command_replay.cpp parses the
// options): events are paced like a network replay, binned into the board's time steps and streamed to it.
#pragma once

#include <string>

#include "command_line.hpp"

namespace reef::cli {

// Replays `events_path` onto the board the options select at `speed` (0 = max), records the board's output events
// like `reef run`, prints the report and saves -o; returns the exit code.
int replay_on_board(const po::variables_map& values, const std::string& events_path, double speed);

}  // namespace reef::cli
