// Small RAII helpers over the HDF5 C API shared by the HDF5 readers and writers (recordings, NIR): an owned
// identifier, a scope that silences HDF5's own error printing, and the most specific reason a call failed.
#pragma once

#include <string>

#include <hdf5.h>

namespace reef::io {

// Owns one HDF5 identifier and closes it with the matching H5?close.
class Hid {
 public:
  using Closer = herr_t (*)(hid_t);
  Hid(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  ~Hid() {
    if (id_ >= 0) closer_(id_);
  }
  Hid(Hid&& other) noexcept : id_(other.id_), closer_(other.closer_) { other.id_ = -1; }
  Hid(const Hid&) = delete;
  Hid& operator=(const Hid&) = delete;
  Hid& operator=(Hid&&) = delete;

  hid_t get() const { return id_; }
  // Closes now and returns the status, for handles whose closing can fail meaningfully (files).
  herr_t close() {
    const herr_t status = closer_(id_);
    id_ = -1;
    return status;
  }

 private:
  hid_t id_;
  Closer closer_;
};

// Silences HDF5's automatic error printing for its lifetime; failures are reported as exceptions instead.
class QuietHdf5Errors {
 public:
  QuietHdf5Errors() {
    H5Eget_auto2(H5E_DEFAULT, &function_, &data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  ~QuietHdf5Errors() { H5Eset_auto2(H5E_DEFAULT, function_, data_); }
  QuietHdf5Errors(const QuietHdf5Errors&) = delete;
  QuietHdf5Errors& operator=(const QuietHdf5Errors&) = delete;

 private:
  H5E_auto2_t function_ = nullptr;
  void* data_ = nullptr;
};

// The deepest entry of HDF5's error stack (the most specific reason a call failed); clears the stack.
std::string hdf5_reason();

}  // namespace reef::io
