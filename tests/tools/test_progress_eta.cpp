// The progress bar's ETA: the remaining work at the pace of this run, including after a resume, when the work done
// before the run must not count as done in its elapsed time.
#include <doctest/doctest.h>

#include "progress_bar.hpp"

namespace reef::cli {

TEST_CASE("the ETA extrapolates the pace of the whole run") {
  CHECK(remaining_seconds(10, 0.25, 0) == doctest::Approx(30));
  CHECK(remaining_seconds(60, 1.0, 0) == doctest::Approx(0));
}

TEST_CASE("after a resume the ETA counts only the work this run did") {
  // Resumed at 50 %, 10 s later at 60 %: 10 % took 10 s, so the remaining 40 % takes 40 s (not 10 · 0.4 / 0.6).
  CHECK(remaining_seconds(10, 0.6, 0.5) == doctest::Approx(40));
}

TEST_CASE("no ETA before the run has done any work") {
  CHECK(remaining_seconds(5, 0.5, 0.5) < 0);
  CHECK(remaining_seconds(0, 0, 0) < 0);
}

}  // namespace reef::cli
