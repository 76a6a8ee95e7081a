// Maps the trainer's state onto named checkpoint records: "param:<name>" arrays, "optimizer:<i>" slots, and
// integers for the position, the optimizer step count and the running totals (the loss sum as its IEEE bits).
#include "train_checkpoint.hpp"

#include <bit>
#include <fstream>
#include <string>

#include "reef/core/error.hpp"
#include "reef/io/checkpoint.hpp"

namespace reef::cli {
namespace {

constexpr const char* kKind = "reef train checkpoint";

std::uint64_t integer(const io::Checkpoint& checkpoint, const std::string& name, const std::filesystem::path& path) {
  const auto found = checkpoint.integers.find(name);
  if (found == checkpoint.integers.end()) {
    throw FormatError(path.string(), 0, "training checkpoint without '" + name + "'; the file is incomplete");
  }
  return found->second;
}

}  // namespace

void save_checkpoint(const std::filesystem::path& path, const sim::train::TrainerState& state) {
  io::Checkpoint checkpoint;
  checkpoint.texts["kind"] = kKind;
  checkpoint.integers["epoch"] = state.epoch;
  checkpoint.integers["batch"] = state.batch;
  checkpoint.integers["optimizer_steps"] = state.optimizer.steps;
  checkpoint.integers["optimizer_slots"] = state.optimizer.slots.size();
  checkpoint.integers["totals_correct"] = state.totals.correct;
  checkpoint.integers["totals_samples"] = state.totals.samples;
  checkpoint.integers["totals_loss_bits"] = std::bit_cast<std::uint64_t>(state.totals.loss_sum);
  for (const auto& parameter : state.parameters) {
    checkpoint.arrays.push_back({"param:" + parameter.name, parameter.shape, parameter.value});
  }
  for (std::size_t i = 0; i < state.optimizer.slots.size(); ++i) {
    checkpoint.arrays.push_back({"optimizer:" + std::to_string(i), {state.optimizer.slots[i].size()},
                                 state.optimizer.slots[i]});
  }
  io::write_checkpoint(path, checkpoint);
}

sim::train::TrainerState load_checkpoint(const std::filesystem::path& path) {
  const io::Checkpoint checkpoint = io::read_checkpoint(path);
  const auto kind = checkpoint.texts.find("kind");
  if (kind == checkpoint.texts.end() || kind->second != kKind) {
    throw FormatError(path.string(), 0, "a reef checkpoint, but not of a training run");
  }
  sim::train::TrainerState state;
  state.epoch = integer(checkpoint, "epoch", path);
  state.batch = integer(checkpoint, "batch", path);
  state.optimizer.steps = integer(checkpoint, "optimizer_steps", path);
  state.totals.correct = integer(checkpoint, "totals_correct", path);
  state.totals.samples = integer(checkpoint, "totals_samples", path);
  state.totals.loss_sum = std::bit_cast<double>(integer(checkpoint, "totals_loss_bits", path));
  const std::uint64_t slots = integer(checkpoint, "optimizer_slots", path);
  for (const auto& array : checkpoint.arrays) {
    if (array.name.starts_with("param:")) {
      state.parameters.push_back({array.name.substr(6), array.shape, array.values, {}});
    } else if (array.name.starts_with("optimizer:")) {
      state.optimizer.slots.push_back(array.values);
    }
  }
  if (state.optimizer.slots.size() != slots) {
    throw FormatError(path.string(), 0, "training checkpoint with " + std::to_string(state.optimizer.slots.size()) +
                                            " of its " + std::to_string(slots) + " optimizer slots");
  }
  return state;
}

bool is_checkpoint_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[8] = {};
  in.read(magic, sizeof magic);
  return in.gcount() == 8 && std::string(magic, 8) == "REEFCKPT";
}

}  // namespace reef::cli
