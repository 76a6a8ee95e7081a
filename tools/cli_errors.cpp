// Maps every exception kind to its exit code and prints it as exactly one line: `reef: error: <message>`.
// Multi-line messages are folded onto one line; no stack trace ever reaches the user.
#include "cli_errors.hpp"

#include <boost/program_options/errors.hpp>
#include <cstdio>
#include <exception>
#include <new>

#include "reef/core/error.hpp"

namespace reef::cli {
namespace {

// Folds newlines (and the indentation after them) into "; " so a message is one line.
std::string one_line(const std::string& message) {
  std::string line;
  line.reserve(message.size());
  bool pending_break = false;
  for (char c : message) {
    if (c == '\n' || c == '\r') {
      pending_break = !line.empty();
      continue;
    }
    if (pending_break) {
      if (c == ' ' || c == '\t') continue;
      line += "; ";
      pending_break = false;
    }
    line += c;
  }
  return line.empty() ? "unknown error" : line;
}

int report(ExitCode code, const std::string& message) {
  std::fputs(("reef: error: " + one_line(message) + "\n").c_str(), stderr);
  std::fflush(stderr);
  return static_cast<int>(code);
}

std::string with_hint(const std::string& message, const std::string& help_hint) {
  return help_hint.empty() ? message : message + " (see '" + help_hint + "')";
}

}  // namespace

int run_reporting_errors(const std::function<int()>& body, const std::string& help_hint) {
  try {
    return body();
  } catch (const boost::program_options::error& e) {
    return report(ExitCode::usage, with_hint(e.what(), help_hint));
  } catch (const UsageError& e) {
    return report(ExitCode::usage, with_hint(e.what(), help_hint));
  } catch (const ConfigError& e) {
    return report(ExitCode::invalid_input, e.what());
  } catch (const FormatError& e) {
    return report(ExitCode::invalid_input, e.what());
  } catch (const ValidationError& e) {
    return report(ExitCode::invalid_input, e.what());
  } catch (const MappingError& e) {
    return report(ExitCode::invalid_input, e.what());
  } catch (const DeviceError& e) {
    return report(ExitCode::device, e.what());
  } catch (const InternalError& e) {
    return report(ExitCode::failure, std::string("internal error (a bug in reef): ") + e.what());
  } catch (const std::bad_alloc&) {
    return report(ExitCode::failure, "out of memory");
  } catch (const std::exception& e) {
    return report(ExitCode::failure, e.what());
  } catch (...) {
    return report(ExitCode::failure, "unknown failure");
  }
}

}  // namespace reef::cli
