// Fuzz target for reef::io::parse_network_config: arbitrary text as a YAML network config whose relative file
// references resolve in config_files/ (spikes.csv, thresholds.npy, weights_3x4.npy, as in docs/config.md).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parser_contract.hpp"
#include "reef/io/network_config.hpp"

namespace {

// Longer inputs only slow the fuzzer down; every construct of the format fits in far less.
constexpr std::size_t kMaxInputBytes = 4096;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > kMaxInputBytes) return 0;
  const std::string_view yaml(reinterpret_cast<const char*>(data), size);
  reef::fuzz::expect_only_reef_errors([&] {
    const reef::io::NetworkConfig config = reef::io::parse_network_config(yaml, "fuzz.yaml", REEF_FUZZ_CONFIG_DIR);
    reef::fuzz::require(config.graph.neuron_count() > 0, "at least one neuron (populations may not be empty)");
  });
  return 0;
}
