// Reads any HDF5 file into the nir::Group tree and writes such a tree back (see nir_hdf5.hpp). Every HDF5 call is
// checked; failures name the file, the object path and HDF5's reason.
#include "nir_hdf5.hpp"

#include <cstring>
#include <fstream>

#include "hdf5_handle.hpp"
#include "reef/core/error.hpp"

namespace reef::io::nir {

Dataset Dataset::text(std::string value) {
  Dataset d;
  d.is_string = true;
  d.strings = {std::move(value)};
  return d;
}

Dataset Dataset::integers(std::vector<std::size_t> dims, const std::vector<double>& values) {
  Dataset d;
  d.dims = std::move(dims);
  d.integer = true;
  d.numbers = values;
  return d;
}

Dataset Dataset::reals(std::vector<std::size_t> dims, std::vector<double> values) {
  Dataset d;
  d.dims = std::move(dims);
  d.numbers = std::move(values);
  return d;
}

namespace {

class TreeReader {
 public:
  explicit TreeReader(std::string file) : file_(std::move(file)) {}

  Group read_group(hid_t group, const std::string& path) {
    Group result;
    result.path = path;
    std::vector<std::string> names;
    hsize_t index = 0;
    const herr_t status = H5Literate(
        group, H5_INDEX_NAME, H5_ITER_INC, &index,
        [](hid_t, const char* name, const H5L_info_t*, void* out) -> herr_t {
          static_cast<std::vector<std::string>*>(out)->emplace_back(name);
          return 0;
        },
        &names);
    check(status, path, "list the members");
    for (const std::string& name : names) {
      const std::string child = (path == "/" ? "" : path) + "/" + name;
      H5O_info_t info;
      check(H5Oget_info_by_name(group, name.c_str(), &info, H5P_DEFAULT), child, "inspect");
      if (info.type == H5O_TYPE_GROUP) {
        const Hid sub(check(H5Gopen2(group, name.c_str(), H5P_DEFAULT), child, "open the group"), H5Gclose);
        result.groups.emplace(name, read_group(sub.get(), child));
      } else if (info.type == H5O_TYPE_DATASET) {
        const Hid set(check(H5Dopen2(group, name.c_str(), H5P_DEFAULT), child, "open the dataset"), H5Dclose);
        result.datasets.emplace(name, read_dataset(set.get(), child));
      }
    }
    return result;
  }

 private:
  [[noreturn]] void fail(const std::string& path, const std::string& what, std::uint64_t offset = 0) const {
    throw FormatError(file_, offset, "'" + path + "': " + what);
  }

  hid_t check(hid_t id, const std::string& path, const std::string& action) const {
    if (id < 0) fail(path, "cannot " + action + ": " + hdf5_reason());
    return id;
  }

  Dataset read_dataset(hid_t set, const std::string& path) const {
    Dataset d;
    const haddr_t address = H5Dget_offset(set);
    if (address != HADDR_UNDEF) d.offset = address;
    const Hid space(check(H5Dget_space(set), path, "read the dataspace"), H5Sclose);
    const int rank = H5Sget_simple_extent_ndims(space.get());
    if (rank < 0) fail(path, "unsupported dataspace", d.offset);
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    if (rank > 0) H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
    std::size_t count = H5Sget_simple_extent_type(space.get()) == H5S_NULL ? 0 : 1;
    for (hsize_t n : dims) {
      d.dims.push_back(static_cast<std::size_t>(n));
      count *= static_cast<std::size_t>(n);
    }
    const Hid type(check(H5Dget_type(set), path, "read the dtype"), H5Tclose);
    const H5T_class_t kind = H5Tget_class(type.get());
    if (kind == H5T_STRING) {
      d.is_string = true;
      d.strings = read_strings(set, type.get(), count, path, d.offset);
    } else if (kind == H5T_INTEGER || kind == H5T_FLOAT) {
      d.integer = kind == H5T_INTEGER;
      d.numbers.resize(count);
      if (count > 0)
        check(H5Dread(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, d.numbers.data()), path,
              "read the values (is the file truncated, or compressed with a filter this HDF5 lacks?)");
    } else if (count > 0) {
      fail(path, "holds neither numbers nor strings; NIR datasets are numeric arrays or UTF-8 strings", d.offset);
    }
    return d;
  }

  std::vector<std::string> read_strings(hid_t set, hid_t type, std::size_t count, const std::string& path,
                                        std::uint64_t offset) const {
    std::vector<std::string> out;
    if (count == 0) return out;
    const Hid memory(check(H5Tcopy(H5T_C_S1), path, "read strings"), H5Tclose);
    if (H5Tis_variable_str(type) > 0) {
      check(H5Tset_size(memory.get(), H5T_VARIABLE), path, "read strings");
      check(H5Tset_cset(memory.get(), H5Tget_cset(type)), path, "read strings");
      std::vector<char*> pointers(count, nullptr);
      check(H5Dread(set, memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), path, "read the strings");
      for (char* p : pointers) out.emplace_back(p == nullptr ? "" : p);
      const Hid space(check(H5Dget_space(set), path, "read strings"), H5Sclose);
      H5Dvlen_reclaim(memory.get(), space.get(), H5P_DEFAULT, pointers.data());
      return out;
    }
    const std::size_t width = H5Tget_size(type);
    if (width == 0) fail(path, "a fixed-length string type of width 0", offset);
    check(H5Tset_size(memory.get(), width), path, "read strings");
    std::vector<char> buffer(width * count);
    check(H5Dread(set, memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()), path, "read the strings");
    for (std::size_t i = 0; i < count; ++i) {
      const char* start = buffer.data() + i * width;
      out.emplace_back(start, strnlen(start, width));
    }
    return out;
  }

  std::string file_;
};

class TreeWriter {
 public:
  TreeWriter(std::string display, bool gzip) : display_(std::move(display)), gzip_(gzip) {}

  void write_group(hid_t group, const Group& tree) const {
    for (const auto& [name, dataset] : tree.datasets) write_dataset(group, tree.path, name, dataset);
    for (const auto& [name, child] : tree.groups) {
      const Hid sub(check(H5Gcreate2(group, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), child.path,
                          "create the group"),
                    H5Gclose);
      write_group(sub.get(), child);
    }
  }

  hid_t check(hid_t id, const std::string& path, const std::string& action) const {
    if (id < 0) throw Error("cannot write NIR file '" + display_ + "': '" + path + "': cannot " + action + ": " +
                            hdf5_reason());
    return id;
  }

 private:
  void write_dataset(hid_t group, const std::string& parent, const std::string& name, const Dataset& d) const {
    const std::string path = (parent == "/" ? "" : parent) + "/" + name;
    std::vector<hsize_t> dims(d.dims.begin(), d.dims.end());
    const Hid space(check(d.dims.empty() ? H5Screate(H5S_SCALAR)
                                         : H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                          path, "create the dataspace"),
                    H5Sclose);
    const Hid properties(check(H5Pcreate(H5P_DATASET_CREATE), path, "create properties"), H5Pclose);
    if (gzip_ && !d.is_string && !d.dims.empty() && d.count() > 1) {
      check(H5Pset_chunk(properties.get(), static_cast<int>(dims.size()), dims.data()), path, "set chunking");
      check(H5Pset_deflate(properties.get(), 4), path, "enable gzip");
    }
    if (d.is_string) {
      const Hid type(check(H5Tcopy(H5T_C_S1), path, "create the string type"), H5Tclose);
      check(H5Tset_size(type.get(), H5T_VARIABLE), path, "create the string type");
      check(H5Tset_cset(type.get(), H5T_CSET_UTF8), path, "create the string type");
      const Hid set(check(H5Dcreate2(group, name.c_str(), type.get(), space.get(), H5P_DEFAULT, properties.get(),
                                     H5P_DEFAULT),
                          path, "create the dataset"),
                    H5Dclose);
      std::vector<const char*> pointers;
      for (const std::string& s : d.strings) pointers.push_back(s.c_str());
      if (!pointers.empty())
        check(H5Dwrite(set.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), path, "write");
      return;
    }
    const hid_t file_type = d.integer ? H5T_STD_I64LE : H5T_IEEE_F64LE;
    const Hid set(check(H5Dcreate2(group, name.c_str(), file_type, space.get(), H5P_DEFAULT, properties.get(),
                                   H5P_DEFAULT),
                        path, "create the dataset"),
                  H5Dclose);
    if (d.integer) {
      std::vector<std::int64_t> values(d.numbers.begin(), d.numbers.end());
      if (!values.empty())
        check(H5Dwrite(set.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), path, "write");
    } else if (!d.numbers.empty()) {
      check(H5Dwrite(set.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, d.numbers.data()), path, "write");
    }
  }

  std::string display_;
  bool gzip_;
};

}  // namespace

Group read_tree(const std::filesystem::path& path) {
  const QuietHdf5Errors quiet;
  const std::string file = path.string();
  if (!std::filesystem::is_regular_file(path)) throw Error("cannot read NIR file '" + file + "': no such file");
  if (H5Fis_hdf5(path.c_str()) <= 0)
    throw FormatError(file, 0, "not an HDF5 file (a NIR model is HDF5; the first bytes lack the \\x89HDF signature)");
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) throw FormatError(file, 0, "cannot open as HDF5: " + hdf5_reason());
  const Hid handle(id, H5Fclose);
  return TreeReader(file).read_group(handle.get(), "/");
}

bool has_nir_layout(const std::filesystem::path& path) {
  char signature[8] = {};
  std::ifstream in(path, std::ios::binary);
  if (!in.read(signature, sizeof signature) || std::memcmp(signature, "\x89HDF\r\n\x1a\n", 8) != 0) return false;
  const QuietHdf5Errors quiet;
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) return false;
  const Hid handle(id, H5Fclose);
  H5O_info_t info;
  return H5Lexists(handle.get(), "node", H5P_DEFAULT) > 0 &&
         H5Oget_info_by_name(handle.get(), "node", &info, H5P_DEFAULT) >= 0 && info.type == H5O_TYPE_GROUP;
}

void write_tree(const std::filesystem::path& file_path, const Group& root, bool gzip, const std::string& display) {
  const QuietHdf5Errors quiet;
  const TreeWriter writer(display, gzip);
  Hid file(writer.check(H5Fcreate(file_path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), "/",
                        "create the file"),
           H5Fclose);
  writer.write_group(file.get(), root);
  writer.check(file.close(), "/", "close the file");
}

}  // namespace reef::io::nir
