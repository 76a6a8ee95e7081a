// The single YAML document of a text config, for config readers outside reef_io (the training config): syntax
// errors, a second document and input yaml-cpp 0.7 would loop on become ConfigErrors at their location, exactly as
// for network configs.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>

namespace reef::io {

YAML::Node load_yaml_document(std::string_view yaml, const std::string& display_name);

}  // namespace reef::io
