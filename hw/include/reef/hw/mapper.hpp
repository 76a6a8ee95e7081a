// hw::Mapper: a quantized model (hw::quantize's graph, or any graph whose parameters are already chip integers) →
// a ChipImage: hardware neuron ids, input channels, synapse slots, sparse recurrent memory, aliases. Every design-rule
// violation is a MappingError naming the rule, the node, what it needs and what the chip offers.
#pragma once
#include <cstddef>
#include <string>
#include "reef/core/graph.hpp"
#include "reef/hw/chip_image.hpp"
#include "reef/hw/chip_spec.hpp"

namespace reef::hw {

struct MapOptions {
  double dt_s = 0.0;           // time step the model was quantized for (dashes are recovered from the taus with it)
  Provenance provenance;       // copied into the image (the mapper fills weight/threshold bits from the chip)
};

// Ids: hidden layers get consecutive hidden ids in ChipTopology order (on chips with input/output expansion
// neurons the layer fed by the inputs comes first and the layer driving the readout last); the readout gets output
// ids 0..; inputs get channels 0.. in the Input node's order.
ChipImage map_to_chip(const core::Graph& quantized, const ChipSpec& chip, const MapOptions& options);

// An image for `chip` with the given sizes: every weight 0, default registers, no groups or provenance. The mapper
// fills one; tests and benchmarks build images by hand from it.
ChipImage empty_chip_image(const ChipSpec& chip, std::size_t inputs, std::size_t hidden, std::size_t outputs,
                           std::size_t synapses);

// Checks an image against a chip (sizes, every register range, fan-out, memory, aliases); throws MappingError for
// the first violation. The codec calls it on every decoded image, the simulator and the board on every image.
void validate_image(const ChipImage& image, const ChipSpec& chip);

}  // namespace reef::hw
