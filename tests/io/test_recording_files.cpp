// Recording outputs other than HDF5: choosing the format from the path, NPY directories, CSV files, and the
// atomic-replacement guarantees of each.
#include <cstdlib>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "io/io_test_support.hpp"
#include "io/recording_fixture.hpp"
#include "reef/core/error.hpp"
#include "reef/io/npy.hpp"
#include "reef/io/recording_writer.hpp"

namespace {

using reef::io::RecordingFormat;
using reef::io::recording_format_for;
using reef::io::write_recording;
using Shape = std::vector<std::size_t>;

const std::string kSampleCsv =
    "kind,population,neuron,variable,time_s,value\n"
    "spike,exc,3,,0.001,\n"
    "spike,exc,0,,0.0015,\n"
    "spike,exc,3,,0.25,\n"
    "state,exc,0,v,0,-70\n"
    "state,exc,3,v,0,-65\n"
    "state,exc,0,v,0.0001,-69.5\n"
    "state,exc,3,v,0.0001,0.30000000000000004\n";

}  // namespace

TEST_CASE("chooses_the_recording_format_from_the_output_path") {
  reef::test::ScratchDir scratch;
  CHECK(recording_format_for("run.h5") == RecordingFormat::hdf5);
  CHECK(recording_format_for("out/run.HDF5") == RecordingFormat::hdf5);
  CHECK(recording_format_for("run.csv") == RecordingFormat::csv);
  CHECK(recording_format_for("results/") == RecordingFormat::npy_directory);
  CHECK(recording_format_for(scratch.path()) == RecordingFormat::npy_directory);
  for (const char* path : {"run.txt", "run", ""}) {
    CAPTURE(path);
    try {
      recording_format_for(path);
      FAIL("no error");
    } catch (const reef::UsageError& error) {
      const std::string message = error.what();
      CHECK(message.find(std::string("'") + path + "'") != std::string::npos);
      CHECK(message.find(".h5 or .hdf5") != std::string::npos);
      CHECK(message.find(".csv") != std::string::npos);
    }
  }
}

TEST_CASE("writes_one_npy_file_per_population_and_variable_with_json_metadata") {
  reef::test::ScratchDir scratch;
  write_recording(reef::test::sample_recording(), scratch.path().string() + "/run/");
  CHECK(scratch.entries() == std::set<std::string>{"run"});
  const auto dir = scratch / "run";
  std::set<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) files.insert(entry.path().filename());
  CHECK(files == std::set<std::string>{"exc.spikes.npy", "inh.spikes.npy", "exc.v.npy", "exc.v.times.npy",
                                       "exc.v.neurons.npy", "metadata.json", "units.json"});

  const reef::io::NpyArray spikes = reef::io::read_npy(dir / "exc.spikes.npy");
  CHECK(spikes.shape == Shape{3, 2});
  CHECK(spikes.dtype == "<f8");
  CHECK(spikes.values == std::vector<double>{0.001, 3, 0.0015, 0, 0.25, 3});
  CHECK(reef::io::read_npy(dir / "inh.spikes.npy").shape == Shape{0, 2});

  const reef::io::NpyArray v = reef::io::read_npy(dir / "exc.v.npy");
  CHECK(v.shape == Shape{2, 2});
  CHECK(v.values == reef::test::sample_recording().state[0].values);
  CHECK(reef::io::read_npy(dir / "exc.v.times.npy").values == std::vector<double>{0.0, 1e-4});
  const reef::io::NpyArray neurons = reef::io::read_npy(dir / "exc.v.neurons.npy");
  CHECK(neurons.dtype == "<i8");
  CHECK(neurons.values == std::vector<double>{0, 3});

  CHECK(reef::test::read_bytes(dir / "metadata.json") ==
        "{\n  \"engine\": \"event\",\n"
        "  \"note\": \"quote \\\" backslash \\\\ newline\\n tab\\t bell \\u0007 caf\xC3\xA9\",\n"
        "  \"seed\": \"42\"\n}\n");
  CHECK(reef::test::read_bytes(dir / "units.json") == "{\n  \"exc.v\": \"mV\"\n}\n");
}

TEST_CASE("replaces_an_earlier_recording_directory_whole") {
  reef::test::ScratchDir scratch;
  const auto dir = scratch / "run";
  write_recording(reef::test::sample_recording(), dir.string() + "/");
  reef::core::Recording smaller;
  smaller.spikes = {{"out", {0.5}, {1}}};
  write_recording(smaller, dir);  // an existing directory needs no trailing '/'
  std::set<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) files.insert(entry.path().filename());
  CHECK(files == std::set<std::string>{"out.spikes.npy", "metadata.json"});
  CHECK(reef::test::read_bytes(dir / "metadata.json") == "{}\n");
  CHECK(scratch.entries() == std::set<std::string>{"run"});
}

TEST_CASE("refuses_to_replace_a_directory_that_is_not_a_recording") {
  reef::test::ScratchDir scratch;
  reef::test::write_bytes(scratch / "notes.txt", "keep me");
  try {
    write_recording(reef::test::sample_recording(), scratch.path().string() + "/");
    FAIL("a folder holding other files was replaced");
  } catch (const reef::Error& error) {
    CHECK(std::string(error.what()).find("notes.txt") != std::string::npos);
  }
  CHECK(scratch.entries() == std::set<std::string>{"notes.txt"});
  CHECK(reef::test::read_bytes(scratch / "notes.txt") == "keep me");
}

TEST_CASE("a_name_collision_in_an_npy_directory_fails_and_keeps_the_earlier_recording") {
  reef::test::ScratchDir scratch;
  const auto dir = scratch / "run";
  write_recording(reef::test::sample_recording(), dir.string() + "/");
  reef::core::Recording clash = reef::test::sample_recording();
  clash.state[0].variable = "spikes";  // exc.spikes.npy twice
  try {
    write_recording(clash, dir);
    FAIL("two arrays were written to one file");
  } catch (const reef::Error& error) {
    CHECK(std::string(error.what()).find("'exc.spikes.npy'") != std::string::npos);
  }
  CHECK(scratch.entries() == std::set<std::string>{"run"});
  CHECK(reef::io::read_npy(dir / "exc.v.npy").shape == Shape{2, 2});
}

TEST_CASE("writes_csv_rows_for_spikes_and_state_samples") {
  reef::test::ScratchDir scratch;
  write_recording(reef::test::sample_recording(), scratch / "run.csv");
  CHECK(reef::test::read_bytes(scratch / "run.csv") == kSampleCsv);
  CHECK(scratch.entries() == std::set<std::string>{"run.csv"});
}

TEST_CASE("csv_times_and_values_read_back_as_the_same_doubles") {
  reef::test::ScratchDir scratch;
  reef::core::Recording recording;
  const std::vector<double> times = {1.0 / 3.0, 123456.789012345678, 2.5e-10};
  recording.state = {{"p", "v", "", {0}, times, {1.0 / 7.0, -1e-300, 6.02214076e23}}};
  write_recording(recording, scratch / "run.csv");
  const std::string text = reef::test::read_bytes(scratch / "run.csv");
  std::size_t line_start = text.find('\n') + 1;
  for (std::size_t i = 0; i < times.size(); ++i) {
    const std::size_t line_end = text.find('\n', line_start);
    const std::string line = text.substr(line_start, line_end - line_start);
    const std::size_t value_comma = line.rfind(',');
    const std::size_t time_comma = line.rfind(',', value_comma - 1);
    CHECK(std::strtod(line.substr(time_comma + 1, value_comma - time_comma - 1).c_str(), nullptr) == times[i]);
    CHECK(std::strtod(line.substr(value_comma + 1).c_str(), nullptr) == recording.state[0].values[i]);
    line_start = line_end + 1;
  }
}

TEST_CASE("quotes_csv_names_that_hold_commas_or_quotes") {
  reef::test::ScratchDir scratch;
  reef::core::Recording recording;
  recording.spikes = {{"a,\"b\"", {0.5}, {2}}};
  write_recording(recording, scratch / "run.csv");
  CHECK(reef::test::read_bytes(scratch / "run.csv") ==
        "kind,population,neuron,variable,time_s,value\nspike,\"a,\"\"b\"\"\",2,,0.5,\n");
}

TEST_CASE("a_failed_csv_write_leaves_the_existing_file_and_no_temporary") {
  reef::test::ScratchDir scratch;
  write_recording(reef::test::sample_recording(), scratch / "run.csv");
  reef::core::Recording broken = reef::test::sample_recording();
  broken.spikes[0].neurons.pop_back();
  CHECK_THROWS_AS(write_recording(broken, scratch / "run.csv"), reef::InternalError);
  CHECK(scratch.entries() == std::set<std::string>{"run.csv"});
  CHECK(reef::test::read_bytes(scratch / "run.csv") == kSampleCsv);
}

TEST_CASE("fails_cleanly_when_the_output_folder_does_not_exist") {
  reef::test::ScratchDir scratch;
  for (const std::string name : {"missing/run.csv", "missing/run/"}) {
    CAPTURE(name);
    CHECK_THROWS_AS(write_recording(reef::test::sample_recording(), scratch.path() / name), reef::Error);
    CHECK(scratch.entries().empty());
  }
}
