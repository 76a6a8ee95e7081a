// Labelled samples from HDF5 files: two named datasets (data [N, ...] and labels [N]), or the SHD/SSC layout of
// ragged spike rows binned into [steps][channels] counts.
#include <cmath>
#include <string>
#include <vector>

#include "dataset_labels.hpp"
#include "hdf5_handle.hpp"
#include "reef/core/error.hpp"
#include "reef/io/dataset_files.hpp"

namespace reef::io {
namespace {

Hid open_file(const std::filesystem::path& path) {
  Hid file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (file.get() < 0) throw FormatError(path.string(), 0, "not a readable HDF5 file (" + hdf5_reason() + ")");
  return file;
}

// A whole numeric dataset converted to `memory_type`, and its shape.
template <typename T>
std::vector<T> read_dataset(hid_t file, const std::filesystem::path& path, const std::string& name, hid_t memory_type,
                            std::vector<std::size_t>& shape) {
  const auto fail = [&](const std::string& what) {
    throw FormatError(path.string(), 0, "dataset '" + name + "' " + what + " (" + hdf5_reason() + ")");
  };
  if (H5Lexists(file, name.c_str(), H5P_DEFAULT) <= 0) fail("is missing");
  const Hid dataset(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose);
  if (dataset.get() < 0) fail("cannot be opened");
  const Hid space(H5Dget_space(dataset.get()), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0) fail("has no simple shape");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  shape.assign(dims.begin(), dims.end());
  std::size_t count = 1;
  for (const hsize_t dim : dims) count *= static_cast<std::size_t>(dim);
  std::vector<T> values(count);
  if (count > 0 && H5Dread(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
    fail("is not an array of numbers");
  }
  return values;
}

// All rows of a ragged (variable-length) 1-D dataset of numbers.
template <typename T>
std::vector<std::vector<T>> read_rows(hid_t file, const std::filesystem::path& path, const char* name,
                                      hid_t memory_type) {
  const auto fail = [&](const std::string& what) {
    throw FormatError(path.string(), 0, std::string("SHD file: ") + name + " " + what + " (" + hdf5_reason() + ")");
  };
  if (H5Lexists(file, "/spikes", H5P_DEFAULT) <= 0 || H5Lexists(file, name, H5P_DEFAULT) <= 0) fail("is missing");
  const Hid dataset(H5Dopen2(file, name, H5P_DEFAULT), H5Dclose);
  const Hid space(H5Dget_space(dataset.get()), H5Sclose);
  hsize_t rows = 0;
  if (H5Sget_simple_extent_ndims(space.get()) != 1 || H5Sget_simple_extent_dims(space.get(), &rows, nullptr) < 0) {
    fail("is not a 1-D array of rows");
  }
  const Hid vlen(H5Tvlen_create(memory_type), H5Tclose);
  std::vector<hvl_t> data(static_cast<std::size_t>(rows), hvl_t{0, nullptr});
  if (rows > 0 && H5Dread(dataset.get(), vlen.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) < 0) {
    fail("is not a ragged array of numbers");
  }
  std::vector<std::vector<T>> result(data.size());
  for (std::size_t i = 0; i < data.size(); ++i) {
    const T* begin = static_cast<const T*>(data[i].p);
    result[i].assign(begin, begin + data[i].len);
  }
  if (rows > 0) H5Dvlen_reclaim(vlen.get(), space.get(), H5P_DEFAULT, data.data());
  return result;
}

}  // namespace

LabelledSamples load_hdf5_samples(const std::filesystem::path& file, const std::string& data_name,
                                  const std::string& labels_name) {
  const QuietHdf5Errors quiet;
  const Hid handle = open_file(file);
  std::vector<std::size_t> shape;
  std::vector<std::size_t> label_shape;
  std::vector<float> values = read_dataset<float>(handle.get(), file, data_name, H5T_NATIVE_FLOAT, shape);
  const auto labels = read_dataset<double>(handle.get(), file, labels_name, H5T_NATIVE_DOUBLE, label_shape);
  const std::string where = "'" + file.string() + "' datasets '" + data_name + "' and '" + labels_name + "'";
  if (label_shape.size() != 1) throw ValidationError(where + ": the labels must be a 1-D array, one per sample");
  return samples_from_array(std::move(shape), std::move(values), labels, where);
}

LabelledSamples load_shd_samples(const std::filesystem::path& file, const ShdBinning& binning) {
  if (binning.steps == 0 || !(binning.duration_s > 0) || binning.channels == 0) {
    throw ValidationError("SHD binning needs steps > 0, duration > 0 and channels > 0");
  }
  const QuietHdf5Errors quiet;
  const Hid handle = open_file(file);
  const auto times = read_rows<double>(handle.get(), file, "/spikes/times", H5T_NATIVE_DOUBLE);
  const auto units = read_rows<std::uint32_t>(handle.get(), file, "/spikes/units", H5T_NATIVE_UINT32);
  std::vector<std::size_t> label_shape;
  const auto labels = read_dataset<double>(handle.get(), file, "/labels", H5T_NATIVE_DOUBLE, label_shape);
  const std::string where = "'" + file.string() + "'";
  if (units.size() != times.size()) {
    throw ValidationError(where + ": /spikes/times has " + std::to_string(times.size()) + " rows but /spikes/units " +
                          std::to_string(units.size()) + "; they must have one row per sample");
  }
  LabelledSamples samples;
  samples.labels = checked_labels(labels, times.size(), where);
  samples.sequence = true;
  samples.sample_shape = {binning.steps, binning.channels};
  const std::size_t sample_size = binning.steps * binning.channels;
  samples.values.assign(times.size() * sample_size, 0.0f);
  const double step_s = binning.duration_s / static_cast<double>(binning.steps);
  for (std::size_t row = 0; row < times.size(); ++row) {
    const std::string sample = where + " sample " + std::to_string(row);
    if (times[row].size() != units[row].size()) {
      throw ValidationError(sample + " has " + std::to_string(times[row].size()) + " spike times but " +
                            std::to_string(units[row].size()) + " units; each spike needs both");
    }
    float* out = samples.values.data() + row * sample_size;
    for (std::size_t k = 0; k < times[row].size(); ++k) {
      const double t = times[row][k];
      if (!std::isfinite(t) || t < 0) {
        throw ValidationError(sample + ": spike " + std::to_string(k) + " has time " + std::to_string(t) +
                              " s; times must be finite and >= 0");
      }
      if (units[row][k] >= binning.channels) {
        throw ValidationError(sample + ": spike " + std::to_string(k) + " is on unit " +
                              std::to_string(units[row][k]) + " but the binning has " +
                              std::to_string(binning.channels) + " channels; raise `channels`");
      }
      const auto step = static_cast<std::size_t>(t / step_s);
      if (t < binning.duration_s && step < binning.steps) out[step * binning.channels + units[row][k]] += 1.0f;
    }
  }
  return samples;
}

}  // namespace reef::io
