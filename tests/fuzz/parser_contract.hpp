// The contract every parser fuzz target checks: bad input may only end in a reef::Error (an InternalError is a
// bug, not bad input), and what a parser returns must keep the properties its header promises.
#pragma once

#include <cstdio>
#include <cstdlib>

#include "reef/core/error.hpp"

namespace reef::fuzz {

// Calls `parse`; a reef::Error ends it quietly. Anything else escapes and terminates the process, which is how
// libFuzzer and the replay driver see a bug.
template <typename Parse>
void expect_only_reef_errors(Parse&& parse) {
  try {
    parse();
  } catch (const InternalError&) {
    throw;
  } catch (const Error&) {
  }
}

// Aborts naming the broken property when a successful parse returned something its header rules out.
inline void require(bool holds, const char* property) {
  if (holds) return;
  std::fprintf(stderr, "parser returned a result that breaks: %s\n", property);
  std::abort();
}

}  // namespace reef::fuzz
