// The `reef` command line as a user meets it: help pages, version, and usage mistakes that exit 2 (or 3 for a
// missing file) with exactly one `reef: error:` line on stderr.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "run_reef.hpp"
#include "text_helpers.hpp"

namespace {

using Args = std::vector<std::string>;

// Exactly one line on stderr, in the documented form.
bool is_one_error_line(const std::string& err) {
  return err.starts_with("reef: error: ") && err.find('\n') == err.size() - 1;
}

using reef::test::contains;

}  // namespace

TEST_CASE("reef --help lists every command with a summary and exits 0") {
  const ReefRun run = run_reef({"--help"});
  CHECK(run.exit_code == 0);
  CHECK(run.err.empty());
  for (const char* command : {"sim", "inspect", "bench"}) {
    CAPTURE(command);
    CHECK(contains(run.out, std::string("\n  ") + command + " "));
  }
  CHECK(contains(run.out, "usage: reef"));
}

TEST_CASE("reef --version prints the version") {
  const ReefRun run = run_reef({"--version"});
  CHECK(run.exit_code == 0);
  CHECK(run.out == std::string("reef ") + REEF_VERSION + "\n");
}

TEST_CASE("every command's --help shows usage, options with defaults and examples") {
  for (const char* command : {"sim", "inspect", "bench"}) {
    CAPTURE(command);
    const ReefRun run = run_reef({command, "--help"});
    CHECK(run.exit_code == 0);
    CHECK(run.err.empty());
    CHECK(contains(run.out, std::string("usage: reef ") + command));
    CHECK(contains(run.out, "examples:"));
    CHECK(contains(run.out, "--help"));
  }
  CHECK(contains(run_reef({"bench", "--help"}).out, "(=1s)"));
  CHECK(contains(run_reef({"sim", "-h"}).out, "--record"));
}

TEST_CASE("an unknown command exits 2 with one line naming it") {
  const ReefRun run = run_reef({"simulate", "x.yaml"});
  CHECK(run.exit_code == 2);
  CHECK(is_one_error_line(run.err));
  CHECK(contains(run.err, "'simulate'"));
  CHECK(run.out.empty());
}

TEST_CASE("no command at all is a usage error") {
  const ReefRun run = run_reef({});
  CHECK(run.exit_code == 2);
  CHECK(is_one_error_line(run.err));
}

TEST_CASE("an unknown option exits 2 and points at the command's help") {
  const ReefRun run = run_reef({"sim", REEF_SOURCE_DIR "/configs/examples/demo.yaml", "--frobnicate"});
  CHECK(run.exit_code == 2);
  CHECK(is_one_error_line(run.err));
  CHECK(contains(run.err, "frobnicate"));
  CHECK(contains(run.err, "reef sim --help"));
}

TEST_CASE("a missing argument or option value exits 2") {
  for (const auto& args : {Args{"sim"}, Args{"inspect"}, Args{"bench"}, Args{"sim", "net.yaml", "--duration"},
                           Args{"sim", "a.yaml", "b.yaml"}}) {
    const ReefRun run = run_reef(args);
    CAPTURE(args.front());
    CHECK(run.exit_code == 2);
    CHECK(is_one_error_line(run.err));
  }
}

TEST_CASE("a bad --duration exits 2 naming the option, before the network is read") {
  for (const char* duration : {"fast", "-1s", "0", "10 parsecs"}) {
    CAPTURE(duration);
    const ReefRun run = run_reef({"sim", "does-not-exist.yaml", "--duration", duration});
    CHECK(run.exit_code == 2);
    CHECK(is_one_error_line(run.err));
    CHECK(contains(run.err, "--duration"));
  }
}

TEST_CASE("a negative or non-numeric --seed exits 2") {
  for (const char* seed : {"-1", "one", "1.5"}) {
    CAPTURE(seed);
    const ReefRun run = run_reef({"sim", "net.yaml", "--seed", seed});
    CHECK(run.exit_code == 2);
    CHECK(contains(run.err, "--seed"));
  }
}

TEST_CASE("--verbose and --quiet together are a usage error") {
  const ReefRun run = run_reef({"-v", "-q", "sim", "net.yaml"});
  CHECK(run.exit_code == 2);
  CHECK(is_one_error_line(run.err));
}

TEST_CASE("a missing network file exits 3 and names the path") {
  for (const char* command : {"sim", "inspect"}) {
    CAPTURE(command);
    const ReefRun run = run_reef({command, "no/such/network.yaml"});
    CHECK(run.exit_code == 3);
    CHECK(is_one_error_line(run.err));
    CHECK(contains(run.err, "no/such/network.yaml"));
  }
}
