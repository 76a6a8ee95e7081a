// Fuzz target for reef::io::read_spike_file: inputs starting with the NPY magic are read as spikes.npy, all
// others as spikes.csv. A parsed file gives one sorted train per channel with times >= 0.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parser_contract.hpp"
#include "reef/io/spike_file.hpp"
#include "scratch_file.hpp"

namespace {

constexpr std::size_t kChannels = 8;
constexpr std::string_view kNpyMagic{"\x93NUMPY", 6};

bool looks_like_npy(const std::uint8_t* data, std::size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size).starts_with(kNpyMagic);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const reef::fuzz::ScratchFile csv(".csv");
  static const reef::fuzz::ScratchFile npy(".npy");
  const auto& path = (looks_like_npy(data, size) ? npy : csv).write(data, size);
  reef::fuzz::expect_only_reef_errors([&] {
    const auto trains = reef::io::read_spike_file(path, kChannels);
    reef::fuzz::require(trains.size() == kChannels, "one train per channel");
    for (const auto& train : trains) {
      reef::fuzz::require(std::is_sorted(train.begin(), train.end()), "sorted spike times");
      reef::fuzz::require(train.empty() || train.front().ns() >= 0, "spike times >= 0");
    }
  });
  return 0;
}
