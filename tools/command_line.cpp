// Parses subcommand options with Boost.Program_options and prints their help pages.
// Values that Boost would accept too loosely (negative seeds wrap around) are parsed here instead.
#include "command_line.hpp"

#include <charconv>
#include <cmath>
#include <iostream>

#include "reef/core/error.hpp"

namespace reef::cli {

po::options_description option_list(const std::string& caption) {
  return po::options_description(caption, kHelpWidth, kHelpDescriptionColumn);
}

std::optional<po::variables_map> parse_command_line(const Args& args, po::options_description visible,
                                                    const std::string& argument, const CommandHelp& help) {
  return parse_command_line(args, std::move(visible), std::vector<std::string>{argument}, help);
}

std::optional<po::variables_map> parse_command_line(const Args& args, po::options_description visible,
                                                    const std::vector<std::string>& arguments,
                                                    const CommandHelp& help) {
  visible.add_options()("help,h", "show this help and exit");
  po::options_description hidden;
  po::positional_options_description positional;
  for (const auto& argument : arguments) {
    hidden.add_options()(argument.c_str(), po::value<std::string>());
    positional.add(argument.c_str(), 1);
  }
  po::options_description all;
  all.add(visible).add(hidden);
  po::variables_map values;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), values);
  } catch (const po::too_many_positional_options_error&) {
    throw UsageError("too many arguments; usage: " + help.usage);
  }
  if (values.count("help") != 0) {
    po::options_description global = option_list("global options (also accepted before the command)");
    global.add_options()("verbose,v", "log more on stderr (-vv debug, -vvv trace)")(
        "quiet,q", "log only errors on stderr and draw no progress bar");
    po::options_description shown = option_list("");
    shown.add(visible).add(global);
    std::cout << "usage: " << help.usage << "\n\n" << help.description << "\n" << shown;
    if (!help.details.empty()) std::cout << '\n' << help.details;
    std::cout << "\nexamples:\n" << help.examples;
    return std::nullopt;
  }
  po::notify(values);
  return values;
}

std::string required_argument(const po::variables_map& values, const std::string& name, const std::string& what) {
  if (values.count(name) == 0) throw UsageError("missing " + what);
  return values[name].as<std::string>();
}

core::Time parse_duration_option(const std::string& text, const std::string& option) {
  const auto duration = core::parse_duration(text);
  if (!duration || duration->ns() <= 0) {
    throw UsageError("invalid value '" + text + "' for " + option +
                     ": expected a duration > 0 with a unit, e.g. 1s, 250ms, 100us (a bare number is seconds)");
  }
  return *duration;
}

std::uint64_t parse_seed_option(const std::string& text, const std::string& option) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    throw UsageError("invalid value '" + text + "' for " + option + ": expected a whole number from 0 to 2^64-1");
  }
  return value;
}

double parse_positive_option(const std::string& text, const std::string& option) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || !std::isfinite(value) ||
      value <= 0) {
    throw UsageError("invalid value '" + text + "' for " + option + ": expected a number > 0, e.g. 0.5 or 2");
  }
  return value;
}

}  // namespace reef::cli
