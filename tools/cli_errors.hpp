// The one place that turns a failure into an exit code and a single `reef: error: ...` line on stderr.
// Every command body runs inside run_reporting_errors(); nothing else in tools/ catches exceptions.
#pragma once

#include <functional>
#include <string>

namespace reef::cli {

// Exit codes of the `reef` executable (documented in README.md, "Exit codes").
enum class ExitCode : int {
  ok = 0,
  failure = 1,        // runtime failure: reef::Error, InternalError, std::exception, out of memory
  usage = 2,          // usage error: unknown command or option, missing or bad argument
  invalid_input = 3,  // invalid input: ConfigError, FormatError, ValidationError, MappingError
  device = 4,         // device error: DeviceError
};

// Runs `body` and returns its exit code; an exception becomes one line on stderr and the code of its kind.
// `help_hint` (e.g. "reef sim --help") is appended to usage errors so the user knows where to look.
int run_reporting_errors(const std::function<int()>& body, const std::string& help_hint);

}  // namespace reef::cli
