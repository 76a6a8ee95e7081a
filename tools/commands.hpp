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
int command_train(const CliContext& context, const Args& args);
int command_eval(const CliContext& context, const Args& args);
// Boards over USB (or the emulated board): list, flash a chip configuration, run events through it.
int command_devices(const CliContext& context, const Args& args);
int command_flash(const CliContext& context, const Args& args);
int command_run(const CliContext& context, const Args& args);
int command_quantize(const CliContext& context, const Args& args);
int command_map(const CliContext& context, const Args& args);
int command_chipsim(const CliContext& context, const Args& args);
int command_compare(const CliContext& context, const Args& args);

// Event-file forms of inspect, convert and bench (dispatched from their commands).
int inspect_events(const CliContext& context, const Args& args);
int convert_events(const CliContext& context, const Args& args);
int bench_decode(const CliContext& context, const Args& args);
// NIR models on the step engine (`reef sim MODEL.nir`) and the step-engine benchmarks (`reef bench braille`,
// `reef bench cuba --engine step`).
int sim_nir(const CliContext& context, const Args& args);
int bench_step(const CliContext& context, const Args& args);
// The bit-accurate chip simulator's benchmark (`reef bench chipsim`).
int bench_chipsim(const CliContext& context, const Args& args);
// Board upload throughput and per-transfer latency (`reef bench flash`).
int bench_flash(const CliContext& context, const Args& args);
// The training benchmark (`reef bench train`).
int bench_train(const CliContext& context, const Args& args);

// NIR-model forms of inspect and convert (dispatched from their commands).
int inspect_nir(const CliContext& context, const Args& args);
int convert_nir(const CliContext& context, const Args& args);

// The chip-configuration form of inspect (chip.pb / chip.txtpb; dispatched from command_inspect).
bool names_chip_config(const Args& args);
int inspect_chip(const CliContext& context, const Args& args);

}  // namespace reef::cli
