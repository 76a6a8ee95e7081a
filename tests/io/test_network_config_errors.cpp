// Network config: every invalid config is a ConfigError naming file, line, column and the expected form. The
// files in tests/data/bad_configs each start with "# expect: <message part>" and "# line: <line>".
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>

#include "io/network_config_helpers.hpp"
#include "reef/core/error.hpp"
#include "reef/io/npy.hpp"
#include "scratch_dir.hpp"

using reef::test::ScratchDir;

namespace {

struct BadConfig {
  std::filesystem::path path;
  std::string expect;
  int line = 0;
};

std::vector<BadConfig> bad_configs() {
  std::vector<BadConfig> out;
  const auto folder = std::filesystem::path(REEF_TEST_DATA_DIR) / "bad_configs";
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().extension() != ".yaml") continue;
    std::ifstream in(entry.path());
    std::string expect_line;
    std::string line_line;
    std::getline(in, expect_line);
    std::getline(in, line_line);
    REQUIRE_MESSAGE(expect_line.rfind("# expect: ", 0) == 0, entry.path());
    REQUIRE_MESSAGE(line_line.rfind("# line: ", 0) == 0, entry.path());
    out.push_back({entry.path(), expect_line.substr(10), std::stoi(line_line.substr(8))});
  }
  std::sort(out.begin(), out.end(), [](const BadConfig& a, const BadConfig& b) { return a.path < b.path; });
  return out;
}

// The ConfigError `yaml` raises (the test fails if it raises nothing or something else).
reef::ConfigError config_error(const std::string& yaml, const std::filesystem::path& base_dir = REEF_TEST_DATA_DIR) {
  try {
    parse_config(yaml, base_dir);
  } catch (const reef::ConfigError& error) {
    return error;
  }
  FAIL("expected a ConfigError for:\n" << yaml);
  return reef::ConfigError("", 0, 0, "");
}

}  // namespace

TEST_CASE("rejects_every_bad_config_naming_its_line_and_the_problem") {
  const auto cases = bad_configs();
  CHECK(cases.size() >= 18);
  for (const BadConfig& bad : cases) {
    CAPTURE(bad.path);
    try {
      reef::io::load_network_config(bad.path);
      FAIL("no error for " << bad.path);
    } catch (const reef::ConfigError& error) {
      CHECK(error.file() == bad.path.string());
      CHECK(error.line() == bad.line);
      CHECK(error.column() >= 1);
      CHECK_MESSAGE(std::string(error.what()).find(bad.expect) != std::string::npos,
                    "message: " << error.what() << "\nexpected to contain: " << bad.expect);
    }
  }
}

TEST_CASE("error_message_names_file_line_column_path_and_expected_form") {
  const auto error = config_error(R"(populations:
  exc:
    model: lif
    size: 10
    tau_mem: -5 ms
)");
  CHECK(std::string(error.what()) ==
        "test.yaml:5:14: populations.exc.tau_mem: expected a positive duration such as 20 ms or 0.02, got \"-5 ms\"");
  CHECK(error.column() == 14);
}

TEST_CASE("rejects_unknown_key_with_suggestion_and_the_valid_keys") {
  const auto error = config_error("populations:\n  exc: {model: lif, size: 1, tau_mem: 1 ms, v_thresh: 1}\n");
  const std::string message = error.what();
  CHECK(message.find("unknown key \"v_thresh\" (did you mean \"v_th\"?)") != std::string::npos);
  CHECK(message.find("expected one of: model, size, tau_mem") != std::string::npos);
  CHECK(error.line() == 2);
  CHECK(error.column() == 45);
}

TEST_CASE("rejects_unknown_key_far_from_any_valid_one_without_suggestion") {
  const auto error = config_error("populations:\n  exc: {model: lif, size: 1, tau_mem: 1 ms, colour: red}\n");
  const std::string message = error.what();
  CHECK(message.find("unknown key \"colour\"; expected one of:") != std::string::npos);
  CHECK(message.find("did you mean") == std::string::npos);
}

TEST_CASE("rejects_keys_of_other_models") {
  CHECK(std::string(config_error("populations:\n  p: {model: li, size: 1, tau_mem: 1 ms, v_th: 1}\n").what())
            .find("v_th is not allowed for model li (it never spikes)") != std::string::npos);
  CHECK(std::string(config_error("populations:\n  p: {model: lif, size: 1, tau_mem: 1 ms, synapses: {a: {tau: 1}}}\n")
                        .what())
            .find("synapses are not allowed for model lif") != std::string::npos);
}

TEST_CASE("rejects_missing_config_file_naming_it") {
  ScratchDir dir;
  const auto path = dir.path() / "absent.yaml";
  try {
    reef::io::load_network_config(path);
    FAIL("no error");
  } catch (const reef::ConfigError& error) {
    CHECK(error.file() == path.string());
    CHECK(std::string(error.what()).find("cannot read the config") != std::string::npos);
  }
}

TEST_CASE("errors_in_a_referenced_spike_file_name_that_file") {
  ScratchDir dir;
  std::ofstream(dir.path() / "bad.csv") << "t,channel\n0.001,0\n0.002,7\n";
  const std::string yaml = R"(
populations:
  pop: {model: lif, size: 1, tau_mem: 20 ms}
inputs:
  replay: {type: spike_file, path: bad.csv, size: 2}
)";
  try {
    parse_config(yaml, dir.path());
    FAIL("no error");
  } catch (const reef::ConfigError& error) {
    CHECK(error.file().find("bad.csv") != std::string::npos);
    CHECK(error.line() == 3);
  } catch (const reef::FormatError& error) {
    CHECK(error.file().find("bad.csv") != std::string::npos);
  }
}

TEST_CASE("rejects_npy_parameter_of_the_wrong_length") {
  ScratchDir dir;
  const std::vector<double> values{1.0, 2.0};
  const std::vector<std::size_t> shape{2};
  reef::io::write_npy(dir.path() / "v.npy", shape, values);
  const auto error =
      config_error("populations:\n  p: {model: lif, size: 3, tau_mem: 1 ms, v_th: {npy: v.npy}}\n", dir.path());
  CHECK(std::string(error.what()).find("expected a 1-d array of 3 values") != std::string::npos);
  CHECK(error.line() == 2);
}

TEST_CASE("rejects_random_draws_outside_the_parameter_range") {
  const auto error = config_error("populations:\n  p: {model: lif, size: 100, tau_mem: {normal: [1 ms, 5 ms]}}\n");
  CHECK(std::string(error.what()).find("every value must be a positive duration") != std::string::npos);
}

TEST_CASE("rejects_uniform_with_low_above_high") {
  const auto error =
      config_error("populations:\n  p: {model: lif, size: 2, tau_mem: 1 ms, v_initial: {uniform: [1, 0]}}\n");
  CHECK(std::string(error.what()).find("low <= high") != std::string::npos);
}

TEST_CASE("rejects_fixed_indegree_from_a_lone_neuron_without_autapses") {
  const auto error = config_error(R"(
populations:
  p: {model: lif, size: 1, tau_mem: 1 ms}
projections:
  pp: {from: p, to: p, connect: {rule: fixed_indegree, indegree: 1, autapses: false}, weight: 1}
)");
  CHECK(std::string(error.what()).find("no source is available") != std::string::npos);
}

TEST_CASE("rejects_weight_list_outside_rule_list_and_of_the_wrong_length") {
  const std::string populations = "populations:\n  p: {model: lif, size: 2, tau_mem: 1 ms}\nprojections:\n";
  CHECK(std::string(config_error(populations + "  pp: {from: p, to: p, connect: {rule: all_to_all}, weight: [1, 2]}\n")
                        .what())
            .find("a list of weights needs rule list") != std::string::npos);
  CHECK(std::string(config_error(populations +
                                 "  pp: {from: p, to: p, connect: {rule: list, pairs: [[0, 1]]}, weight: [1, 2]}\n")
                        .what())
            .find("expected one weight per pair (1), got 2") != std::string::npos);
}

TEST_CASE("rejects_delay_and_synapse_on_a_projection_from_a_current_input") {
  const std::string head = R"(
populations:
  p: {model: cuba_lif, size: 2, tau_mem: 1 ms, synapses: {s: {tau: 1 ms}}}
inputs:
  drive: {type: current, size: 1, amplitude: 1}
projections:
)";
  CHECK(std::string(config_error(head + "  dp: {from: drive, to: p, connect: {rule: all_to_all}, weight: 1, "
                                        "delay: 1 ms}\n")
                        .what())
            .find("delay is not allowed for a projection from current input drive") != std::string::npos);
  CHECK(std::string(config_error(head + "  dp: {from: drive, to: p, synapse: s, connect: {rule: all_to_all}, "
                                        "weight: 1}\n")
                        .what())
            .find("synapse is not allowed") != std::string::npos);
}

TEST_CASE("rejects_a_synapse_named_v_and_invalid_names") {
  const std::string synapse_v = "populations:\n  p: {model: cuba_lif, size: 1, tau_mem: 1 ms, synapses: {v: {tau: 1}}}\n";
  CHECK(std::string(config_error(synapse_v).what()).find("cannot be named \"v\"") != std::string::npos);
  CHECK(std::string(config_error("populations:\n  2p: {model: lif, size: 1, tau_mem: 1 ms}\n").what())
            .find("expected a name of letters") != std::string::npos);
}

TEST_CASE("rejects_recording_an_input_or_unknown_population") {
  const std::string head = R"(
populations:
  p: {model: lif, size: 1, tau_mem: 1 ms}
inputs:
  drive: {type: poisson, size: 1, rate: 1}
)";
  CHECK(std::string(config_error(head + "record: {spikes: [drive]}\n").what()).find("is an input, not a population") !=
        std::string::npos);
  CHECK(std::string(config_error(head + "record: {spikes: [q]}\n").what()).find("unknown population \"q\"") !=
        std::string::npos);
}

TEST_CASE("rejects_poisson_stop_before_start") {
  const auto error = config_error(R"(
populations:
  p: {model: lif, size: 1, tau_mem: 1 ms}
inputs:
  drive: {type: poisson, size: 1, rate: 1, start: 5 ms, stop: 2 ms}
)");
  CHECK(std::string(error.what()).find("expected a stop time after start") != std::string::npos);
}
