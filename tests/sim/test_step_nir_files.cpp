// The step engine on the NIR paper's real files: each profile reproduces the framework that produced the reference
// outputs (../shared/data/nir, SOURCES.md): Braille SRNN spikes of snnTorch and Norse with 0 mismatching entries,
// and the single LIF neuron of task 1 against Norse's trace and the exact solution.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "reef/io/nir.hpp"
#include "reef/io/npy.hpp"
#include "reef/sim/step_engine.hpp"
#include "shared_data.hpp"

namespace {

using reef::sim::ResetRule;
using reef::sim::StepEngine;
using reef::sim::StepOptions;
using reef::sim::StepProfile;

const std::string kRnn = "nir/neuromorphs+NIR/paper/03_rnn/";
const std::string kLif = "nir/neuromorphs+NIR/paper/01_lif/";

const reef::core::GridTrace& trace(const reef::sim::StepRun& run, const std::string& node, const std::string& variable) {
  for (const auto& t : run.recording.grid)
    if (t.node == node && t.variable == variable) return t;
  FAIL("no trace " << node << "." << variable);
  throw std::logic_error("unreachable");
}

std::size_t mismatches(const std::vector<double>& a, const std::vector<double>& b) {
  REQUIRE(a.size() == b.size());
  std::size_t count = 0;
  for (std::size_t i = 0; i < a.size(); ++i) count += a[i] != b[i] ? 1 : 0;
  return count;
}

reef::sim::StepRun run_braille(const std::filesystem::path& model, const std::filesystem::path& input_path,
                               StepProfile profile, ResetRule reset) {
  const reef::io::NirModel nir = reef::io::read_nir(model);
  StepOptions options;
  options.profile = profile;
  options.dt_s = 1e-4;
  options.reset = reset;
  StepEngine engine(nir.graph, options);
  const reef::io::NpyArray input = reef::io::read_npy(input_path);
  REQUIRE(engine.input_nodes().size() == 1);
  reef::sim::StepInput in{engine.input_nodes()[0], 1, input.shape[0], input.values};
  return engine.run({in});
}

std::vector<std::vector<double>> read_csv(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::vector<std::vector<double>> rows;
  std::string line;
  while (std::getline(file, line)) {
    std::vector<double> row;
    std::stringstream cells(line);
    std::string cell;
    while (std::getline(cells, cell, ',')) row.push_back(std::stod(cell));
    rows.push_back(row);
  }
  return rows;
}

struct BrailleCase {
  std::string model;
  ResetRule snntorch_reset;
};

// The task-1 file's one LIF neuron driven by column 0 of a paper CSV at dt = 1e-4, recording its spikes and v.
struct SingleLifRun {
  reef::sim::StepRun run;
  std::string lif;
  const reef::core::GridTrace& spikes() const { return trace(run, lif, "spikes"); }
  const reef::core::GridTrace& v() const { return trace(run, lif, "v"); }
};

SingleLifRun run_single_lif(const std::filesystem::path& model, const std::vector<std::vector<double>>& rows,
                            StepOptions options) {
  const reef::io::NirModel nir = reef::io::read_nir(model);
  options.dt_s = 1e-4;
  StepEngine engine(nir.graph, options);
  reef::sim::StepInput input{engine.input_nodes().at(0), 1, rows.size(), {}};
  for (const auto& row : rows) input.values.push_back(row[0]);
  SingleLifRun result;
  for (const auto& node : nir.graph.nodes())
    if (node.is_population()) result.lif = node.name;
  reef::sim::StepRecordRequest record;
  record.v_nodes = {result.lif};
  result.run = engine.run({input}, record);
  return result;
}

}  // namespace

TEST_CASE("braille_snntorch_profile_reproduces_snntorch_hidden_and_output_spikes_exactly") {
  for (const BrailleCase& c : {BrailleCase{"noDelay_bias_zero", ResetRule::zero},
                               BrailleCase{"noDelay_noBias_subtract", ResetRule::subtract}}) {
    CAPTURE(c.model);
    const auto model = reef::test::shared_file(kRnn + "braille_" + c.model + ".nir");
    const auto input = reef::test::shared_file(kRnn + "derived/ds_test_sample0_input.npy");
    const auto hidden = reef::test::shared_file(kRnn + "snntorch_activity_" + c.model + ".npy");
    const auto output = reef::test::shared_file(kRnn + "derived/reimpl_snntorch_lif2_spikes_" + c.model + ".npy");
    if (!model || !input || !hidden || !output) return;
    const auto run = run_braille(*model, *input, StepProfile::snntorch, c.snntorch_reset);
    const auto expected_hidden = reef::io::read_npy(*hidden);
    const auto& lif1 = trace(run, "lif1.lif", "spikes");
    CHECK(lif1.steps * lif1.elements == expected_hidden.element_count());
    CHECK(mismatches(lif1.values, expected_hidden.values) == 0);
    CHECK(mismatches(trace(run, "lif2", "spikes").values, reef::io::read_npy(*output).values) == 0);
  }
}

TEST_CASE("braille_euler_profile_reproduces_norse_hidden_spikes_exactly") {
  // The paper's Norse run of the "subtract" model ignored its reset argument and reset to zero (SOURCES.md).
  for (const std::string model : {"noDelay_bias_zero", "noDelay_noBias_subtract"}) {
    CAPTURE(model);
    const auto path = reef::test::shared_file(kRnn + "braille_" + model + ".nir");
    const auto input = reef::test::shared_file(kRnn + "derived/ds_test_sample0_input.npy");
    const auto hidden = reef::test::shared_file(kRnn + "norse_activity_" + model + ".npy");
    if (!path || !input || !hidden) return;
    const auto run = run_braille(*path, *input, StepProfile::euler, ResetRule::zero);
    CHECK(mismatches(trace(run, "lif1.lif", "spikes").values, reef::io::read_npy(*hidden).values) == 0);
  }
}

TEST_CASE("single_lif_euler_matches_norse_spike_steps_and_membrane_trace") {
  const auto model = reef::test::shared_file(kLif + "lif_norse.nir");
  const auto csv = reef::test::shared_file(kLif + "lif_norse.csv");
  if (!model || !csv) return;
  const auto rows = read_csv(*csv);
  StepOptions options;
  options.profile = StepProfile::euler;
  const SingleLifRun lif = run_single_lif(*model, rows, options);
  const auto& spikes = lif.spikes();
  const auto& v = lif.v();
  std::vector<std::size_t> spike_steps;
  double worst = 0.0;
  for (std::size_t t = 0; t < rows.size(); ++t) {
    if (spikes.values[t] > 0) spike_steps.push_back(t);
    worst = std::max(worst, std::abs(v.values[t] - rows[t][1]));
  }
  CHECK(spike_steps == std::vector<std::size_t>{460, 510, 710, 760});
  CHECK(worst <= 1e-6);
}

TEST_CASE("single_lif_exact_profile_with_subtractive_reset_follows_the_exact_solution") {
  // lif_exact.csv places spikes at their exact times inside a step; the held-input (zero-order hold) propagator
  // gives the same spike steps and voltages equal up to that within-step timing of the reset.
  const auto model = reef::test::shared_file(kLif + "lif_norse.nir");
  const auto csv = reef::test::shared_file(kLif + "lif_exact.csv");
  if (!model || !csv) return;
  const auto rows = read_csv(*csv);
  StepOptions options;
  options.profile = StepProfile::exact;
  options.reset = ResetRule::subtract;
  const SingleLifRun lif = run_single_lif(*model, rows, options);
  const auto& spikes = lif.spikes();
  const auto& v = lif.v();
  double worst_before_first_spike = 0.0;
  double worst = 0.0;
  for (std::size_t t = 0; t < rows.size(); ++t) {
    CHECK(spikes.values[t] == rows[t][2]);
    const double error = std::abs(v.values[t] - rows[t][1]);
    worst = std::max(worst, error);
    if (t < 460) worst_before_first_spike = std::max(worst_before_first_spike, error);
  }
  CHECK(worst_before_first_spike <= 1e-9);
  CHECK(worst <= 1e-3);
}
