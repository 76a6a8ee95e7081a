// reef_usb_board: plugs the emulated board (hw::BoardModel behind a live umockdev USB device) into a testbed and
// runs a program — usually `reef devices|flash|run|bench flash` — as a child that reaches it over the real libusb
// path. The model runs in this process; its slots persist in --state DIR between invocations.
//
//   reef_usb_board [--state DIR] [--serial S] [--protocol N] [--unplug-after-bytes N] [--busy] -- PROGRAM [ARGS...]
//
// Exit status: the child's.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "emulated_usb_board.hpp"

int main(int argc, char** argv) {
  reef::test::usbemu::ensure_preload(argv);  // uevents need the preload here too; the child inherits it
  reef::hw::BoardModelOptions options;
  reef::test::UsbFaults faults;
  int i = 1;
  for (; i < argc && std::strcmp(argv[i], "--") != 0; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--state" && has_value) {
      options.state_dir = argv[++i];
    } else if (arg == "--serial" && has_value) {
      options.serial = argv[++i];
    } else if (arg == "--protocol" && has_value) {
      options.protocol_version = options.min_protocol_version = static_cast<std::uint32_t>(std::atoi(argv[++i]));
    } else if (arg == "--unplug-after-bytes" && has_value) {
      faults.unplug_after_bytes = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--busy") {
      faults.busy = true;
    } else {
      std::fprintf(stderr, "reef_usb_board: unknown option '%s'\n", arg.c_str());
      return 2;
    }
  }
  if (i + 1 >= argc) {
    std::fprintf(stderr, "usage: %s [--state DIR] [--serial S] [--protocol N] [--unplug-after-bytes N] [--busy] "
                         "-- PROGRAM [ARGS...]\n", argv[0]);
    return 2;
  }
  UMockdevTestbed* testbed = umockdev_testbed_new();  // sets $UMOCKDEV_DIR, inherited by the child
  int status = 0;
  {
    auto model = std::make_shared<reef::hw::BoardModel>(options);
    reef::test::EmulatedUsbBoard board(testbed, model, faults);
    board.plug();
    const pid_t pid = fork();
    if (pid == 0) {
      execvp(argv[i + 1], argv + i + 1);
      std::perror("reef_usb_board: exec");
      _exit(127);
    }
    waitpid(pid, &status, 0);
  }
  g_object_unref(testbed);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
