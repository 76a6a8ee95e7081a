// Public entry to the network config's guarded YAML loading (config_document.hpp).
#include "reef/io/yaml_document.hpp"

#include "config_document.hpp"

namespace reef::io {

YAML::Node load_yaml_document(std::string_view yaml, const std::string& display_name) {
  return detail::load_single_document(yaml, display_name);
}

}  // namespace reef::io
