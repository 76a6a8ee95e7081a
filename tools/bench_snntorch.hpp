// Runs the snnTorch side of `reef bench train --snntorch DIR`: the compiled-in copy of
// tools/bench/snntorch_train_step.py, under a Python that has torch, with DIR (an snnTorch source checkout) on its
// path, on the same workload as reef's side.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace reef::cli {

struct SnntorchWorkload {
  std::size_t batch = 128, steps = 25, threads = 1, repeat = 10;
  double density = 0.15;
  std::uint64_t seed = 1;
};

struct SnntorchTiming {
  double best_s = 0.0, median_s = 0.0;  // seconds per training step
  double loss = 0.0;                    // of the first (untimed) step
  std::string versions;                 // "torch X, snntorch Y from PATH"
};

// Throws UsageError unless `checkout` holds the snntorch/ package.
void check_snntorch_checkout(const std::filesystem::path& checkout);

// Runs the script on `workload` (snnTorch initialises its own weights and input). Throws reef::Error, with Python's
// last output lines, when the script fails, e.g. because `python` has no torch.
SnntorchTiming time_snntorch_training(const std::string& python, const std::filesystem::path& checkout,
                                      const SnntorchWorkload& workload);

}  // namespace reef::cli
