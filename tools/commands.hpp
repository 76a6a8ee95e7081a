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
int command_convert(const CliContext& context, const Args& args);
int command_replay(const CliContext& context, const Args& args);
int command_plot(const CliContext& context, const Args& args);

// Event-file forms of inspect, convert and bench (dispatched from their commands).
int inspect_events(const CliContext& context, const Args& args);
int convert_events(const CliContext& context, const Args& args);
int bench_decode(const CliContext& context, const Args& args);
// NIR models on the step engine (`reef sim MODEL.nir`) and the step-engine benchmarks (`reef bench braille`,
// `reef bench cuba --engine step`).
int sim_nir(const CliContext& context, const Args& args);
int bench_step(const CliContext& context, const Args& args);

// NIR-model forms of inspect and convert (dispatched from their commands).
int inspect_nir(const CliContext& context, const Args& args);
int convert_nir(const CliContext& context, const Args& args);

}  // namespace reef::cli
