// `reef bench` on a small, short W1: it runs, prints its timing and statistics figures, and rejects bad workloads
// and scales as usage errors.
#include <doctest/doctest.h>

#include <string>

#include "run_reef.hpp"
#include "text_helpers.hpp"

namespace {

using reef::test::contains;

}  // namespace

TEST_CASE("reef bench cuba runs a scaled-down W1 and prints timing, rates, CV and events") {
  const ReefRun run = run_reef({"bench", "cuba", "--duration", "0.05s", "--scale", "0.25"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(contains(run.out, "workload  W1 cuba"));
  CHECK(contains(run.out, "1,000 neurons"));
  CHECK(contains(run.out, "built in "));
  CHECK(contains(run.out, "lowered in "));
  CHECK(contains(run.out, "simulated 50 ms in "));
  CHECK(contains(run.out, "synaptic events "));
  CHECK(contains(run.out, " Hz mean over all neurons; mean CV of ISI "));
  CHECK(contains(run.out, "CV ISI"));
  CHECK(contains(run.out, "reference none for scale 0.25 with 50 ms; measured for scale 1 or 10 with 1 s or 10 s"));
}

TEST_CASE("reef bench rejects an unknown workload and a bad scale with exit 2") {
  CHECK(run_reef({"bench", "hodgkin"}).exit_code == 2);
  CHECK(run_reef({"bench", "cuba", "--scale", "0"}).exit_code == 2);
  CHECK(run_reef({"bench", "cuba", "--scale", "many"}).exit_code == 2);
  CHECK(run_reef({"bench", "brunel", "--duration", "soon"}).exit_code == 2);
}
