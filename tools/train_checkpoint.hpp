// Trainer state <-> checkpoint file (io::Checkpoint): parameters, optimizer moments, epoch and batch position and the
// epoch's running totals, so `reef train --resume` continues bit for bit; also the model parameters alone for
// `reef eval`.
#pragma once

#include <filesystem>

#include "reef/sim/train/trainer.hpp"

namespace reef::cli {

// Atomic: an interrupted write leaves the previous checkpoint (or nothing) in place.
void save_checkpoint(const std::filesystem::path& path, const sim::train::TrainerState& state);
// Throws FormatError for a damaged file or one that is not a training checkpoint.
sim::train::TrainerState load_checkpoint(const std::filesystem::path& path);
// True when `path` starts like a checkpoint file.
bool is_checkpoint_file(const std::filesystem::path& path);

}  // namespace reef::cli
