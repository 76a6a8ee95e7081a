// `reef sim MODEL.nir --engine event`: the NIR model on the exact event engine, each input row held over one dt.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "commands.hpp"
#include "reef/io/nir.hpp"
#include "reef/sim/event_engine.hpp"
#include "reef/sim/step_engine.hpp"

namespace reef::cli {

// Runs `model` for input.steps × dt with `input` (batch 1) held piecewise constant, prints the summary and saves
// the spike trains to `output` when given. Returns the exit code.
int run_nir_on_event_engine(const CliContext& context, const std::string& path, const io::NirModel& model,
                            const sim::StepInput& input, double dt_s, sim::ResetRule reset,
                            const std::optional<std::filesystem::path>& output);

}  // namespace reef::cli
