// The stream directory of an AEDAT 4.0 file: DV's XML "infoNode" in the IOHeader, read (tolerantly: a damaged
// document yields the streams it still describes) and written (one event stream, as DV describes it).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace reef::io {

struct Aedat4StreamInfo {
  std::int32_t id = 0;
  std::string type;         // typeIdentifier: "EVTS", "FRME", "IMUS", "TRIG", ...
  std::string output_name;  // originalOutputName: "events", "frames", ...
  std::string source;       // camera, e.g. "DVXplorer_DXB00010"
  std::int64_t size_x = 0;  // sensor size (EVTS and FRME streams)
  std::int64_t size_y = 0;
};

// The streams declared under .../outInfo/<id>/, in document order.
std::vector<Aedat4StreamInfo> parse_aedat4_info(std::string_view xml);

// The XML DV writes for one LZ4-compressed event stream with id 0.
std::string aedat4_event_stream_xml(std::uint16_t width, std::uint16_t height, std::string_view source);

}  // namespace reef::io
