// Fuzz target for the N-MNIST/N-Caltech101 ATIS .bin reader: arbitrary bytes opened as that format (see event_decoder_fuzz.hpp).
#include "event_decoder_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  reef::fuzz::fuzz_event_format(data, size, reef::io::EventFormat::atis_bin, ".bin");
  return 0;
}
