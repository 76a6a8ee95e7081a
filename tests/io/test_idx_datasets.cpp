// Dataset loaders for training: IDX, NPY and HDF5 tensors with labels become samples with one label each; SHD spike
// rows are binned into the counts numpy's spike times give; a folder of event files (one subfolder per class)
// becomes frames of binned events; mismatched counts and bad labels are refused naming the files.
#include <doctest/doctest.h>

#include <hdf5.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "io_test_support.hpp"
#include "reef/core/error.hpp"
#include "reef/io/dataset_files.hpp"
#include "reef/io/event_file.hpp"
#include "reef/io/npy.hpp"

namespace reef::test {
namespace {

std::string idx_bytes(std::initializer_list<std::uint32_t> dims, const std::string& data) {
  std::string bytes{'\0', '\0', '\x08', static_cast<char>(dims.size())};
  for (const std::uint32_t dim : dims) {
    for (int shift = 24; shift >= 0; shift -= 8) bytes += static_cast<char>(dim >> shift);
  }
  return bytes + data;
}

TEST_CASE("datasets: IDX images and labels become samples of the image shape with their labels") {
  ScratchDir dir;
  write_bytes(dir / "images", idx_bytes({3, 2, 2}, std::string{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
  write_bytes(dir / "labels", idx_bytes({3}, std::string{2, 0, 9}));
  const io::LabelledSamples samples = io::load_idx_samples(dir / "images", dir / "labels");
  CHECK(samples.size() == 3);
  CHECK(samples.sample_shape == std::vector<std::size_t>{2, 2});
  CHECK_FALSE(samples.sequence);
  CHECK(samples.labels == std::vector<std::int32_t>{2, 0, 9});
  CHECK(samples.values[4] == 5);
}

TEST_CASE("datasets: a label count that differs from the image count is refused naming both files") {
  ScratchDir dir;
  write_bytes(dir / "images", idx_bytes({3, 2}, std::string(6, '\1')));
  write_bytes(dir / "labels", idx_bytes({2}, std::string{1, 1}));
  CHECK_THROWS_WITH_AS(io::load_idx_samples(dir / "images", dir / "labels"),
                       doctest::Contains("3 samples but 2 labels"), ValidationError);
}

TEST_CASE("datasets: NPY tensors with integer labels load; fractional or negative labels are refused") {
  ScratchDir dir;
  const std::vector<std::size_t> shape{2, 3};
  io::write_npy(dir / "x.npy", shape, std::vector<double>{0.5, 1, 2, 3, 4, 5});
  const std::vector<std::size_t> label_shape{2};
  io::write_npy(dir / "y.npy", label_shape, std::vector<std::int64_t>{1, 0});
  io::write_npy(dir / "bad.npy", label_shape, std::vector<double>{1, 0.5});
  io::write_npy(dir / "negative.npy", label_shape, std::vector<std::int64_t>{1, -1});
  const io::LabelledSamples samples = io::load_npy_samples(dir / "x.npy", dir / "y.npy");
  CHECK(samples.sample_shape == std::vector<std::size_t>{3});
  CHECK(samples.values == std::vector<float>{0.5, 1, 2, 3, 4, 5});
  CHECK(samples.labels == std::vector<std::int32_t>{1, 0});
  CHECK_THROWS_WITH_AS(io::load_npy_samples(dir / "x.npy", dir / "bad.npy"), doctest::Contains("label 1 is 0.5"),
                       ValidationError);
  CHECK_THROWS_AS(io::load_npy_samples(dir / "x.npy", dir / "negative.npy"), ValidationError);
}

TEST_CASE("datasets: two datasets of an HDF5 file load as samples and labels; a missing one is a format error") {
  ScratchDir dir;
  const std::string path = (dir / "set.h5").string();
  {
    const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    const hsize_t dims[3] = {2, 1, 2};
    const hid_t space = H5Screate_simple(3, dims, nullptr);
    const std::vector<std::int16_t> data{1, -2, 3, 4};
    const hid_t set = H5Dcreate2(file, "x", H5T_STD_I16LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(set, H5T_NATIVE_INT16, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data());
    const hsize_t label_dims[1] = {2};
    const hid_t label_space = H5Screate_simple(1, label_dims, nullptr);
    const std::vector<std::uint8_t> labels{4, 1};
    const hid_t label_set = H5Dcreate2(file, "y", H5T_STD_U8LE, label_space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(label_set, H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, labels.data());
    for (const hid_t id : {set, label_set}) H5Dclose(id);
    for (const hid_t id : {space, label_space}) H5Sclose(id);
    H5Fclose(file);
  }
  const io::LabelledSamples samples = io::load_hdf5_samples(dir / "set.h5", "x", "y");
  CHECK(samples.sample_shape == std::vector<std::size_t>{1, 2});
  CHECK(samples.values == std::vector<float>{1, -2, 3, 4});
  CHECK(samples.labels == std::vector<std::int32_t>{4, 1});
  CHECK_THROWS_WITH_AS(io::load_hdf5_samples(dir / "set.h5", "x", "labels"), doctest::Contains("'labels' is missing"),
                       FormatError);
}

TEST_CASE("datasets: SHD rows are binned into the counts numpy's spike times give, with their labels") {
  const std::filesystem::path folder = std::filesystem::path(REEF_TEST_DATA_DIR) / "shd";
  io::ShdBinning binning;
  binning.steps = 14;
  binning.duration_s = 1.4;
  const io::LabelledSamples samples = io::load_shd_samples(folder / "shd_sample.h5", binning);
  CHECK(samples.sequence);
  CHECK(samples.sample_shape == std::vector<std::size_t>{14, 700});
  CHECK(samples.labels == std::vector<std::int32_t>{3, 17, 0});

  // Sample 1's spikes as numpy computed them (t in µs, unit): expected counts per (step, unit).
  std::vector<float> expected(14 * 700, 0.0f);
  std::ifstream csv(folder / "shd_sample_1.csv");
  std::string line;
  std::getline(csv, line);
  int spikes = 0;
  while (std::getline(csv, line)) {
    std::istringstream fields(line);
    std::string t_us;
    std::string unit;
    std::getline(fields, t_us, ',');
    std::getline(fields, unit, ',');
    const auto step = static_cast<std::size_t>(std::stod(t_us) * 1e-6 / 0.1);
    expected[step * 700 + std::stoul(unit)] += 1;
    ++spikes;
  }
  CHECK(spikes == 40);
  const std::vector<float> sample1(samples.values.begin() + 14 * 700, samples.values.begin() + 2 * 14 * 700);
  CHECK(sample1 == expected);
  const std::vector<float> sample2(samples.values.begin() + 2 * 14 * 700, samples.values.end());
  CHECK(sample2 == std::vector<float>(14 * 700, 0.0f));
}

TEST_CASE("datasets: SHD binning with fewer channels than a spike's unit is refused naming the sample") {
  io::ShdBinning binning;
  binning.channels = 10;
  CHECK_THROWS_WITH_AS(
      io::load_shd_samples(std::filesystem::path(REEF_TEST_DATA_DIR) / "shd" / "shd_sample.h5", binning),
      doctest::Contains("sample 0"), ValidationError);
}

void write_events(const std::filesystem::path& path, std::uint16_t width, std::uint16_t height,
                  const std::vector<core::Event>& events) {
  core::StreamInfo info;
  info.width = width;
  info.height = height;
  auto sink = io::create_event_file(path, io::EventFormat::aedat4, info);
  sink->write(events);
  sink->close();
}

core::Event at_us(std::int64_t us, std::uint16_t x, std::uint16_t y, std::uint8_t p) {
  return {core::Time::from_ns(us * 1000), x, y, p};
}

TEST_CASE("datasets: a folder of class folders of event files becomes binned frames labelled by folder") {
  ScratchDir dir;
  std::filesystem::create_directories(dir / "set" / "cat");
  std::filesystem::create_directories(dir / "set" / "dog");
  // 3x2 sensor, bins of 1 ms from the first event (rounded down to a whole bin), 2 steps.
  write_events(dir / "set" / "cat" / "a.aedat4", 3, 2,
               {at_us(1500, 0, 0, 1), at_us(1700, 0, 0, 1), at_us(2100, 2, 1, 0), at_us(9000, 1, 1, 1)});
  write_events(dir / "set" / "dog" / "b.aedat4", 3, 2, {at_us(0, 1, 0, 0)});
  io::EventBinning binning;
  binning.steps = 2;
  binning.bin_width = core::Time::from_ns(1'000'000);
  const io::LabelledSamples samples = io::load_event_samples(dir / "set", binning);
  CHECK(samples.sequence);
  CHECK(samples.sample_shape == std::vector<std::size_t>{2, 2, 2, 3});
  CHECK(samples.labels == std::vector<std::int32_t>{0, 1});
  CHECK(samples.class_names == std::vector<std::string>{"cat", "dog"});
  std::vector<float> cat(24, 0.0f);
  cat[0 * 12 + 1 * 6 + 0 * 3 + 0] = 2;  // step 0, ON, (0, 0)
  cat[1 * 12 + 0 * 6 + 1 * 3 + 2] = 1;  // step 1, OFF, (2, 1); the event at 9 ms is after the window
  CHECK(std::vector<float>(samples.values.begin(), samples.values.begin() + 24) == cat);
  std::vector<float> dog(24, 0.0f);
  dog[1] = 1;
  CHECK(std::vector<float>(samples.values.begin() + 24, samples.values.end()) == dog);

  binning.merge_polarities = true;
  CHECK(io::load_event_samples(dir / "set", binning).sample_shape == std::vector<std::size_t>{2, 2, 3});
}

TEST_CASE("datasets: event files from different sensor sizes, or a folder without classes, are refused") {
  ScratchDir dir;
  std::filesystem::create_directories(dir / "set" / "a");
  std::filesystem::create_directories(dir / "set" / "b");
  write_events(dir / "set" / "a" / "1.aedat4", 3, 2, {at_us(0, 0, 0, 1)});
  write_events(dir / "set" / "b" / "2.aedat4", 4, 2, {at_us(0, 0, 0, 1)});
  CHECK_THROWS_WITH_AS(io::load_event_samples(dir / "set", {}), doctest::Contains("same sensor size"),
                       ValidationError);
  CHECK_THROWS_WITH_AS(io::load_event_samples(dir / "set" / "a", {}), doctest::Contains("no subfolders"),
                       ValidationError);
}

}  // namespace
}  // namespace reef::test
