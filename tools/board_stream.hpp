// Running a configuration on a board from the command line (`reef run`, `reef replay --device`): the check that the
// board has the configuration active, streaming one sample's input blocks and collecting the output events as a
// chip run, and the per-sample class lines of the recording.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "reef/core/recording.hpp"
#include "reef/hw/board.hpp"
#include "reef/hw/chip_image.hpp"
#include "reef/hw/xylo_sim.hpp"

namespace reef::cli {

// "usb 1:2 (serial EMU0001)" for a board whose active configuration is `config` (hash `hash`); DeviceError saying
// to flash it first otherwise.
std::string require_active_config(hw::Board& board, const std::string& config, const std::string& hash);

// The input of the block starting at step `first` (at most hw::Board::kMaxStepsPerRun steps), nullopt once the
// sample has no more steps.
using BlockSource = std::function<std::optional<hw::board::StepEvents>(std::size_t first)>;

// Starts a run of the active configuration, streams the blocks `next_block` yields, stops, and returns the output
// spikes [steps][n_outputs] (counts clipped to 255); DeviceError when the board reports a neuron `image` lacks.
hw::ChipSimRun run_sample_on_board(hw::Board& board, const hw::ChipImage& image, const BlockSource& next_block,
                                   const std::string& where);

// "sample S  NODE spikes c0 c1 ..., class K" report lines of each sample of each grid trace.
std::string sample_class_lines(const core::Recording& recording);

}  // namespace reef::cli
