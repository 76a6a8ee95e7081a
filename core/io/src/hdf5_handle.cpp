// The HDF5 error-stack reader declared in hdf5_handle.hpp.
#include "hdf5_handle.hpp"

namespace reef::io {

std::string hdf5_reason() {
  std::string reason;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD,
           [](unsigned, const H5E_error2_t* error, void* out) -> herr_t {
             char minor[128] = "";
             H5Eget_msg(error->min_num, nullptr, minor, sizeof minor);
             *static_cast<std::string*>(out) = std::string(error->desc) + " (" + minor + ")";
             return 0;
           },
           &reason);
  H5Eclear2(H5E_DEFAULT);
  return reason.empty() ? "unknown HDF5 error" : reason;
}

}  // namespace reef::io
