// write_nir: a core::Graph in NIR's vocabulary -> root `version` + `node` NIRGraph (nodes, (N, 2) UTF-8 edges,
// metadata with dt/reset/profile when known), written under a temporary name and renamed into place.
#include "reef/core/atomic_output.hpp"
#include "file_io.hpp"
#include "nir_flat.hpp"
#include "reef/core/error.hpp"

namespace reef::io {

void write_nir(const std::filesystem::path& path, const core::Graph& graph, const NirWriteOptions& options) {
  if (!graph.edges().empty())
    throw ValidationError("projection '" + graph.edges()[0].name +
                          "': write_nir takes NIR's vocabulary; convert YAML networks with nir_graph_from_network");
  nir::Group root;
  root.path = "/";
  root.datasets["version"] = nir::Dataset::text(options.version);
  nir::Group node;
  node.path = "/node";
  node.datasets["type"] = nir::Dataset::text("NIRGraph");
  nir::Group nodes;
  nodes.path = "/node/nodes";
  for (const core::Node& n : graph.nodes()) nodes.groups[n.name] = nir::write_node(n, nodes.path + "/" + n.name);
  node.groups["nodes"] = std::move(nodes);
  nir::Dataset edges;
  edges.is_string = true;
  edges.dims = {graph.connections().size(), 2};
  for (const core::Connection& c : graph.connections()) {
    edges.strings.push_back(graph.node(c.source).name);
    edges.strings.push_back(graph.node(c.target).name);
  }
  node.datasets["edges"] = std::move(edges);
  const NirMetadata& m = options.metadata;
  if (m.dt_s || m.reset || m.profile || m.quantized_for || m.quant_mode) {
    nir::Group metadata;
    metadata.path = "/node/metadata";
    if (m.dt_s) metadata.datasets["dt"] = nir::Dataset::reals({}, {*m.dt_s});
    if (m.reset) metadata.datasets["reset"] = nir::Dataset::text(*m.reset);
    if (m.profile) metadata.datasets["profile"] = nir::Dataset::text(*m.profile);
    if (m.quantized_for) metadata.datasets["quantized_for"] = nir::Dataset::text(*m.quantized_for);
    if (m.quant_mode) metadata.datasets["quant_mode"] = nir::Dataset::text(*m.quant_mode);
    node.groups["metadata"] = std::move(metadata);
  }
  root.groups["node"] = std::move(node);

  core::AtomicOutput atomic(path, core::AtomicOutput::Kind::file);
  nir::write_tree(atomic.temporary(), root, options.gzip, path.string());
  sync_file(atomic.temporary());
  atomic.commit();
}

}  // namespace reef::io
