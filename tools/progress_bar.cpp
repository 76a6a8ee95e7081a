// Draws the progress bar with carriage returns on stderr and erases it when the run ends. When stderr is not a
// terminal (a log file, nohup, CI), it writes a plain progress line every 30 s instead, so short runs and test
// captures stay clean and long ones still show that they are moving.
#include "progress_bar.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>

namespace reef::cli {
namespace {

constexpr auto kShowAfter = std::chrono::seconds(1);
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);
constexpr auto kLogEvery = std::chrono::seconds(30);
constexpr int kBarWidth = 30;

std::string clock_text(double seconds) {
  const auto total = static_cast<long>(seconds + 0.5);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%ld:%02ld", total / 60, total % 60);
  return buffer;
}

}  // namespace

double remaining_seconds(double elapsed, double fraction, double done_before) {
  const double done = fraction - done_before;  // by this run, in `elapsed`
  return done > 0 ? elapsed * (1 - fraction) / done : -1;
}

ProgressBar::ProgressBar(bool quiet, core::Time duration) : ProgressBar(quiet, core::format_duration(duration)) {}

ProgressBar::ProgressBar(bool quiet, std::string total, double done_before)
    : enabled_(!quiet), terminal_(isatty(STDERR_FILENO) == 1), total_(std::move(total)), done_before_(done_before) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(double fraction, const std::string& detail) {
  if (!enabled_) return;
  const auto now = Clock::now();
  const Clock::duration first = terminal_ ? Clock::duration(kShowAfter) : Clock::duration(kLogEvery);
  const Clock::duration every = terminal_ ? Clock::duration(kRedrawEvery) : Clock::duration(kLogEvery);
  if (now - start_ < first || now - last_draw_ < every) return;
  last_draw_ = now;
  fraction = std::clamp(fraction, 0.0, 1.0);
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double remaining = remaining_seconds(elapsed, fraction, done_before_);
  const std::string eta = remaining >= 0 ? clock_text(remaining) : "?";
  if (!terminal_) {
    std::fprintf(stderr, "progress %3d%% of %s  elapsed %s  ETA %s%s%s\n", static_cast<int>(fraction * 100),
                 total_.c_str(), clock_text(elapsed).c_str(), eta.c_str(), detail.empty() ? "" : "  ", detail.c_str());
    std::fflush(stderr);
    return;
  }
  const int filled = static_cast<int>(fraction * kBarWidth);
  const std::string bar = std::string(static_cast<std::size_t>(filled), '#') +
                          std::string(static_cast<std::size_t>(kBarWidth - filled), '.');
  std::fprintf(stderr, "\r[%s] %3d%% of %s  elapsed %s  ETA %s%s%s\033[K", bar.c_str(),
               static_cast<int>(fraction * 100), total_.c_str(), clock_text(elapsed).c_str(), eta.c_str(),
               detail.empty() ? "" : "  ", detail.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::finish() {
  if (!drawn_) return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace reef::cli
