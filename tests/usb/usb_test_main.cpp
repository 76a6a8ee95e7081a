// Entry point of test_usb: re-executes itself under libumockdev-preload (the emulated USB board needs it from
// process start), then runs the doctest cases. Exit 77 (skipped) when the preload cannot be arranged.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <signal.h>

#include "usb_emulator.hpp"

int main(int argc, char** argv) {
  reef::test::usbemu::ensure_preload(argv);
  signal(SIGHUP, SIG_IGN);  // a hung-up pty node must not kill a test run without a controlling tty
  doctest::Context context(argc, argv);
  return context.run();
}
