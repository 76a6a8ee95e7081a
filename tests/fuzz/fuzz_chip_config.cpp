// Fuzz target for reef::hw::decode_chip_image: arbitrary bytes as a chip.pb. A decoded configuration must encode
// back to bytes that decode to the same configuration (what `reef map` writes, `reef chipsim` reads).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parser_contract.hpp"
#include "reef/hw/chip_image_codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  reef::fuzz::expect_only_reef_errors([&] {
    const reef::hw::ChipImage image = reef::hw::decode_chip_image(bytes, "fuzz input");
    const reef::hw::ChipImage again = reef::hw::decode_chip_image(reef::hw::encode_chip_image(image), "re-encoded");
    reef::fuzz::require(again == image, "a decoded configuration survives encoding unchanged");
  });
  return 0;
}
