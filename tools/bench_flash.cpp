// `reef bench flash`: uploads a block of bytes to a board's inactive slot several times (upload and commit, never
// activated) and reports throughput and the latency of each chunk transfer (a bulk OUT request and its bulk IN reply).
// Through the real libusb path with the emulated board: run it under the test helper, see the help text.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <random>
#include <vector>

#include "commands.hpp"
#include "device_options.hpp"
#include "text_format.hpp"

namespace reef::cli {
namespace {

const CommandHelp kHelp{
    .usage = "reef bench flash [--device SERIAL|BUS:ADDR|emu] [--bytes N] [--repeat K]",
    .description =
        "Uploads N pseudo-random bytes K times into the board's inactive slot (each upload committed and checked by\n"
        "SHA-256 on the board, never activated) and prints the upload throughput and the per-chunk latency (median,\n"
        "95th percentile, max). With --device emu the emulated board runs in this process (no USB). To time the real\n"
        "libusb path against the emulated board, run the command under the USB emulator that the device tests use\n"
        "(built with -DREEF_BUILD_TESTS=ON, needs umockdev):\n"
        "  build/<dir>/tests/usb/reef_usb_board -- build/<dir>/tools/reef bench flash",
    .details = "",
    .examples = "  reef bench flash --device emu                 # protocol and board model cost only\n"
                "  reef bench flash --bytes 4000000 --repeat 3   # the only board attached\n",
};

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<std::size_t>(p * static_cast<double>(values.size())))];
}

}  // namespace

int bench_flash(const CliContext&, const Args& args) {
  po::options_description options = option_list("options");
  add_device_options(options);
  options.add_options()
      ("bytes", po::value<std::uint64_t>()->default_value(1u << 20), "bytes per upload (at most the slot capacity)")
      ("repeat", po::value<int>()->default_value(5), "uploads to time");
  const auto values = parse_command_line(args, options, std::vector<std::string>{}, kHelp);
  if (!values) return 0;
  const std::uint64_t bytes = (*values)["bytes"].as<std::uint64_t>();
  const int repeat = (*values)["repeat"].as<int>();
  if (bytes == 0 || repeat < 1) throw UsageError("--bytes and --repeat must be at least 1");

  std::string payload(bytes, '\0');
  std::mt19937 random(7);
  for (auto& byte : payload) byte = static_cast<char>(random() & 0xffU);

  auto board = hw::open_board(board_selection(*values));
  std::cout << report_line("board", board->transport().description() + " (serial " + board->identity().serial +
                                        ", firmware " + board->identity().firmware_version + ")")
            << report_line("upload", group_digits(bytes) + " bytes x " + std::to_string(repeat) + " in chunks of " +
                                         group_digits(std::min<std::uint64_t>(board->identity().max_chunk_bytes,
                                                                              hw::board::kMaxChunkBytes)) +
                                         " bytes")
            << std::flush;
  using Clock = std::chrono::steady_clock;
  std::vector<double> chunk_ms;
  std::vector<double> upload_s;
  for (int i = 0; i < repeat; ++i) {
    payload[i % payload.size()] ^= 1;  // a different hash each time: nothing is skipped as already present
    Clock::time_point last = Clock::now();
    const Clock::time_point start = last;
    board->upload(payload, {.verify = false, .progress = [&](std::uint64_t sent, std::uint64_t) {
                              const Clock::time_point now = Clock::now();
                              if (sent > 0) {
                                chunk_ms.push_back(std::chrono::duration<double, std::milli>(now - last).count());
                              }
                              last = now;
                            }});
    upload_s.push_back(std::chrono::duration<double>(Clock::now() - start).count());
  }
  const double median_s = percentile(upload_s, 0.5);
  std::cout << report_line("throughput", fixed(static_cast<double>(bytes) / median_s / (1024.0 * 1024.0), 2) +
                                             " MiB/s (median upload " + seconds_text(median_s) +
                                             ", including begin and commit)")
            << report_line("per chunk", "median " + fixed(percentile(chunk_ms, 0.5), 3) + " ms, p95 " +
                                            fixed(percentile(chunk_ms, 0.95), 3) + " ms, max " +
                                            fixed(percentile(chunk_ms, 1.0), 3) + " ms over " +
                                            group_digits(chunk_ms.size()) + " transfers")
            << report_line("retries", std::to_string(board->retries()));
  return 0;
}

}  // namespace reef::cli
