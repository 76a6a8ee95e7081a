// Draws the progress bar with carriage returns on stderr and erases it when the run ends.
// Only ever writes when stderr is a terminal, so redirected logs and test captures stay clean.
#include "progress_bar.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>

namespace reef::cli {
namespace {

constexpr auto kShowAfter = std::chrono::seconds(1);
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);
constexpr int kBarWidth = 30;

std::string clock_text(double seconds) {
  const auto total = static_cast<long>(seconds + 0.5);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%ld:%02ld", total / 60, total % 60);
  return buffer;
}

}  // namespace

ProgressBar::ProgressBar(bool quiet, core::Time duration) : ProgressBar(quiet, core::format_duration(duration)) {}

ProgressBar::ProgressBar(bool quiet, std::string total)
    : enabled_(!quiet && isatty(STDERR_FILENO) == 1), total_(std::move(total)) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(double fraction, const std::string& detail) {
  if (!enabled_) return;
  const auto now = Clock::now();
  if (now - start_ < kShowAfter || now - last_draw_ < kRedrawEvery) return;
  last_draw_ = now;
  fraction = std::clamp(fraction, 0.0, 1.0);
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const std::string eta = fraction > 0 ? clock_text(elapsed * (1 - fraction) / fraction) : "?";
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
