// Event files: format detection from header bytes, streaming readers (EventSource) and writers (EventSink) for
// AEDAT 2.0/3.1/4.0, Prophesee EVT 2.0/2.1/3.0 and DAT, N-MNIST/N-Caltech101 ATIS .bin, SHD/SSC HDF5, NPY
// structured arrays (x, y, t, p) and CSV. Readers use constant memory whatever the file size and decode the same
// events however the file's bytes are split into reads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reef/core/event_stream.hpp"

namespace reef::io {

enum class EventFormat { aedat2, aedat3, aedat4, evt2, evt21, evt3, prophesee_dat, atis_bin, shd_hdf5, npy, csv };

std::string_view to_string(EventFormat format);                        // "aedat4", "evt3", ...
std::optional<EventFormat> event_format_from_name(std::string_view name);  // inverse of to_string
const std::vector<EventFormat>& all_event_formats();

// The format of `path`, from its first bytes (magic numbers, headers), the extension only breaking ties
// (N-MNIST .bin has no header). Throws FormatError naming what was found when no format matches.
EventFormat detect_event_format(const std::filesystem::path& path);

// How a reader feeds bytes to its decoder: reads of `chunk_bytes`, or, with a non-zero `random_seed`, reads of
// random sizes in [1, chunk_bytes] (tests use this to prove decoding does not depend on the split).
struct ByteChunking {
  std::size_t chunk_bytes = std::size_t{1} << 20;
  std::uint64_t random_seed = 0;
};

// The DVS128 x/y convention of AEDAT 2.0 files: jAER's (as stored) or Tonic's (x and y mirrored to image order).
enum class Dvs128Convention { jaer, tonic };

struct EventReadOptions {
  std::optional<EventFormat> format;  // skip detection
  ByteChunking chunking;
  Dvs128Convention dvs128 = Dvs128Convention::jaer;
  bool strict = false;                // the first violation throws FormatError (exit code 3) instead of being reported
  std::size_t max_reported_violations = 100;  // more are counted in DecodeReport::total_violations
  std::size_t sample = 0;  // SHD/SSC HDF5 files hold one sample (utterance) per row: the row to read
};

std::unique_ptr<core::EventSource> open_event_file(const std::filesystem::path& path,
                                                   const EventReadOptions& options = {});

// Formats reef can write: aedat4, evt3, npy, shd_hdf5, csv. The file appears (atomically) on close().
std::unique_ptr<core::EventSink> create_event_file(const std::filesystem::path& path, EventFormat format,
                                                   const core::StreamInfo& info);
bool can_write(EventFormat format);

}  // namespace reef::io
