// The subcommands of `reef`: each takes the arguments after its name and returns an exit code (cli_errors.hpp).
// main.cpp strips the global options (-v/-q) before a command sees its arguments.
#pragma once

#include <string>
#include <vector>

namespace reef::cli {

// Settings shared by every command, from the global options.
struct CliContext {
  bool quiet = false;  // -q: no progress bar, only errors on stderr
};

using Args = std::vector<std::string>;

int command_sim(const CliContext& context, const Args& args);
int command_inspect(const CliContext& context, const Args& args);
int command_bench(const CliContext& context, const Args& args);

}  // namespace reef::cli
