// A one-line progress bar on stderr for long work: % done, elapsed wall time and ETA. On a terminal it is redrawn in
// place once the run has lasted over a second; otherwise a plain line is written every 30 s. Nothing when quiet.
#pragma once

#include <chrono>
#include <string>

#include "reef/core/time.hpp"

namespace reef::cli {

// Seconds left when `fraction` of the work is done after `elapsed` seconds of this run, which began with the
// fraction `done_before` already done: this run's pace extrapolated to the rest. Negative when this run has done
// nothing yet (no pace to go by).
double remaining_seconds(double elapsed, double fraction, double done_before);

class ProgressBar {
 public:
  // Enabled unless `quiet`; `duration` is the biological time of the whole run.
  ProgressBar(bool quiet, core::Time duration);
  // The same for work that is not biological time: `total` names the whole run (e.g. "3 epochs"), of which the
  // fraction `done_before` was done by an earlier run (a resumed training); the ETA extrapolates this run's pace.
  ProgressBar(bool quiet, std::string total, double done_before = 0);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // `fraction` of the biological time done (0..1); redraws at most ten times a second. `detail` (e.g. loss and
  // accuracy so far) is shown after the ETA.
  void update(double fraction, const std::string& detail = {});
  // Erases the bar, so the summary that follows starts on a clean line.
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  bool terminal_;  // stderr is a TTY: redraw in place; otherwise log a line now and then
  std::string total_;
  double done_before_;
  bool drawn_ = false;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_draw_{};
};

}  // namespace reef::cli
