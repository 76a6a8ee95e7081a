// HDF5 recordings read back through the HDF5 C API: groups, dataset shapes and values, attributes, and atomic
// replacement when a write fails part-way.
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <hdf5.h>

#include "io/io_test_support.hpp"
#include "io/recording_fixture.hpp"
#include "reef/core/error.hpp"
#include "reef/io/recording_writer.hpp"

namespace {

// An open HDF5 file for reading back what the writer produced.
class H5Reader {
 public:
  explicit H5Reader(const std::filesystem::path& path) : file_(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT)) {
    REQUIRE(file_ >= 0);
  }
  ~H5Reader() { H5Fclose(file_); }
  H5Reader(const H5Reader&) = delete;
  H5Reader& operator=(const H5Reader&) = delete;

  bool has(const std::string& path) const { return H5Lexists(file_, path.c_str(), H5P_DEFAULT) > 0; }

  std::vector<hsize_t> shape(const std::string& dataset) const {
    const hid_t set = H5Dopen2(file_, dataset.c_str(), H5P_DEFAULT);
    REQUIRE(set >= 0);
    const hid_t space = H5Dget_space(set);
    std::vector<hsize_t> dims(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space)));
    H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    H5Sclose(space);
    H5Dclose(set);
    return dims;
  }

  template <typename T>
  std::vector<T> values(const std::string& dataset, hid_t memory_type) const {
    std::size_t count = 1;
    for (const hsize_t dim : shape(dataset)) count *= dim;
    std::vector<T> out(count);
    const hid_t set = H5Dopen2(file_, dataset.c_str(), H5P_DEFAULT);
    if (count > 0) CHECK(H5Dread(set, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) >= 0);
    H5Dclose(set);
    return out;
  }

  // The file type of a dataset: class, size in bytes, signed.
  std::tuple<H5T_class_t, std::size_t, H5T_sign_t> type_of(const std::string& dataset) const {
    const hid_t set = H5Dopen2(file_, dataset.c_str(), H5P_DEFAULT);
    const hid_t type = H5Dget_type(set);
    const auto result = std::make_tuple(H5Tget_class(type), H5Tget_size(type), H5Tget_sign(type));
    H5Tclose(type);
    H5Dclose(set);
    return result;
  }

  std::string attribute(const std::string& object, const std::string& name) const {
    const hid_t attr = H5Aopen_by_name(file_, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
    REQUIRE(attr >= 0);
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, H5T_VARIABLE);
    H5Tset_cset(type, H5T_CSET_UTF8);
    char* text = nullptr;
    CHECK(H5Aread(attr, type, &text) >= 0);
    std::string value = text != nullptr ? text : "";
    H5free_memory(text);
    H5Tclose(type);
    H5Aclose(attr);
    return value;
  }

  int attribute_count(const std::string& object) const {
    H5O_info_t info;
    H5Oget_info_by_name(file_, object.c_str(), &info, H5P_DEFAULT);
    return static_cast<int>(info.num_attrs);
  }

 private:
  hid_t file_;
};

}  // namespace

TEST_CASE("writes_spikes_state_units_and_metadata_to_hdf5") {
  reef::test::ScratchDir scratch;
  const reef::core::Recording recording = reef::test::sample_recording();
  reef::io::write_recording(recording, scratch / "run.h5");
  CHECK(scratch.entries() == std::set<std::string>{"run.h5"});

  const H5Reader file(scratch / "run.h5");
  CHECK(file.attribute_count("/") == 3);
  for (const auto& [key, value] : recording.metadata) CHECK(file.attribute("/", key) == value);

  CHECK(file.shape("/exc/spikes") == std::vector<hsize_t>{3, 2});
  CHECK(file.values<double>("/exc/spikes", H5T_NATIVE_DOUBLE) ==
        std::vector<double>{0.001, 3, 0.0015, 0, 0.25, 3});
  CHECK(file.attribute("/exc/spikes", "columns") == "time_s,neuron_index");
  CHECK(file.attribute("/exc/spikes", "units") == "s,1");

  CHECK(file.shape("/exc/v") == std::vector<hsize_t>{2, 2});
  CHECK(file.values<double>("/exc/v", H5T_NATIVE_DOUBLE) == recording.state[0].values);
  CHECK(file.attribute("/exc/v", "unit") == "mV");
  CHECK(file.values<double>("/exc/v.times", H5T_NATIVE_DOUBLE) == std::vector<double>{0.0, 1e-4});
  CHECK(file.attribute("/exc/v.times", "unit") == "s");
  CHECK(file.values<std::uint32_t>("/exc/v.neurons", H5T_NATIVE_UINT32) == std::vector<std::uint32_t>{0, 3});
  CHECK(file.type_of("/exc/v.neurons") == std::make_tuple(H5T_INTEGER, std::size_t{4}, H5T_SGN_NONE));
  CHECK(file.type_of("/exc/v") == std::make_tuple(H5T_FLOAT, std::size_t{8}, H5T_SGN_ERROR));
}

TEST_CASE("writes_a_population_without_spikes_as_a_zero_row_dataset") {
  reef::test::ScratchDir scratch;
  reef::io::write_recording(reef::test::sample_recording(), scratch / "run.hdf5");
  const H5Reader file(scratch / "run.hdf5");
  CHECK(file.shape("/inh/spikes") == std::vector<hsize_t>{0, 2});
  CHECK(!file.has("/inh/v"));
}

TEST_CASE("a_failure_part_way_through_an_hdf5_write_leaves_no_file") {
  reef::test::ScratchDir scratch;
  reef::core::Recording recording = reef::test::sample_recording();
  recording.state[0].variable = "spikes";  // collides with exc/spikes, after that dataset is written
  try {
    reef::io::write_recording(recording, scratch / "run.h5");
    FAIL("a colliding dataset name was accepted");
  } catch (const reef::Error& error) {
    CHECK(std::string(error.what()).find((scratch / "run.h5").string()) != std::string::npos);
    CHECK(std::string(error.what()).find("'exc/spikes'") != std::string::npos);
  }
  CHECK(scratch.entries().empty());
}

TEST_CASE("keeps_the_existing_hdf5_file_when_a_rewrite_fails") {
  reef::test::ScratchDir scratch;
  reef::io::write_recording(reef::test::sample_recording(), scratch / "run.h5");
  reef::core::Recording broken = reef::test::sample_recording();
  broken.metadata["engine"] = "step";
  broken.state[0].values.pop_back();
  CHECK_THROWS_AS(reef::io::write_recording(broken, scratch / "run.h5"), reef::InternalError);
  CHECK(scratch.entries() == std::set<std::string>{"run.h5"});
  CHECK(H5Reader(scratch / "run.h5").attribute("/", "engine") == "event");
}

TEST_CASE("rejects_population_names_that_cannot_name_a_group") {
  reef::test::ScratchDir scratch;
  for (const std::string name : {"a/b", "", ".", "bad\nname"}) {
    CAPTURE(name);
    reef::core::Recording recording = reef::test::sample_recording();
    recording.spikes[1].population = name;
    CHECK_THROWS_AS(reef::io::write_recording(recording, scratch / "run.h5"), reef::Error);
    CHECK(scratch.entries().empty());
  }
}

TEST_CASE("fails_cleanly_when_the_hdf5_output_folder_does_not_exist") {
  reef::test::ScratchDir scratch;
  const auto target = scratch / "missing" / "run.h5";
  try {
    reef::io::write_recording(reef::test::sample_recording(), target);
    FAIL("no error");
  } catch (const reef::Error& error) {
    CHECK(std::string(error.what()).find(target.string()) != std::string::npos);
  }
  CHECK(scratch.entries().empty());
}
