// Replaying an event file onto a board (replay_device.hpp): each event is released by the pacer, mapped to an input
// channel, binned into step floor(t / step) and counted; a block of kMaxStepsPerRun steps goes to the board as soon
// as an event beyond it is released (or the file ends), so the board sees the input as the stream plays.
#include "replay_device.hpp"

#include <algorithm>
#include <iostream>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "board_stream.hpp"
#include "chip_run.hpp"
#include "device_options.hpp"
#include "event_channels.hpp"
#include "event_options.hpp"
#include "event_pacer.hpp"
#include "reef/core/error.hpp"
#include "reef/hw/board_selection.hpp"
#include "reef/hw/chip_image_codec.hpp"
#include "reef/io/recording_writer.hpp"
#include "text_format.hpp"

namespace reef::cli {
namespace {

// Pulls paced, mapped events from the stream and hands them out block by block.
class BoardBlocks {
 public:
  BoardBlocks(core::TransformedEventSource& source, const core::EventInputMapping& mapping, EventPacer& pacer,
              core::Time step, std::optional<std::size_t> total_steps)
      : source_(source), mapping_(mapping), pacer_(pacer), step_(step), total_steps_(total_steps) {}

  std::optional<hw::board::StepEvents> next(std::size_t first) {
    std::size_t end = first + hw::Board::kMaxStepsPerRun;
    if (total_steps_) end = std::min(end, *total_steps_);
    if (first >= end) return std::nullopt;
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint32_t> counts;  // (step in block, channel) -> count
    std::size_t last_step = first;  // one past the last step holding an event
    while (true) {
      if (!pending_) pending_ = next_event();
      if (!pending_) break;
      const auto [step, channel] = *pending_;
      if (step >= end) break;
      pending_.reset();
      if (step < first) {
        ++dropped_["behind a block already sent (time went backwards)"];
        continue;
      }
      ++counts[{static_cast<std::uint32_t>(step - first), channel}];
      last_step = std::max(last_step, step + 1);
      ++replayed_;
    }
    // At the end of the stream a block stops after its last event, unless --duration fixed the length.
    if (!pending_ && !total_steps_) end = last_step;
    if (end <= first) return std::nullopt;
    hw::board::StepEvents block{static_cast<std::uint32_t>(end - first), {}};
    for (const auto& [where, count] : counts) block.events.push_back({where.first, where.second, count});
    return block;
  }

  const std::map<std::string, std::uint64_t>& dropped() const { return dropped_; }
  std::uint64_t replayed() const { return replayed_; }

 private:
  // The next event's (step, channel), skipping (and counting) events the board cannot take.
  std::optional<std::pair<std::size_t, std::uint32_t>> next_event() {
    while (true) {
      if (index_ == filled_) {
        filled_ = source_.read(buffer_);
        index_ = 0;
        if (filled_ == 0) return std::nullopt;
      }
      const core::Event& event = buffer_[index_++];
      pacer_.release(event.t);
      const auto channel = mapping_.channel(event);
      if (!channel) {
        ++dropped_["outside the input mapping"];
      } else if (event.t < core::Time()) {
        ++dropped_["before time 0"];
      } else {
        const auto step = static_cast<std::size_t>(event.t.ns() / step_.ns());
        if (total_steps_ && step >= *total_steps_) {
          ++dropped_["after --duration"];
          continue;
        }
        return std::pair{step, static_cast<std::uint32_t>(*channel)};
      }
    }
  }

  core::TransformedEventSource& source_;
  const core::EventInputMapping& mapping_;
  EventPacer& pacer_;
  core::Time step_;
  std::optional<std::size_t> total_steps_;
  std::vector<core::Event> buffer_ = std::vector<core::Event>(1 << 14);
  std::size_t filled_ = 0;
  std::size_t index_ = 0;
  std::optional<std::pair<std::size_t, std::uint32_t>> pending_;
  std::map<std::string, std::uint64_t> dropped_;
  std::uint64_t replayed_ = 0;
};

core::Time step_length(const po::variables_map& values, const hw::ChipImage& image, const std::string& config) {
  if (values.count("step") != 0) return parse_duration_option(values["step"].as<std::string>(), "--step");
  if (image.dt_s <= 0) {
    throw UsageError(config + " does not state its time step; give the board's step with --step (e.g. 1ms)");
  }
  return core::Time::from_ns(static_cast<std::int64_t>(image.dt_s * 1e9 + 0.5));
}

}  // namespace

int replay_on_board(const po::variables_map& values, const std::string& events_path, double speed) {
  for (const char* network_only : {"net", "input", "record"}) {
    if (values.count(network_only) != 0) {
      throw UsageError(std::string("--") + network_only + " is for replaying into a network; with --device the "
                                                          "board runs the configuration given by --config");
    }
  }
  if (values.count("config") == 0) {
    throw UsageError("missing --config CHIP.pb: the configuration active on the board (see `reef flash`)");
  }
  if (values.count("output") != 0) io::recording_format_for(values["output"].as<std::string>());
  const std::string config = values["config"].as<std::string>();
  const hw::ChipImage image = hw::read_chip_image(config);
  const std::string hash = hw::chip_image_hash(image);
  const core::Time step = step_length(values, image, config);
  if (step.ns() <= 0) throw UsageError("--step must be longer than 0");
  std::optional<std::size_t> total_steps;
  if (values.count("duration") != 0) {
    const core::Time duration = parse_duration_option(values["duration"].as<std::string>(), "--duration");
    total_steps = static_cast<std::size_t>((duration.ns() + step.ns() - 1) / step.ns());
  }
  const auto source = open_transformed_events(events_path, values);
  const core::EventInputMapping mapping = event_channel_mapping(values, *source);
  require_channel_count(mapping, image.n_inputs, config);

  auto board = hw::open_board(board_selection(values));
  const std::string where = require_active_config(*board, config, hash);
  std::cout << report_line("board", where)
            << report_line("config", config + ", hash " + hash + ", step " + compact(step.seconds() * 1e3) + " ms")
            << std::flush;

  EventPacer pacer(speed);
  BoardBlocks blocks(*source, mapping, pacer, step, total_steps);
  ChipBatchRun run;
  run.batch = 1;
  run.samples.push_back(run_sample_on_board(
      *board, image, [&blocks](std::size_t first) { return blocks.next(first); }, where));
  run.steps = run.samples.front().steps;
  run.wall_seconds = pacer.wall_seconds();

  auto dropped = source->counts().dropped;
  for (const auto& [reason, count] : blocks.dropped()) dropped[reason] += count;
  std::cout << report_line("events", events_path + " (" + source->info().format + "): " +
                                         group_digits(source->counts().read) + " read, " +
                                         group_digits(blocks.replayed()) + " replayed onto the board (" +
                                         group_digits(mapping.channel_count()) + " channels, " +
                                         group_digits(run.steps) + " steps)")
            << report_line("dropped", dropped_text(dropped))
            << report_line("skipped", dropped_text(source->report().skipped_events) + " (by the decoder)")
            << report_line("pacing", pacer.summary());

  const core::Recording recording = chip_recording(image, run);
  std::cout << sample_class_lines(recording);
  if (values.count("output") != 0) {
    const std::string output = values["output"].as<std::string>();
    io::write_recording(recording, output);
    std::cout << report_line("saved", output);
  }
  return 0;
}

}  // namespace reef::cli
