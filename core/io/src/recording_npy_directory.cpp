// Directory recordings: one NPY file per population and variable, metadata.json with the run's metadata and
// units.json with the unit of each state variable ("<population>.<variable>": unit). The directory appears whole.
#include <cstdio>
#include <set>
#include <vector>

#include "reef/core/atomic_output.hpp"
#include "file_io.hpp"
#include "recording_formats.hpp"
#include "reef/core/error.hpp"
#include "reef/io/npy.hpp"

namespace reef::io {
namespace {

namespace fs = std::filesystem;

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

void write_json_object(const fs::path& path, const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string text = "{";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    text += (i > 0 ? ",\n  " : "\n  ") + json_string(entries[i].first) + ": " + json_string(entries[i].second);
  }
  text += entries.empty() ? "}\n" : "\n}\n";
  OutputFile file(path);
  file.write(text);
  file.close();
}

// An existing directory is replaced only when it looks like an earlier recording (nothing but .npy and .json
// files), so a mistyped output path never deletes someone's folder.
void check_replaceable(const fs::path& target) {
  std::error_code error;
  if (!fs::is_directory(target, error)) return;
  for (const fs::directory_entry& entry : fs::directory_iterator(target, error)) {
    const fs::path name = entry.path().filename();
    if (!entry.is_regular_file(error) || (name.extension() != ".npy" && name.extension() != ".json")) {
      throw Error("refusing to replace directory '" + target.string() + "': it holds '" + name.string() +
                  "', which is not part of a recording (only .npy and .json files are)");
    }
  }
  if (error) throw Error("cannot read directory '" + target.string() + "': " + error.message());
}

class NpyDirectoryWriter {
 public:
  NpyDirectoryWriter(fs::path directory, std::string target)
      : directory_(std::move(directory)), target_(std::move(target)) {}

  void write(const core::Recording& recording) {
    for (const core::SpikeTrain& train : recording.spikes) write_spikes(train);
    std::vector<std::pair<std::string, std::string>> units;
    for (const core::StateTrace& trace : recording.state) {
      write_trace(trace);
      units.emplace_back(trace.population + "." + trace.variable, trace.unit);
    }
    for (const core::GridTrace& trace : recording.grid) write_grid(trace);
    write_json_object(directory_ / "metadata.json", {recording.metadata.begin(), recording.metadata.end()});
    if (!units.empty()) write_json_object(directory_ / "units.json", units);
  }

 private:
  // The path for one array file; two arrays that would share a file name are an error, never an overwrite.
  fs::path claim(const std::string& name) {
    if (!names_.insert(name).second) {
      throw Error("cannot write NPY recording '" + target_ + "': two recorded arrays would both be stored as '" +
                  name + "'");
    }
    return directory_ / name;
  }

  void write_spikes(const core::SpikeTrain& train) {
    check_spike_train(train);
    check_recording_name("population", train.population);
    std::vector<double> rows(2 * train.times_s.size());
    for (std::size_t i = 0; i < train.times_s.size(); ++i) {
      rows[2 * i] = train.times_s[i];
      rows[2 * i + 1] = static_cast<double>(train.neurons[i]);
    }
    const std::size_t shape[] = {train.times_s.size(), 2};
    write_npy(claim(train.population + ".spikes.npy"), shape, std::span<const double>(rows));
  }

  void write_trace(const core::StateTrace& trace) {
    check_state_trace(trace);
    check_recording_name("population", trace.population);
    check_recording_name("variable", trace.variable);
    const std::string stem = trace.population + "." + trace.variable;
    const std::size_t samples = trace.times_s.size();
    const std::size_t shape[] = {samples, trace.neurons.size()};
    write_npy(claim(stem + ".npy"), shape, std::span<const double>(trace.values));
    write_npy(claim(stem + ".times.npy"), std::span<const std::size_t>(&shape[0], 1),
              std::span<const double>(trace.times_s));
    const std::vector<std::int64_t> neurons(trace.neurons.begin(), trace.neurons.end());
    write_npy(claim(stem + ".neurons.npy"), std::span<const std::size_t>(&shape[1], 1),
              std::span<const std::int64_t>(neurons));
  }

  // Step-engine arrays: [steps, elements] for one sample, [batch, steps, elements] for several; spike counts as int64.
  void write_grid(const core::GridTrace& trace) {
    check_grid_trace(trace);
    check_recording_name("node", trace.node);
    check_recording_name("variable", trace.variable);
    std::vector<std::size_t> shape{trace.steps, trace.elements};
    if (trace.batch != 1) shape.insert(shape.begin(), trace.batch);
    const fs::path path = claim(trace.node + "." + trace.variable + ".npy");
    if (trace.variable == "spikes") {
      const std::vector<std::int64_t> counts(trace.values.begin(), trace.values.end());
      write_npy(path, shape, std::span<const std::int64_t>(counts));
    } else {
      write_npy(path, shape, std::span<const double>(trace.values));
    }
  }

  fs::path directory_;
  std::string target_;
  std::set<std::string> names_;
};

}  // namespace

void write_npy_directory_recording(const core::Recording& recording, const fs::path& output) {
  core::AtomicOutput atomic(output, core::AtomicOutput::Kind::directory);
  check_replaceable(atomic.target());
  NpyDirectoryWriter(atomic.temporary(), atomic.target().string()).write(recording);
  atomic.commit();
}

}  // namespace reef::io
