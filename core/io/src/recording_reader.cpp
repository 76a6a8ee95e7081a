// Spike trains of recordings read back from HDF5, NPY folders and CSV (recording_reader.hpp).
#include "reef/io/recording_reader.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "hdf5_handle.hpp"
#include "reef/core/error.hpp"
#include "reef/io/npy.hpp"
#include "reef/io/recording_writer.hpp"

namespace reef::io {
namespace {

// An (n, 2) [time_s, neuron] table as a spike train; `where` names it in errors.
core::SpikeTrain train_from_rows(const std::string& population, const std::vector<double>& rows,
                                 const std::string& file, const std::string& where) {
  core::SpikeTrain train{.population = population, .times_s = {}, .neurons = {}};
  for (std::size_t i = 0; i + 1 < rows.size(); i += 2) {
    const double neuron = rows[i + 1];
    if (!(neuron >= 0) || neuron != std::floor(neuron) || neuron > 4294967295.0 || !std::isfinite(rows[i])) {
      throw FormatError(file, 0, where + " row " + std::to_string(i / 2) + ": expected [time_s, neuron index]");
    }
    train.times_s.push_back(rows[i]);
    train.neurons.push_back(static_cast<std::uint32_t>(neuron));
  }
  return train;
}

std::vector<core::SpikeTrain> read_npy_folder(const std::filesystem::path& folder) {
  std::vector<core::SpikeTrain> trains;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (name.ends_with(".spikes.npy")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    const NpyArray array = read_npy(file);
    if (array.shape.size() != 2 || array.shape[1] != 2) {
      throw FormatError(file.string(), 0, "spikes must be an (n, 2) array of [time_s, neuron]");
    }
    const std::string name = file.filename().string();
    trains.push_back(train_from_rows(name.substr(0, name.size() - 11), array.values, file.string(), "spikes"));
  }
  return trains;
}

std::vector<core::SpikeTrain> read_csv(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw Error("cannot open '" + path.string() + "'");
  std::map<std::string, core::SpikeTrain> by_population;
  std::vector<std::string> order;
  std::string line;
  std::uint64_t offset = 0;
  while (std::getline(in, line)) {
    const std::uint64_t line_offset = offset;
    offset += line.size() + 1;
    if (!line.starts_with("spike,")) continue;
    std::vector<std::string> cells;
    std::stringstream stream(line);
    for (std::string cell; std::getline(stream, cell, ',');) cells.push_back(cell);
    try {
      if (cells.size() < 5) throw std::invalid_argument("columns");
      auto [it, added] = by_population.try_emplace(cells[1], core::SpikeTrain{.population = cells[1]});
      if (added) order.push_back(cells[1]);
      it->second.neurons.push_back(static_cast<std::uint32_t>(std::stoul(cells[2])));
      it->second.times_s.push_back(std::stod(cells[4]));
    } catch (const std::exception&) {
      throw FormatError(path.string(), line_offset,
                        "expected a row spike,population,neuron,,time_s,... and found '" + line + "'");
    }
  }
  std::vector<core::SpikeTrain> trains;
  for (const auto& name : order) trains.push_back(std::move(by_population.at(name)));
  return trains;
}

std::vector<core::SpikeTrain> read_hdf5(const std::filesystem::path& path) {
  const QuietHdf5Errors quiet;
  const Hid file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (file.get() < 0) throw FormatError(path.string(), 0, "not an HDF5 file reef can open");
  std::vector<std::string> groups;
  H5Literate(
      file.get(), H5_INDEX_NAME, H5_ITER_INC, nullptr,
      [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
        static_cast<std::vector<std::string>*>(data)->emplace_back(name);
        return 0;
      },
      &groups);
  std::vector<core::SpikeTrain> trains;
  for (const auto& group : groups) {
    const std::string name = group + "/spikes";
    if (H5Lexists(file.get(), group.c_str(), H5P_DEFAULT) <= 0 ||
        H5Lexists(file.get(), name.c_str(), H5P_DEFAULT) <= 0) {
      continue;
    }
    const Hid dataset(H5Dopen2(file.get(), name.c_str(), H5P_DEFAULT), H5Dclose);
    const Hid space(H5Dget_space(dataset.get()), H5Sclose);
    hsize_t dims[2] = {0, 0};
    if (H5Sget_simple_extent_ndims(space.get()) != 2 || H5Sget_simple_extent_dims(space.get(), dims, nullptr) < 0 ||
        dims[1] != 2) {
      throw FormatError(path.string(), 0, name + " must be an (n, 2) float64 dataset of [time_s, neuron]");
    }
    std::vector<double> rows(dims[0] * 2);
    if (!rows.empty() &&
        H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()) < 0) {
      throw FormatError(path.string(), 0, "cannot read " + name);
    }
    trains.push_back(train_from_rows(group, rows, path.string(), name));
  }
  return trains;
}

}  // namespace

std::vector<core::SpikeTrain> read_recorded_spikes(const std::filesystem::path& path) {
  switch (recording_format_for(path)) {
    case RecordingFormat::hdf5: return read_hdf5(path);
    case RecordingFormat::npy_directory: return read_npy_folder(path);
    case RecordingFormat::csv: return read_csv(path);
  }
  throw InternalError("read_recorded_spikes: unknown recording format");
}

}  // namespace reef::io
