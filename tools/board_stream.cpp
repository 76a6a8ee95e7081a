// Running a configuration on a board from the command line (board_stream.hpp).
#include "board_stream.hpp"

#include <algorithm>
#include <span>
#include <vector>

#include "chip_run.hpp"
#include "reef/core/error.hpp"
#include "text_format.hpp"

namespace reef::cli {

std::string require_active_config(hw::Board& board, const std::string& config, const std::string& hash) {
  const std::string where = board.transport().description() + " (serial " + board.identity().serial + ")";
  const std::string& active = board.identity().active_hash;
  if (active != hash) {
    throw DeviceError(hw::BoardErrc::rejected, where + " has configuration " + (active.empty() ? "none" : active) +
                                                   " active, not " + config + " (" + hash + "): run `reef flash " +
                                                   config + "` first");
  }
  return where;
}

hw::ChipSimRun run_sample_on_board(hw::Board& board, const hw::ChipImage& image, const BlockSource& next_block,
                                   const std::string& where) {
  hw::ChipSimRun result;
  board.start();
  while (const std::optional<hw::board::StepEvents> block = next_block(result.steps)) {
    const std::size_t first = result.steps;
    result.steps += block->steps;
    result.output_spikes.resize(result.steps * image.n_outputs, 0);
    const hw::board::OutputEvents output = board.run(*block);
    for (const auto& event : output.events.events) {
      if (event.channel >= image.n_outputs || event.step >= block->steps) {
        throw DeviceError(hw::BoardErrc::malformed_reply,
                          where + " reported output neuron " + std::to_string(event.channel) + " at block step " +
                              std::to_string(event.step) + "; the configuration has " +
                              std::to_string(image.n_outputs) + " outputs and the block " +
                              std::to_string(block->steps) + " steps");
      }
      result.output_spikes[(first + event.step) * image.n_outputs + event.channel] =
          static_cast<std::uint8_t>(std::min<std::uint32_t>(event.count, 255));
    }
  }
  board.stop();
  return result;
}

std::string sample_class_lines(const core::Recording& recording) {
  std::string lines;
  for (const core::GridTrace& trace : recording.grid) {
    const std::vector<double> counts = spike_counts(trace);
    for (std::size_t s = 0; s < trace.batch; ++s) {
      const std::span<const double> row = std::span(counts).subspan(s * trace.elements, trace.elements);
      std::string cells;
      for (double count : row) cells += (cells.empty() ? "" : " ") + std::to_string(static_cast<long>(count));
      lines += report_line("sample " + std::to_string(s), trace.node + " spikes " + cells + ", class " +
                                                              std::to_string(predicted_class(row).label));
    }
  }
  return lines;
}

}  // namespace reef::cli
