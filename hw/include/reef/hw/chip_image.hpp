// hw::ChipImage: one complete Xylo-family chip configuration in plain C++ — every weight memory and neuron register
// the chip needs, plus where each graph node landed and where the configuration came from. The mapper produces it,
// chip_image_codec.hpp turns it into protobuf bytes and back, the chip simulator and the board model run it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace reef::hw {

struct HiddenNeuronConfig {
  std::uint8_t dash_mem = 0;
  std::uint8_t dash_syn = 0;
  std::uint8_t dash_syn2 = 0;      // 0 when the neuron uses one synapse
  std::int32_t threshold = 0;
  std::int32_t bias = 0;
  std::int32_t alias_target = -1;  // hidden id that receives copies of this neuron's events; −1 = none
  bool operator==(const HiddenNeuronConfig&) const = default;
};

struct OutputNeuronConfig {
  std::uint8_t dash_mem = 0;
  std::uint8_t dash_syn = 0;
  std::int32_t threshold = 0;
  std::int32_t bias = 0;
  bool operator==(const OutputNeuronConfig&) const = default;
};

// Which hardware ids a graph node occupies: hidden ids [first, first + count), output ids, or input channels.
struct NeuronGroup {
  enum class Kind { input, hidden, output };
  std::string node;  // graph node name
  Kind kind = Kind::hidden;
  std::uint32_t first = 0;
  std::uint32_t count = 0;
  bool operator==(const NeuronGroup&) const = default;
};

// Where a configuration came from. Deterministic: no clock time, no host name.
struct Provenance {
  std::string source_model;       // file name (not the full path) of the model that was mapped
  std::string source_hash;        // core::Graph::content_hash() of the float model
  std::string reef_version;       // PROJECT_VERSION of the reef that wrote it
  std::string quantization;       // "global" or "per-channel" (or "pre-quantized" for an already integer model)
  std::uint32_t weight_bits = 0;
  std::uint32_t threshold_bits = 0;
  bool operator==(const Provenance&) const = default;
};

struct ChipImage {
  std::string chip;              // ChipSpec::id
  std::string part;              // ChipSpec::part
  std::uint32_t chip_revision = 0;

  std::size_t n_inputs = 0;
  std::size_t n_hidden = 0;
  std::size_t n_outputs = 0;
  std::size_t synapses = 1;      // synaptic states used per hidden neuron (1 or 2)

  // Dense weight memories, row-major; a zero weight is no synapse.
  std::vector<std::int8_t> weights_in;   // [n_inputs][n_hidden][synapses]
  std::vector<std::int8_t> weights_rec;  // [n_hidden (source)][n_hidden (target)][synapses]
  std::vector<std::int8_t> weights_out;  // [n_hidden (source)][n_outputs]
  std::int32_t weight_shift_in = 0;
  std::int32_t weight_shift_rec = 0;
  std::int32_t weight_shift_out = 0;

  std::vector<HiddenNeuronConfig> hidden;   // n_hidden
  std::vector<OutputNeuronConfig> outputs;  // n_outputs
  bool bias_enable = false;
  bool synapse2_enable = false;
  double dt_s = 0.0;                        // the time step the model was quantized for (real-time mode)

  std::vector<NeuronGroup> groups;          // input, hidden and output nodes in id order
  Provenance provenance;

  std::int8_t weight_in(std::size_t input, std::size_t hidden_id, std::size_t syn) const {
    return weights_in[(input * n_hidden + hidden_id) * synapses + syn];
  }
  std::int8_t weight_rec(std::size_t source, std::size_t target, std::size_t syn) const {
    return weights_rec[(source * n_hidden + target) * synapses + syn];
  }
  std::int8_t weight_out(std::size_t source, std::size_t output) const {
    return weights_out[source * n_outputs + output];
  }

  bool operator==(const ChipImage&) const = default;
};

}  // namespace reef::hw
