// The ASCII header of jAER AEDAT 2.0 and cAER AEDAT 3.1 files: lines starting with '#' (CR LF or LF endings).
// AEDAT 2.0 data begins at the first line that does not start with '#'; AEDAT 3.1 data right after "#!END-HEADER".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "byte_reader.hpp"

namespace reef::io {

struct AedatTextHeader {
  std::vector<std::string> lines;  // without the leading '#' and the line ending
  std::uint64_t data_offset = 0;

  // The text after "<key>:" on the first line that starts with it (leading spaces ignored), trimmed.
  std::optional<std::string> value(std::string_view key) const;
};

// The sensor size of an iniVation chip named in a header ("DVS128", "eu.seebetter.ini.chips.davis.DAVIS240C",
// "DAVIS346", ...), case-insensitively; nullopt for chips reef does not know.
std::optional<std::pair<std::uint16_t, std::uint16_t>> inivation_sensor_size(std::string_view chip);

// Reads the header from the start of the file and leaves the reader at data_offset. Throws FormatError when a line
// runs past 1 MiB, the header past 64 MiB, or (for AEDAT 3.1) the file ends before "#!END-HEADER".
AedatTextHeader read_aedat_text_header(ByteReader& reader, bool ends_with_end_header);

}  // namespace reef::io
