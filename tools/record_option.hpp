// The `--record SPEC` option of `reef sim`: what to record, replacing the config's `record:` section.
//   all                        spikes of every population
//   POP  or  POP.spikes        spikes of population POP
//   POP.VAR[NEURONS]@INTERVAL  state variable VAR (v, a synapse name, or i_syn<k>) of POP, sampled every INTERVAL
//                              (default 0.1ms); NEURONS: indices and half-open ranges, e.g. [0,1,5] or [0:10,20]
//                              (default: every neuron)
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "reef/core/graph.hpp"
#include "reef/core/recording.hpp"
#include "reef/core/time.hpp"

namespace reef::cli {

struct RecordSpec {
  enum class Kind { all_spikes, spikes, state };
  std::string text;  // as the user wrote it, for messages
  Kind kind = Kind::all_spikes;
  std::string population;
  std::string variable;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> neuron_ranges;  // half-open; empty: every neuron
  core::Time interval = core::Time::from_ns(100'000);
};

// Checks the syntax of one spec; throws UsageError naming the spec and the expected form.
RecordSpec parse_record_spec(const std::string& text);

// Checks populations, variables and neuron indices against `graph` (UsageError otherwise) and builds the request.
core::RecordRequest resolve_record_specs(const std::vector<RecordSpec>& specs, const core::Graph& graph);

}  // namespace reef::cli
