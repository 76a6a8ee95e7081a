// Fuzz target for reef::io::read_npy: arbitrary bytes as a .npy file. A parsed array must hold exactly one value
// per element of its shape.
#include <cstddef>
#include <cstdint>

#include "parser_contract.hpp"
#include "reef/io/npy.hpp"
#include "scratch_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const reef::fuzz::ScratchFile file(".npy");
  const auto& path = file.write(data, size);
  reef::fuzz::expect_only_reef_errors([&] {
    const reef::io::NpyArray array = reef::io::read_npy(path);
    reef::fuzz::require(array.values.size() == array.element_count(), "one value per element of the shape");
  });
  return 0;
}
