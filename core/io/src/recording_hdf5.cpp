// HDF5 recordings: metadata as string attributes of the root, one group per population holding `spikes`
// ((n, 2) float64 [time_s, neuron_index]) and, per probed variable, `<var>` [samples, neurons] float64 with a `unit`
// attribute, `<var>.times` (float64 s) and `<var>.neurons` (uint32). Every HDF5 call is checked.
#include <map>
#include <vector>

#include "reef/core/atomic_output.hpp"
#include "file_io.hpp"
#include "hdf5_handle.hpp"
#include "recording_formats.hpp"
#include "reef/core/error.hpp"

namespace reef::io {
namespace {

class Hdf5RecordingWriter {
 public:
  explicit Hdf5RecordingWriter(const std::filesystem::path& target) : target_(target.string()) {}

  void write(const core::Recording& recording, const std::filesystem::path& file_path) {
    Hid file(check(H5Fcreate(file_path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), "create the file"),
             H5Fclose);
    for (const auto& [key, value] : recording.metadata) write_string_attribute(file.get(), key, value, "/");
    for (const core::SpikeTrain& train : recording.spikes) write_spikes(file.get(), train);
    for (const core::StateTrace& trace : recording.state) write_trace(file.get(), trace);
    for (const core::GridTrace& trace : recording.grid) write_grid(file.get(), trace);
    groups_.clear();
    check(file.close(), "close the file");
  }

 private:
  [[noreturn]] void fail(const std::string& action) const {
    throw Error("cannot write HDF5 recording '" + target_ + "': cannot " + action + ": " + hdf5_reason());
  }

  hid_t check(hid_t id, const std::string& action) const {
    if (id < 0) fail(action);
    return id;
  }

  hid_t group(hid_t file, const std::string& population) {
    check_recording_name("population", population);
    auto found = groups_.find(population);
    if (found == groups_.end()) {
      const hid_t id = check(H5Gcreate2(file, population.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                             "create group '" + population + "'");
      found = groups_.emplace(population, Hid(id, H5Gclose)).first;
    }
    return found->second.get();
  }

  void write_string_attribute(hid_t object, const std::string& name, const std::string& value,
                              const std::string& where) const {
    const std::string action = "write attribute '" + name + "' of '" + where + "'";
    const Hid type(check(H5Tcopy(H5T_C_S1), action), H5Tclose);
    check(H5Tset_size(type.get(), H5T_VARIABLE), action);
    check(H5Tset_cset(type.get(), H5T_CSET_UTF8), action);
    const Hid space(check(H5Screate(H5S_SCALAR), action), H5Sclose);
    const Hid attribute(check(H5Acreate2(object, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                              action),
                        H5Aclose);
    const char* text = value.c_str();
    check(H5Awrite(attribute.get(), type.get(), &text), action);
  }

  // Creates and fills a dataset of `dims` (row-major) and returns it, for attributes.
  Hid write_dataset(hid_t group, const std::string& where, const std::string& name, std::vector<hsize_t> dims,
                    hid_t file_type, hid_t memory_type, const void* data) const {
    const std::string action = "write dataset '" + where + "/" + name + "'";
    const Hid space(check(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), action), H5Sclose);
    Hid dataset(check(H5Dcreate2(group, name.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                      action),
                H5Dclose);
    hsize_t count = 1;
    for (const hsize_t dim : dims) count *= dim;
    if (count > 0) check(H5Dwrite(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), action);
    return dataset;
  }

  void write_spikes(hid_t file, const core::SpikeTrain& train) {
    check_spike_train(train);
    const hid_t population = group(file, train.population);
    std::vector<double> rows(2 * train.times_s.size());
    for (std::size_t i = 0; i < train.times_s.size(); ++i) {
      rows[2 * i] = train.times_s[i];
      rows[2 * i + 1] = static_cast<double>(train.neurons[i]);
    }
    const Hid dataset = write_dataset(population, train.population, "spikes", {train.times_s.size(), 2},
                                      H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, rows.data());
    const std::string where = train.population + "/spikes";
    write_string_attribute(dataset.get(), "columns", "time_s,neuron_index", where);
    write_string_attribute(dataset.get(), "units", "s,1", where);
  }

  void write_trace(hid_t file, const core::StateTrace& trace) {
    check_state_trace(trace);
    check_recording_name("variable", trace.variable);
    const hid_t population = group(file, trace.population);
    const std::string& name = trace.variable;
    const Hid values = write_dataset(population, trace.population, name, {trace.times_s.size(), trace.neurons.size()},
                                     H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, trace.values.data());
    write_string_attribute(values.get(), "unit", trace.unit, trace.population + "/" + name);
    const Hid time_set = write_dataset(population, trace.population, name + ".times", {trace.times_s.size()},
                                       H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, trace.times_s.data());
    write_string_attribute(time_set.get(), "unit", "s", trace.population + "/" + name + ".times");
    write_dataset(population, trace.population, name + ".neurons", {trace.neurons.size()}, H5T_STD_U32LE,
                  H5T_NATIVE_UINT32, trace.neurons.data());
  }

  // Step-engine arrays in the node's group: [steps, elements], or [batch, steps, elements] for several samples.
  void write_grid(hid_t file, const core::GridTrace& trace) {
    check_grid_trace(trace);
    check_recording_name("variable", trace.variable);
    const hid_t node = group(file, trace.node);
    std::vector<hsize_t> dims{trace.steps, trace.elements};
    if (trace.batch != 1) dims.insert(dims.begin(), trace.batch);
    const Hid values = write_dataset(node, trace.node, trace.variable, dims, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                                     trace.values.data());
    write_string_attribute(values.get(), "dims", trace.batch != 1 ? "batch,step,element" : "step,element",
                           trace.node + "/" + trace.variable);
    write_string_attribute(values.get(), "dt_s", round_trip_text(trace.dt_s), trace.node + "/" + trace.variable);
  }

  std::string target_;
  std::map<std::string, Hid> groups_;
};

}  // namespace

void write_hdf5_recording(const core::Recording& recording, const std::filesystem::path& output) {
  const QuietHdf5Errors quiet;
  core::AtomicOutput atomic(output, core::AtomicOutput::Kind::file);
  Hdf5RecordingWriter(output).write(recording, atomic.temporary());
  sync_file(atomic.temporary());
  atomic.commit();
}

}  // namespace reef::io
