// The --map option: event -> input channel mapping of replayed streams (event_channels.hpp).
#include "event_channels.hpp"

#include <string>

#include "reef/core/error.hpp"
#include "text_format.hpp"

namespace reef::cli {

core::EventInputMapping event_channel_mapping(const po::variables_map& values,
                                              const core::TransformedEventSource& source) {
  const core::StreamInfo& info = source.info();
  if (values.count("map") == 0) return core::EventInputMapping::for_stream(info, source.polarities());
  const std::string kind = values["map"].as<std::string>();
  if (kind == "pixels") {
    return core::EventInputMapping(core::InputMappingKind::pixels, info.width, info.height, source.polarities());
  }
  if (kind == "channels") return core::EventInputMapping(core::InputMappingKind::channels, info.width, 1, 1);
  throw UsageError("invalid value '" + kind + "' for --map: expected pixels or channels");
}

void require_channel_count(const core::EventInputMapping& mapping, std::size_t channels, const std::string& target) {
  if (mapping.channel_count() == channels) return;
  throw UsageError(
      "the events map to " + group_digits(mapping.channel_count()) + " channels (" +
      (mapping.kind() == core::InputMappingKind::pixels
           ? std::to_string(mapping.polarities()) + " x " + std::to_string(mapping.height()) + " x " +
                 std::to_string(mapping.width()) + " pixels"
           : std::string("channels")) +
      ") but " + target + " has " + group_digits(channels) +
      "; make them match: resize the target, or change the sensor size with --crop/--downsample/--polarity merge");
}

}  // namespace reef::cli
