// Option parsing shared by the subcommands: Boost.Program_options with a help page per command
// (usage, description, options with defaults, examples) and checked parsing of durations and seeds.
#pragma once

#include <boost/program_options.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "reef/core/time.hpp"

namespace reef::cli {

namespace po = boost::program_options;

// Width of the option lists in help pages, and where option descriptions start at the latest.
constexpr unsigned kHelpWidth = 110;
constexpr unsigned kHelpDescriptionColumn = kHelpWidth - 80;

// An empty option list that prints at the width of the help pages.
po::options_description option_list(const std::string& caption);

struct CommandHelp {
  std::string usage;        // "reef sim NETWORK.yaml [options]"
  std::string description;  // a paragraph on what the command does
  std::string details;      // extra reference sections (may be empty)
  std::string examples;     // one example per line, each with a comment
};

// Parses `args`: `visible` options are listed in the help; the one positional argument is stored under the name
// `argument` (read it with required_argument). Adds -h/--help; returns nullopt after printing the help page to
// stdout when it was asked for. Unknown options and bad values throw boost::program_options errors (exit code 2).
std::optional<po::variables_map> parse_command_line(const Args& args, po::options_description visible,
                                                    const std::string& argument, const CommandHelp& help);
// The same for commands with several positional arguments, stored in order under the names in `arguments`.
std::optional<po::variables_map> parse_command_line(const Args& args, po::options_description visible,
                                                    const std::vector<std::string>& arguments,
                                                    const CommandHelp& help);

// The value of a required positional argument, or a UsageError naming it.
std::string required_argument(const po::variables_map& values, const std::string& name, const std::string& what);

// A duration such as 1s, 250ms, 0.5 (seconds); UsageError naming `option` otherwise. Must be > 0.
core::Time parse_duration_option(const std::string& text, const std::string& option);
// A non-negative 64-bit integer; UsageError naming `option` otherwise.
std::uint64_t parse_seed_option(const std::string& text, const std::string& option);
// A number > 0; UsageError naming `option` otherwise.
double parse_positive_option(const std::string& text, const std::string& option);

}  // namespace reef::cli
