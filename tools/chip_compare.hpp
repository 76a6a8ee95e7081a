// `reef compare`'s arithmetic: how the float model, the quantized model and the chip simulation agree on the same
// input — spike-count correlation per readout neuron and overall, exact-match rate of the spike rasters (the chip's
// hidden→hidden and hidden→output latency taken out), predicted-class agreement and accuracy against labels.
// It reads recordings only, so sim and hw stay apart.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "reef/core/graph.hpp"
#include "reef/core/recording.hpp"
#include "reef/hw/chip_spec.hpp"

namespace reef::cli {

// One run of the same input(s): its name ("float", "quantized", "chip"), spike traces by node, and how many steps
// later than the step engine each node's spikes appear in it (empty for the step-engine runs).
struct ComparedRun {
  std::string name;
  const core::Recording* recording = nullptr;
  std::map<std::string, std::size_t> lag_steps;
};

// Steps by which the chip delays each hidden node and the readout relative to the step engine: one per
// hidden→hidden link on the way from the inputs, plus one for the readout.
std::map<std::string, std::size_t> chip_lag_steps(const core::Graph& graph, const hw::ChipSpec& chip);

// Pearson correlation; nullopt when either side is constant (or empty).
std::optional<double> pearson(std::span<const double> a, std::span<const double> b);

// Labels [batch] (or [batch, 1]) of whole numbers from `path`; ValidationError when they are not, or their count is
// not `batch`.
std::vector<std::size_t> load_labels(const std::string& path, std::size_t batch);

// The report: readout counts and per-neuron correlations, a table of pair metrics, classes and accuracy.
// `readout` names the readout node and `hidden` the hidden nodes present in every run.
std::string comparison_report(const std::vector<ComparedRun>& runs, const std::string& readout,
                              const std::vector<std::string>& hidden, const std::vector<std::size_t>& labels);

}  // namespace reef::cli
