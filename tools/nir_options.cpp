// The shared NIR command-line helpers declared in nir_options.hpp.
#include "nir_options.hpp"

#include <filesystem>

#include "reef/core/error.hpp"

namespace reef::cli {

bool names_nir_model(const Args& args) {
  for (const auto& arg : args)
    if (!arg.starts_with("-")) return std::filesystem::is_regular_file(arg) && io::is_nir_file(arg);
  return false;
}

bool names_network_config(const Args& args) {
  for (const auto& arg : args) {
    if (arg.starts_with("-")) continue;
    const std::string extension = std::filesystem::path(arg).extension().string();
    return extension == ".yaml" || extension == ".yml";
  }
  return false;
}

io::NirReadOptions nir_read_options(bool repair, const std::string& reset) {
  io::NirReadOptions options;
  options.repair = repair;
  if (reset == "subtract") options.reset_when_absent = core::ResetMode::subtract;
  else if (reset != "zero") throw UsageError("--reset must be zero or subtract, got \"" + reset + "\"");
  return options;
}

}  // namespace reef::cli
