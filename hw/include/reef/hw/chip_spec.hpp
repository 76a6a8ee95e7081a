// hw::ChipSpec: the resources and bit widths of one Xylo-family chip, loaded from configs/chips/*.yaml (compiled
// into reef, so `--chip xylo-audio2` works anywhere) or from any spec file given by path. Every limit the quantizer,
// the mapper and the chip simulator enforce comes from here; none is hard-coded elsewhere.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace reef::hw {

// An inclusive integer range of a register field, e.g. a 4-bit dash 0..15 or an 8-bit signed weight −128..127.
struct IntRange {
  std::int64_t min = 0;
  std::int64_t max = 0;
  bool contains(std::int64_t value) const { return value >= min && value <= max; }
  bool operator==(const IntRange&) const = default;
};

// One on-chip memory of the configuration (word addresses), as in the chip's memory map.
struct MemoryRegion {
  std::string name;     // e.g. "IWTRAM"
  std::uint32_t base = 0;
  std::uint32_t words = 0;
  std::string content;  // one line: what the words hold
  bool operator==(const MemoryRegion&) const = default;
};

struct ChipSpec {
  std::string id;                    // "xylo-audio2": what `--chip` and chip.pb name
  std::string name;                  // "Xylo Audio 2"
  std::string part;                  // "SYNS61201"
  std::uint32_t revision = 0;        // chip revision a configuration targets
  std::vector<std::string> aliases;  // other accepted names: "syns61201", "vA2", ...

  // Neuron resources.
  std::uint32_t max_inputs = 0;               // SNN input channels
  std::uint32_t max_hidden = 0;               // hidden neurons
  std::uint32_t max_outputs = 0;              // output (readout) neurons
  std::uint32_t synapses_per_hidden = 0;      // synaptic states per hidden neuron (2, or 1 on Xylo IMU)
  std::uint32_t input_expansion_neurons = 0;  // hidden neurons reachable from inputs; 0 = all hidden
  std::uint32_t output_expansion_neurons = 0; // hidden neurons that may drive outputs (the last ids); 0 = all
  std::uint32_t max_fan_out = 0;              // recurrent targets per hidden neuron
  std::uint32_t max_fan_in = 0;               // recurrent sources per hidden neuron and synapse; 0 = no own limit
  std::uint32_t recurrent_memory_entries = 0; // sparse recurrent (target, weights) entries over all neurons
  std::uint32_t max_alias_targets = 1;        // alias targets per hidden neuron
  bool has_bias = false;                      // neurons have a bias register
  bool writes_synapse2 = true;                // the configuration carries synapse-2 weights and dashes

  // Per-step event caps.
  std::uint32_t max_input_events_per_step = 15;   // per input channel; more are clipped
  std::uint32_t max_hidden_spikes_per_step = 31;  // per hidden neuron (including alias copies)
  std::uint32_t max_output_spikes_per_step = 1;   // per output neuron

  // Bit widths as ranges.
  IntRange weight;        // 8-bit signed
  IntRange threshold;     // 16-bit signed
  IntRange state;         // isyn and vmem, saturating
  IntRange bias;          // 8-bit signed
  IntRange dash;          // bitshift decay, 4 bits
  IntRange weight_shift;  // left shift of weights before accumulation

  std::vector<MemoryRegion> memory;  // memory layout (may be empty when the reference gives none)

  bool operator==(const ChipSpec&) const = default;
};

// Parses a spec file; throws ConfigError with file:line:column and the expected form for every bad or missing key.
ChipSpec load_chip_spec(const std::filesystem::path& path);
// Parses spec text (`origin` names it in errors).
ChipSpec parse_chip_spec(std::string_view yaml_text, const std::string& origin);
// The built-in chips (configs/chips/*.yaml at build time), ordered by id.
const std::vector<ChipSpec>& builtin_chips();
// `name` is a built-in id or alias (case-insensitive) or a path to a spec file. Throws UsageError listing the
// built-in ids when it is neither.
ChipSpec find_chip(std::string_view name);

}  // namespace reef::hw
