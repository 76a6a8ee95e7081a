// Fuzz target for the Prophesee EVT 2.1 .raw reader: arbitrary bytes opened as that format (see event_decoder_fuzz.hpp).
#include "event_decoder_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  reef::fuzz::fuzz_event_format(data, size, reef::io::EventFormat::evt21, ".raw");
  return 0;
}
