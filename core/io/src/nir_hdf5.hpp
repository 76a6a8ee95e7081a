// The HDF5 side of NIR files as a plain tree of groups and datasets: numbers of any numeric dtype become doubles,
// strings (variable or fixed length) become std::string; writing creates the same tree (int64/float64/vlen UTF-8).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace reef::io::nir {

struct Dataset {
  std::vector<std::size_t> dims;     // empty for a scalar
  bool is_string = false;
  bool integer = false;              // numeric with an integer dtype (written as int64)
  std::vector<double> numbers;       // row-major, numeric datasets
  std::vector<std::string> strings;  // row-major, string datasets
  std::uint64_t offset = 0;          // byte offset in the file when known (contiguous data), else 0

  std::size_t count() const { return is_string ? strings.size() : numbers.size(); }
  static Dataset text(std::string value);
  static Dataset integers(std::vector<std::size_t> dims, const std::vector<double>& values);
  static Dataset reals(std::vector<std::size_t> dims, std::vector<double> values);
};

struct Group {
  std::string path;  // "/node/nodes/lif1", for messages
  std::map<std::string, Dataset> datasets;
  std::map<std::string, Group> groups;
};

// The whole file as a tree rooted at "/". Throws FormatError naming the file for anything HDF5 cannot read (not
// HDF5, truncated, unsupported filter or dtype).
Group read_tree(const std::filesystem::path& path);

// True when the file starts with the HDF5 signature and has a /node group.
bool has_nir_layout(const std::filesystem::path& path);

// Creates `file_path` (the caller's temporary) holding `root`; `gzip` deflates numeric arrays of more than one
// element. `display` names the target in errors.
void write_tree(const std::filesystem::path& file_path, const Group& root, bool gzip, const std::string& display);

}  // namespace reef::io::nir
