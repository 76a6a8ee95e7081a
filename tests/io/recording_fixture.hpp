// A small recording shared by the recording-writer tests: two populations (one without spikes), a state trace
// with a unit, and metadata that needs escaping.
#pragma once

#include "reef/core/recording.hpp"

namespace reef::test {

inline core::Recording sample_recording() {
  core::Recording recording;
  recording.metadata = {{"engine", "event"},
                        {"seed", "42"},
                        {"note", "quote \" backslash \\ newline\n tab\t bell \x07 caf\xC3\xA9"}};
  recording.spikes = {{"exc", {0.001, 0.0015, 0.25}, {3, 0, 3}}, {"inh", {}, {}}};
  recording.state = {{"exc", "v", "mV", {0, 3}, {0.0, 1e-4}, {-70.0, -65.0, -69.5, 0.1 + 0.2}}};
  return recording;
}

}  // namespace reef::test
