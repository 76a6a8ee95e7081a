// Agreement metrics of `reef compare` (chip_compare.hpp).
#include "chip_compare.hpp"

#include <algorithm>
#include <cmath>

#include "chip_run.hpp"
#include "reef/core/error.hpp"
#include "reef/hw/topology.hpp"
#include "reef/io/npy.hpp"
#include "text_format.hpp"

namespace reef::cli {
namespace {

const core::GridTrace& spike_trace(const ComparedRun& run, const std::string& node) {
  for (const core::GridTrace& trace : run.recording->grid)
    if (trace.node == node && trace.variable == "spikes") return trace;
  throw InternalError("reef compare: the " + run.name + " run recorded no spikes of '" + node + "'");
}

std::size_t lag_of(const ComparedRun& run, const std::string& node) {
  const auto found = run.lag_steps.find(node);
  return found == run.lag_steps.end() ? 0 : found->second;
}

// Entries (sample, step, neuron) of `node` where both runs have the same spike count, steps aligned by each run's
// lag; adds to `equal` and `total`.
void count_matches(const ComparedRun& a, const ComparedRun& b, const std::string& node, std::size_t& equal,
                   std::size_t& total) {
  const core::GridTrace& x = spike_trace(a, node);
  const core::GridTrace& y = spike_trace(b, node);
  const std::size_t lag_a = lag_of(a, node);
  const std::size_t lag_b = lag_of(b, node);
  const std::size_t steps = x.steps - std::min(x.steps, std::max(lag_a, lag_b));
  for (std::size_t s = 0; s < x.batch; ++s)
    for (std::size_t t = 0; t < steps; ++t)
      for (std::size_t i = 0; i < x.elements; ++i) {
        equal +=
            x.values[(s * x.steps + t + lag_a) * x.elements + i] == y.values[(s * y.steps + t + lag_b) * y.elements + i]
                ? 1
                : 0;
        ++total;
      }
}

std::string percent(std::size_t part, std::size_t whole) {
  if (whole == 0) return "n/a";
  return fixed(100.0 * static_cast<double>(part) / static_cast<double>(whole), 1) + " %";
}

std::string correlation_text(const std::optional<double>& r) { return r ? fixed(*r, 3) : "n/a"; }

// Column `neuron` of counts [batch][elements].
std::vector<double> column(const std::vector<double>& counts, std::size_t elements, std::size_t neuron) {
  std::vector<double> values;
  for (std::size_t i = neuron; i < counts.size(); i += elements) values.push_back(counts[i]);
  return values;
}

}  // namespace

std::map<std::string, std::size_t> chip_lag_steps(const core::Graph& graph, const hw::ChipSpec& chip) {
  const hw::ChipTopology topology = hw::analyze_topology(graph, chip);
  std::vector<std::size_t> depth(topology.hidden.size(), 0);
  // Longest chain of hidden→hidden links from the inputs; repeated relaxation is enough for a few layers.
  for (std::size_t round = 0; round < topology.hidden.size(); ++round)
    for (const hw::WeightLink& link : topology.weights)
      if (!link.from_input && !link.to_output && link.from_hidden != link.to_hidden)
        depth[link.to_hidden] = std::max(depth[link.to_hidden], depth[link.from_hidden] + 1);
  std::map<std::string, std::size_t> lags;
  std::size_t readout = 0;
  for (std::size_t h = 0; h < topology.hidden.size(); ++h) lags[graph.node(topology.hidden[h].node).name] = depth[h];
  for (const hw::WeightLink& link : topology.weights)
    if (link.to_output && !link.from_input) readout = std::max(readout, depth[link.from_hidden] + 1);
  lags[graph.node(topology.readout.node).name] = readout;
  return lags;
}

std::optional<double> pearson(std::span<const double> a, std::span<const double> b) {
  const std::size_t n = std::min(a.size(), b.size());
  if (n == 0) return std::nullopt;
  double mean_a = 0.0, mean_b = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    mean_a += a[i];
    mean_b += b[i];
  }
  mean_a /= static_cast<double>(n);
  mean_b /= static_cast<double>(n);
  double ab = 0.0, aa = 0.0, bb = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    ab += (a[i] - mean_a) * (b[i] - mean_b);
    aa += (a[i] - mean_a) * (a[i] - mean_a);
    bb += (b[i] - mean_b) * (b[i] - mean_b);
  }
  if (aa == 0.0 || bb == 0.0) return std::nullopt;
  return ab / std::sqrt(aa * bb);
}

std::vector<std::size_t> load_labels(const std::string& path, std::size_t batch) {
  const io::NpyArray array = io::read_npy(path);
  const bool shape_ok =
      (array.shape.size() == 1 || (array.shape.size() == 2 && array.shape[1] == 1)) && array.shape[0] == batch;
  if (!shape_ok)
    throw ValidationError("--labels '" + path + "' has shape " + core::to_string(array.shape) + ", but the input has " +
                          std::to_string(batch) + " sample" + (batch == 1 ? "" : "s") + ": give [" +
                          std::to_string(batch) + "] class ids");
  std::vector<std::size_t> labels;
  for (std::size_t i = 0; i < array.values.size(); ++i) {
    const double value = array.values[i];
    if (!(value >= 0.0 && std::floor(value) == value && value < 1e9))
      throw ValidationError("--labels '" + path + "': label " + std::to_string(i) + " is " + std::to_string(value) +
                            ", not a class id (a whole number >= 0)");
    labels.push_back(static_cast<std::size_t>(value));
  }
  return labels;
}

std::string comparison_report(const std::vector<ComparedRun>& runs, const std::string& readout,
                              const std::vector<std::string>& hidden, const std::vector<std::size_t>& labels) {
  std::vector<std::vector<double>> counts;  // per run: [batch][neurons]
  for (const ComparedRun& run : runs) counts.push_back(spike_counts(spike_trace(run, readout)));
  const core::GridTrace& first = spike_trace(runs.front(), readout);
  const std::size_t batch = first.batch;
  const std::size_t neurons = first.elements;
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t a = 0; a < runs.size(); ++a)
    for (std::size_t b = a + 1; b < runs.size(); ++b) pairs.emplace_back(a, b);
  const auto pair_name = [&](const auto& pair) { return runs[pair.first].name + "/" + runs[pair.second].name; };

  // Per readout neuron: spike counts summed over the samples, and their correlation across samples.
  std::vector<std::string> header{"neuron"};
  for (const ComparedRun& run : runs) header.push_back(run.name);
  const bool per_neuron = batch >= 2;  // a correlation across samples needs at least two
  if (per_neuron)
    for (const auto& pair : pairs) header.push_back("r " + pair_name(pair));
  TextTable neuron_table(header, std::vector<bool>(header.size(), true));
  for (std::size_t i = 0; i < neurons; ++i) {
    std::vector<std::string> row{std::to_string(i)};
    for (const auto& run_counts : counts) {
      double total = 0.0;
      for (double value : column(run_counts, neurons, i)) total += value;
      row.push_back(group_digits(static_cast<std::uint64_t>(total)));
    }
    if (per_neuron)
      for (const auto& [a, b] : pairs)
        row.push_back(correlation_text(pearson(column(counts[a], neurons, i), column(counts[b], neurons, i))));
    neuron_table.add_row(std::move(row));
  }

  // Predicted classes per run and sample.
  std::vector<std::vector<ClassChoice>> classes(runs.size());
  bool tie = false;
  for (std::size_t r = 0; r < runs.size(); ++r)
    for (std::size_t s = 0; s < batch; ++s) {
      classes[r].push_back(predicted_class(std::span(counts[r]).subspan(s * neurons, neurons)));
      tie = tie || classes[r].back().tied;
    }

  std::vector<std::string> pair_header{"metric"};
  for (const auto& pair : pairs) pair_header.push_back(pair_name(pair));
  TextTable pair_table(pair_header, std::vector<bool>(pair_header.size(), true));
  std::vector<std::string> correlation{"count correlation"}, readout_match{"readout exact match"},
      hidden_match{"hidden exact match"}, agreement{"class agreement"};
  for (const auto& [a, b] : pairs) {
    correlation.push_back(correlation_text(pearson(counts[a], counts[b])));
    std::size_t equal = 0, total = 0;
    count_matches(runs[a], runs[b], readout, equal, total);
    readout_match.push_back(percent(equal, total));
    equal = total = 0;
    for (const std::string& node : hidden) count_matches(runs[a], runs[b], node, equal, total);
    hidden_match.push_back(percent(equal, total));
    std::size_t same = 0;
    for (std::size_t s = 0; s < batch; ++s) same += classes[a][s].label == classes[b][s].label ? 1 : 0;
    agreement.push_back(percent(same, batch) + " (" + std::to_string(same) + "/" + std::to_string(batch) + ")");
  }
  for (auto* row : {&correlation, &readout_match, &hidden_match, &agreement}) pair_table.add_row(std::move(*row));

  std::string text =
      "readout " + readout + ": spike counts over " + std::to_string(batch) + " sample" + (batch == 1 ? "" : "s") +
      (per_neuron ? " and their correlation across samples" : " (correlations per neuron need a batch)") + "\n" +
      neuron_table.render("  ") + "\nagreement (count correlation over samples and readout neurons; " +
      "exact match per step and neuron)\n" + pair_table.render("  ") + '\n';
  constexpr std::size_t kListedSamples = 8;
  for (std::size_t s = 0; s < std::min(batch, kListedSamples); ++s) {
    std::string line;
    for (std::size_t r = 0; r < runs.size(); ++r)
      line += (r == 0 ? "" : ", ") + runs[r].name + " " + std::to_string(classes[r][s].label);
    if (!labels.empty()) line += "; label " + std::to_string(labels[s]);
    text += report_line("class", "sample " + std::to_string(s) + ": " + line);
  }
  if (batch > kListedSamples)
    text += report_line("class", "(" + std::to_string(batch - kListedSamples) + " more samples)");
  if (tie) text += report_line("ties", "some samples had equal top spike counts: the lowest neuron id wins");
  if (!labels.empty()) {
    std::string line;
    for (std::size_t r = 0; r < runs.size(); ++r) {
      std::size_t correct = 0;
      for (std::size_t s = 0; s < batch; ++s) correct += classes[r][s].label == labels[s] ? 1 : 0;
      line += (r == 0 ? "" : ", ") + runs[r].name + " " + percent(correct, batch) + " (" + std::to_string(correct) +
              "/" + std::to_string(batch) + ")";
    }
    text += report_line("accuracy", line);
  }
  return text;
}

}  // namespace reef::cli
