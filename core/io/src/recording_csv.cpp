// CSV recordings for small runs: one row per spike, per state sample and neuron, and per step-engine grid value,
// under the header `kind,population,neuron,variable,time_s,value`; times (fixed notation) and values are written in the
// shortest form that reads back as exactly the same double.
#include "reef/core/atomic_output.hpp"
#include "file_io.hpp"
#include "recording_formats.hpp"

namespace reef::io {
namespace {

constexpr std::size_t kFlushBytes = 1 << 20;

// A name as one CSV field, quoted when it holds a comma or a quote.
std::string csv_field(const std::string& name) {
  if (name.find_first_of(",\"") == std::string::npos) return name;
  std::string out = "\"";
  for (const char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

void write_csv_recording(const core::Recording& recording, const std::filesystem::path& output) {
  core::AtomicOutput atomic(output, core::AtomicOutput::Kind::file);
  OutputFile file(atomic.temporary());
  std::string rows = "kind,population,neuron,variable,time_s,value\n";
  const auto flush_if_large = [&] {
    if (rows.size() < kFlushBytes) return;
    file.write(rows);
    rows.clear();
  };
  for (const core::SpikeTrain& train : recording.spikes) {
    check_spike_train(train);
    check_recording_name("population", train.population);
    const std::string population = csv_field(train.population);
    for (std::size_t i = 0; i < train.times_s.size(); ++i) {
      rows += "spike," + population + "," + std::to_string(train.neurons[i]) + ",," +
              round_trip_time_text(train.times_s[i]) + ",\n";
      flush_if_large();
    }
  }
  for (const core::StateTrace& trace : recording.state) {
    check_state_trace(trace);
    check_recording_name("population", trace.population);
    check_recording_name("variable", trace.variable);
    const std::string prefix = "state," + csv_field(trace.population) + ",";
    const std::string variable = csv_field(trace.variable);
    for (std::size_t sample = 0; sample < trace.times_s.size(); ++sample) {
      const std::string time = round_trip_time_text(trace.times_s[sample]);
      for (std::size_t k = 0; k < trace.neurons.size(); ++k) {
        rows += prefix + std::to_string(trace.neurons[k]) + "," + variable + "," + time + "," +
                round_trip_text(trace.values[sample * trace.neurons.size() + k]) + "\n";
        flush_if_large();
      }
    }
  }
  // Step-engine arrays: kind "grid", the sample index as a "[b]" suffix of the variable when the batch has several,
  // time t·dt; only non-zero spike counts are written.
  for (const core::GridTrace& trace : recording.grid) {
    check_grid_trace(trace);
    check_recording_name("node", trace.node);
    check_recording_name("variable", trace.variable);
    const std::string prefix = "grid," + csv_field(trace.node) + ",";
    const bool sparse = trace.variable == "spikes";
    for (std::size_t b = 0; b < trace.batch; ++b) {
      const std::string variable =
          csv_field(trace.batch == 1 ? trace.variable : trace.variable + "[" + std::to_string(b) + "]");
      for (std::size_t t = 0; t < trace.steps; ++t) {
        const std::string time = round_trip_time_text(static_cast<double>(t) * trace.dt_s);
        for (std::size_t e = 0; e < trace.elements; ++e) {
          const double value = trace.values[(b * trace.steps + t) * trace.elements + e];
          if (sparse && value == 0.0) continue;
          rows += prefix + std::to_string(e) + "," + variable + "," + time + "," + round_trip_text(value) + "\n";
          flush_if_large();
        }
      }
    }
  }
  file.write(rows);
  file.close();
  atomic.commit();
}

}  // namespace reef::io
