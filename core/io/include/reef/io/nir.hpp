// NIR (Neuromorphic Intermediate Representation, HDF5) models: reading into core::Graph with what the file did and
// did not say, unambiguous repairs of known broken exports, the dynamics-convention guess (docs/nir.md), writing, and
// the conversion of YAML networks (populations and projections) into NIR's vocabulary and back.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "reef/core/graph.hpp"
#include "reef/core/neuron.hpp"

namespace reef::io {

struct NirReadOptions {
  // Apply unambiguous fixes to known broken exports (see docs/nir.md) and record each in NirModel::repairs.
  bool repair = false;
  // What an IF/LIF/CubaLIF without `v_reset` means: to_value with v_reset = 0 (today's nir.read) or subtract
  // (NIR <= 1.0.5, Sinabs, Rockpool).
  core::ResetMode reset_when_absent = core::ResetMode::to_value;
};

// What one graph node's NIR group said; one per core::Graph node, same order.
struct NirNodeInfo {
  std::string name;                   // the flattened graph name ("<subgraph>.<child>" for nested graphs)
  std::string type;                   // the NIR type string: "CubaLIF", "Linear", "Conv2d", ...
  bool v_reset_present = false;       // IF/LIF/CubaLIF: the file stated v_reset
  bool w_in_present = false;          // CubaLIF/CubaLI: the file stated w_in
  std::vector<std::string> warnings;  // things worth knowing that are not errors
};

// Graph-level metadata of the root NIRGraph (written by reef, absent from every known third-party file).
struct NirMetadata {
  std::optional<double> dt_s;
  std::optional<std::string> reset;    // "zero", "subtract" or "v_reset"
  std::optional<std::string> profile;  // "snntorch", "norse", ...
  std::optional<std::string> quantized_for;  // chip id of a model written by `reef quantize` ("xylo-audio2")
  std::optional<std::string> quant_mode;     // its quantization: "global" or "per-channel"
};

struct NirModel {
  core::Graph graph;
  std::string version;                // the root `version` string; empty when the file has none (NIR v0.0.6)
  std::vector<NirNodeInfo> nodes;     // parallel to graph.nodes()
  std::vector<std::string> repairs;   // one line per repair applied (only with NirReadOptions::repair)
  NirMetadata metadata;
};

// Reads `path`. Throws FormatError for unreadable HDF5 or a malformed group, ValidationError naming the file and the
// node for an inconsistent model (with the suggested fix, or "--repair" when a repair exists).
NirModel read_nir(const std::filesystem::path& path, const NirReadOptions& options = {});

// True when `path` starts with the HDF5 signature and has a /node group (cheap; never throws for unreadable files).
bool is_nir_file(const std::filesystem::path& path);

// The exporter convention guessed from the neurons' r, tau and w_in (nir.md §5.7).
struct NirConvention {
  std::string profile;        // "snntorch", "rockpool", "norse", "sinabs", or "unknown"
  std::optional<double> dt_s; // recovered time step (sinabs: 1, in steps); empty when the file cannot say
  double confidence = 0.0;    // 0..1: 1 when every neuron agrees exactly, lower for partial or weak evidence
  std::string reason;         // one line, e.g. "r = tau/dt with dt = 1e-4 s for all 45 neurons of 2 nodes"
};
NirConvention guess_nir_convention(const NirModel& model);

struct NirWriteOptions {
  bool gzip = true;                    // deflate-compress array datasets
  std::string version = "1.0.7";       // the root `version` string
  NirMetadata metadata;                // written to the root graph's metadata group when set
};

// Writes a graph made of NIR's vocabulary (Input/Output, layers, neurons without refractory period, bias or extra
// synapses, Connections) atomically. Throws ValidationError naming the node NIR cannot express.
void write_nir(const std::filesystem::path& path, const core::Graph& graph, const NirWriteOptions& options = {});

// A conversion result: what was produced plus one line per thing the target format cannot carry (dropped data).
struct NirConversion {
  core::Graph graph;
  std::vector<std::string> notes;
};

// YAML network -> NIR vocabulary (dynamics convention: docs/nir.md "Conversion"). Populations become neuron nodes,
// each projection a Linear node named after it (dense [out, in]; plus a Delay node "<projection>.delay" when it has
// a delay), spike and current sources Input nodes (their data is not part of NIR: noted). Throws ValidationError
// naming the population, projection or source NIR cannot express (several synapse time constants on one population,
// per-synapse delays, refractory periods, bias, initial state, Poisson sources).
NirConversion nir_graph_from_network(const core::Graph& network);

// NIR graph -> YAML config at `yaml_path` (docs/config.md), with each projection's weights in a dense NPY matrix
// "<yaml stem>.<projection>.npy" beside it; all files written atomically. Neuron nodes become populations and
// Linear/Affine(zero bias)[/Delay] nodes between them projections. Input nodes and what they feed, and Output nodes,
// cannot be expressed without data: they are left out and returned as notes. Throws ValidationError naming the first
// node YAML cannot express (Conv, pooling, Flatten, Scale, Threshold, a non-zero Affine bias, ...).
std::vector<std::string> write_nir_as_yaml(const std::filesystem::path& yaml_path, const core::Graph& graph);

}  // namespace reef::io
