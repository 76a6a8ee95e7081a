// The CLI on every bad config in tests/data/bad_configs: `reef sim <file>` exits with 3 (invalid input) and prints
// one error line naming <file>:<line>: as given by the file's "# line:" header.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tools/run_reef.hpp"

namespace {

std::vector<std::filesystem::path> bad_config_files() {
  std::vector<std::filesystem::path> out;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::path(REEF_TEST_DATA_DIR) / "bad_configs"))
    if (entry.path().extension() == ".yaml") out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

int expected_line(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("# line: ", 0) == 0) return std::stoi(line.substr(8));
  return 0;
}

}  // namespace

TEST_CASE("sim_rejects_each_bad_config_with_exit_code_3_naming_file_and_line") {
  const auto files = bad_config_files();
  CHECK(files.size() >= 18);
  for (const auto& file : files) {
    CAPTURE(file);
    const ReefRun run = run_reef({"sim", file.string(), "--duration", "1ms"});
    CHECK(run.exit_code == 3);
    const std::string location = file.string() + ":" + std::to_string(expected_line(file)) + ":";
    CHECK_MESSAGE(run.err.find(location) != std::string::npos, "stderr: " << run.err);
    CHECK(run.err.rfind("reef: error: ", 0) == 0);
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
  }
}
