// Fuzz target for the AEDAT 4.0, 3.1 and 2.0 readers: arbitrary bytes as an .aedat file, read with the reader its
// magic line names (AEDAT 2.0 otherwise), in read sizes drawn from the input's length. A decoded file must keep
// its promises: every violation lies inside the file and no event has an x or y outside a stated sensor size.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "parser_contract.hpp"
#include "reef/io/event_file.hpp"
#include "scratch_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const reef::fuzz::ScratchFile file(".aedat");
  const auto& path = file.write(data, size);
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  reef::io::EventReadOptions options;
  options.format = bytes.starts_with("#!AER-DAT4") ? reef::io::EventFormat::aedat4
                   : bytes.starts_with("#!AER-DAT3") ? reef::io::EventFormat::aedat3
                                                     : reef::io::EventFormat::aedat2;
  options.chunking = reef::io::ByteChunking{1 + size % 97, size + 1};
  reef::fuzz::expect_only_reef_errors([&] {
    const auto source = reef::io::open_event_file(path, options);
    const auto& info = source->info();
    std::vector<reef::core::Event> events(1 + size % 31);
    while (const std::size_t n = source->read(events)) {
      for (std::size_t i = 0; i < n; ++i) {
        reef::fuzz::require(info.width == 0 || (events[i].x < info.width && events[i].y < info.height),
                            "events lie inside the stated sensor size");
      }
    }
    for (const auto& violation : source->report().violations) {
      reef::fuzz::require(violation.offset <= size, "violations lie inside the file");
    }
  });
  return 0;
}
