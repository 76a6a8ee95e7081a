// One reader factory (and, for writable formats, one writer factory) per event-file format; event_file.cpp's table
// maps each EventFormat to them. Each factory lives in the source file of its format.
#pragma once

#include <filesystem>
#include <memory>

#include "reef/core/event_stream.hpp"
#include "reef/io/event_file.hpp"

namespace reef::io {

// ---- Prophesee and ATIS (prophesee_raw.cpp, prophesee_dat.cpp, atis_bin.cpp, evt3_writer.cpp)
std::unique_ptr<core::EventSource> open_evt2_file(const std::filesystem::path& path, const EventReadOptions& options);
std::unique_ptr<core::EventSource> open_evt21_file(const std::filesystem::path& path, const EventReadOptions& options);
std::unique_ptr<core::EventSource> open_evt3_file(const std::filesystem::path& path, const EventReadOptions& options);
std::unique_ptr<core::EventSource> open_prophesee_dat_file(const std::filesystem::path& path,
                                                           const EventReadOptions& options);
std::unique_ptr<core::EventSource> open_atis_bin_file(const std::filesystem::path& path,
                                                      const EventReadOptions& options);
// The header field in which reef's EVT 3.0 writer stores the whole multiple of 2^24 us that it subtracted from the
// times (EVT 3.0 words carry 24 bits), so that absolute times such as AEDAT 4's epoch microseconds round-trip.
inline constexpr const char* kEvt3TimeOffsetField = "reef_time_offset_us";
std::unique_ptr<core::EventSink> create_evt3_file(const std::filesystem::path& path, const core::StreamInfo& info);

// ---- AEDAT 2.0/3.1/4.0, SHD HDF5, NPY, CSV
// (aedat2_reader.cpp, aedat3_reader.cpp, aedat4_reader.cpp, aedat4_writer.cpp, event_npy_reader.cpp,
// event_npy_writer.cpp, event_csv.cpp, shd_hdf5.cpp)
std::unique_ptr<core::EventSource> open_aedat2_file(const std::filesystem::path& path, const EventReadOptions& options);
std::unique_ptr<core::EventSource> open_aedat3_file(const std::filesystem::path& path, const EventReadOptions& options);
std::unique_ptr<core::EventSource> open_aedat4_file(const std::filesystem::path& path, const EventReadOptions& options);
std::unique_ptr<core::EventSink> create_aedat4_file(const std::filesystem::path& path, const core::StreamInfo& info);
std::unique_ptr<core::EventSource> open_npy_events_file(const std::filesystem::path& path,
                                                        const EventReadOptions& options);
std::unique_ptr<core::EventSink> create_npy_events_file(const std::filesystem::path& path,
                                                        const core::StreamInfo& info);
std::unique_ptr<core::EventSource> open_csv_events_file(const std::filesystem::path& path,
                                                        const EventReadOptions& options);
std::unique_ptr<core::EventSink> create_csv_events_file(const std::filesystem::path& path,
                                                        const core::StreamInfo& info);
std::unique_ptr<core::EventSource> open_shd_file(const std::filesystem::path& path, const EventReadOptions& options);
std::unique_ptr<core::EventSink> create_shd_file(const std::filesystem::path& path, const core::StreamInfo& info);

}  // namespace reef::io
