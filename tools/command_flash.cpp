// `reef flash chip.pb`: uploads a chip configuration to a board's inactive slot, lets the board check its SHA-256,
// optionally reads the hash back (--verify), and only then activates it; --dry-run prints the plan instead.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

#include "commands.hpp"
#include "device_options.hpp"
#include "reef/core/error.hpp"
#include "reef/hw/chip_image_codec.hpp"
#include "text_format.hpp"

namespace reef::cli {
namespace {

const CommandHelp kHelp{
    .usage = "reef flash CHIP.pb [--device SERIAL|BUS:ADDR|emu] [--verify] [--dry-run]",
    .description =
        "Flashes a chip configuration (from `reef map`) to a board safely: the bytes go to the board's inactive\n"
        "configuration slot, the board checks their SHA-256, --verify reads the stored hash back, and only then is\n"
        "the slot activated. An interrupted or corrupted upload leaves the previous configuration active; transient\n"
        "USB errors (timeouts, stalls, garbled replies) are retried with backoff and the upload resumes where the\n"
        "board left off. A configuration that is already active is not uploaded again.",
    .details = "exit codes: 3 the file is not a valid chip configuration; 4 a device error (the message says what to "
               "do)\n",
    .examples = "  reef flash braille.pb --verify              # the only board attached\n"
                "  reef flash braille.pb --device emu          # the emulated board\n"
                "  reef flash braille.pb --device 1:7 --dry-run\n",
};

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("cannot open '" + path.string() + "'");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::string rate(double bytes, double seconds) {
  return fixed(seconds > 0 ? bytes / seconds / 1024.0 : 0.0, 1) + " KiB/s";
}

// "[#########           ]  45%  92160/204800 bytes  812.3 KiB/s" on stderr, only on a terminal.
class FlashProgress {
 public:
  explicit FlashProgress(bool quiet) : enabled_(!quiet && isatty(STDERR_FILENO) != 0) {}
  void update(std::uint64_t sent, std::uint64_t total) {
    if (!enabled_ || total == 0) return;
    const double fraction = static_cast<double>(sent) / static_cast<double>(total);
    const int filled = static_cast<int>(fraction * 30);
    std::fprintf(stderr, "\r[%s%s] %3d%%  %llu/%llu bytes  %s", std::string(filled, '#').c_str(),
                 std::string(30 - filled, ' ').c_str(), static_cast<int>(fraction * 100),
                 static_cast<unsigned long long>(sent), static_cast<unsigned long long>(total),
                 rate(static_cast<double>(sent), seconds()).c_str());
    drawn_ = true;
  }
  void finish() {
    if (drawn_) std::fprintf(stderr, "\r%s\r", std::string(79, ' ').c_str());
  }
  double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace

int command_flash(const CliContext& context, const Args& args) {
  po::options_description options = option_list("options");
  add_device_options(options);
  options.add_options()
      ("verify", po::bool_switch(), "read the stored configuration's hash back before activating it")
      ("dry-run", po::bool_switch(), "print what would be uploaded where, and change nothing");
  const auto values = parse_command_line(args, options, "config", kHelp);
  if (!values) return 0;
  const std::filesystem::path path = required_argument(*values, "config", "the chip configuration (chip.pb)");
  const std::string file = read_bytes(path);
  const bool binary = path.extension() == ".pb";
  const hw::ChipImage image =
      binary ? hw::decode_chip_image(file, path.string()) : hw::chip_image_from_text(file, path.string());
  const std::string chip_pb = binary ? file : hw::encode_chip_image(image);

  auto board = hw::open_board(board_selection(*values));
  const auto& identity = board->identity();
  const std::string where = board->transport().description() + " (serial " + identity.serial + ")";
  if (image.chip != identity.chip) {
    throw DeviceError(hw::BoardErrc::rejected, path.string() + " is a configuration for " + image.chip + ", " +
                                                  where + " carries " + identity.chip +
                                                  ": map the model for that chip (reef map --chip " + identity.chip +
                                                  ")");
  }
  const hw::FlashPlan plan = board->plan_flash(chip_pb);
  if ((*values)["dry-run"].as<bool>()) {
    std::cout << "dry run: nothing is changed\n"
              << "board:      " << where << ", chip " << identity.chip << '\n'
              << "active:     " << (plan.active_hash.empty() ? "none" : plan.active_hash) << '\n'
              << "upload:     " << path.string() << ", " << plan.bytes << " bytes in " << plan.chunks
              << " chunks to slot " << plan.slot << '\n'
              << "sha256:     " << plan.sha256 << '\n'
              << "then:       " << (plan.already_active ? "nothing (this configuration is already active)"
                                                        : std::string((*values)["verify"].as<bool>()
                                                                          ? "verify the read-back hash, "
                                                                          : "") +
                                                              "activate slot " + std::to_string(plan.slot))
              << '\n';
    return 0;
  }
  FlashProgress progress(context.quiet);
  const hw::FlashReport report =
      board->flash(chip_pb, {.verify = (*values)["verify"].as<bool>(),
                             .progress = [&](std::uint64_t sent, std::uint64_t total) {
                               progress.update(sent, total);
                             }});
  progress.finish();
  const double seconds = progress.seconds();
  if (report.plan.already_active) {
    std::cout << path.string() << " is already active on " << where << "\nsha256: " << plan.sha256 << '\n';
    return 0;
  }
  std::cout << "flashed " << path.string() << " to " << where << ", slot " << report.plan.slot << ": "
            << report.plan.bytes << " bytes in " << fixed(seconds, 3) << " s ("
            << rate(static_cast<double>(report.plan.bytes), seconds) << ")"
            << (report.retries > 0 ? ", " + std::to_string(report.retries) + " transient errors recovered" : "")
            << '\n'
            << (report.verified ? "verified: the board's read-back SHA-256 matches\n" : "")
            << "active: " << report.plan.sha256 << '\n';
  return 0;
}

}  // namespace reef::cli
