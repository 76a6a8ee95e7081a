// Test helper: turns a step-input array of event counts ([steps, channels] NPY, as `reef run`/`reef chipsim` take)
// into the CSV event file `reef replay` reads: each count becomes that many events (t = step * step_us, x = channel),
// so replaying it onto a board with --step step_us feeds the board the same input.
#pragma once

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "reef/io/npy.hpp"

namespace reef::test {

inline void write_step_events_csv(const std::filesystem::path& npy, const std::filesystem::path& csv,
                                  std::size_t step_us) {
  const io::NpyArray counts = io::read_npy(npy);
  if (counts.shape.size() != 2) throw std::runtime_error(npy.string() + " is not a [steps, channels] array");
  const std::size_t channels = counts.shape[1];
  std::ofstream out(csv);
  out << "t,x\n";
  for (std::size_t step = 0; step < counts.shape[0]; ++step) {
    for (std::size_t channel = 0; channel < channels; ++channel) {
      for (int k = 0; k < static_cast<int>(counts.values[step * channels + channel]); ++k) {
        out << step * step_us << ',' << channel << '\n';
      }
    }
  }
}

}  // namespace reef::test
