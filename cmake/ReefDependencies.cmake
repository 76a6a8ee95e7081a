# Finds every external dependency; a missing one stops configuration naming the Debian package to install
# (scripts/install-deps installs them all).

function(reef_require found package)
  if(NOT ${found})
    message(FATAL_ERROR "reef needs the Debian package '${package}'. Install it with: apt-get install ${package}"
                        " (or run scripts/install-deps, which installs everything reef needs).")
  endif()
endfunction()

find_package(PkgConfig QUIET)
reef_require(PkgConfig_FOUND pkg-config)

find_package(Boost 1.74 QUIET COMPONENTS program_options)
reef_require(Boost_FOUND libboost-program-options-dev)
find_path(REEF_BOOST_GRAPH_INCLUDE boost/graph/adjacency_list.hpp)
reef_require(REEF_BOOST_GRAPH_INCLUDE libboost-graph-dev)

find_package(spdlog QUIET CONFIG)
reef_require(spdlog_FOUND libspdlog-dev)

find_package(yaml-cpp QUIET CONFIG)
reef_require(yaml-cpp_FOUND libyaml-cpp-dev)

find_package(HDF5 QUIET COMPONENTS C)
reef_require(HDF5_FOUND libhdf5-dev)
add_library(reef_hdf5 INTERFACE)
target_include_directories(reef_hdf5 SYSTEM INTERFACE ${HDF5_INCLUDE_DIRS})
target_link_libraries(reef_hdf5 INTERFACE ${HDF5_LIBRARIES})
target_compile_definitions(reef_hdf5 INTERFACE ${HDF5_DEFINITIONS})

find_package(Protobuf QUIET)
reef_require(Protobuf_FOUND libprotobuf-dev)
find_program(REEF_PROTOC protoc)
reef_require(REEF_PROTOC protobuf-compiler)

find_package(FlatBuffers QUIET CONFIG)
reef_require(FlatBuffers_FOUND libflatbuffers-dev)
find_program(REEF_FLATC flatc)
reef_require(REEF_FLATC flatbuffers-compiler)

pkg_check_modules(LZ4 QUIET IMPORTED_TARGET liblz4)
reef_require(LZ4_FOUND liblz4-dev)
pkg_check_modules(ZSTD QUIET IMPORTED_TARGET libzstd)
reef_require(ZSTD_FOUND libzstd-dev)
find_package(ZLIB QUIET)
reef_require(ZLIB_FOUND zlib1g-dev)
pkg_check_modules(PNG QUIET IMPORTED_TARGET libpng)
reef_require(PNG_FOUND libpng-dev)
pkg_check_modules(LIBUSB QUIET IMPORTED_TARGET libusb-1.0)
reef_require(LIBUSB_FOUND libusb-1.0-0-dev)

if(REEF_BUILD_TESTS)
  find_package(doctest QUIET CONFIG)
  reef_require(doctest_FOUND doctest-dev)
  pkg_check_modules(UMOCKDEV QUIET IMPORTED_TARGET umockdev-1.0)
  reef_require(UMOCKDEV_FOUND libumockdev-dev)
  find_program(REEF_UMOCKDEV_WRAPPER umockdev-wrapper)
  reef_require(REEF_UMOCKDEV_WRAPPER umockdev)
endif()
