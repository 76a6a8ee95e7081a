// The ASCII header of Prophesee files (EVT 2.0/2.1/3.0 .raw and DAT): lines "% key value" up to "% end" or the
// first line that does not start with "% ". Gives the fields, the encoding they name, and the sensor geometry.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "byte_reader.hpp"
#include "reef/core/event_stream.hpp"
#include "reef/io/event_file.hpp"

namespace reef::io {

struct PropheseeHeader {
  std::vector<std::pair<std::string, std::string>> fields;  // in file order; keys as written
  std::uint64_t data_offset = 0;                            // first byte after the header

  // The value of the first field named `key` (compared case-insensitively).
  std::optional<std::string> field(std::string_view key) const;
  // The encoding named by "% format EVT3;..." or "% evt 3.0": evt2, evt21 or evt3; nullopt for none.
  std::optional<EventFormat> encoding() const;
  // EVT 2.1 word halves: true for "endianness=little" (whole 64-bit word little-endian, GenX320), false for
  // "legacy" (upper 32-bit half first), which is also the default when the header does not say.
  bool evt21_little_endian() const;
  // Fills width/height (format, geometry, Width/Height fields, else known system IDs) and properties (every
  // field, plus "camera", "serial" and "date" when the header names them). Warns through `warnings` when the
  // sensor size had to be inferred or is unknown.
  void describe(core::StreamInfo& info, std::vector<std::string>& warnings) const;
};

// Parses the header from the reader's current position and leaves the reader at data_offset. Also used on the
// first bytes of a file during format detection. Throws FormatError when a header line runs past 64 KiB.
PropheseeHeader read_prophesee_header(ByteReader& reader);

}  // namespace reef::io
