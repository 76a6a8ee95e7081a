// YAML text to the single document of a network config. Syntax errors, a second document, and input that
// yaml-cpp 0.7 would loop on forever or silently drop (a stray ',') become ConfigErrors at their location.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>

namespace reef::io::detail {

YAML::Node load_single_document(std::string_view yaml, const std::string& display_name);

}  // namespace reef::io::detail
