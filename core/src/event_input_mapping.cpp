// Event -> network input channel mapping (event_input_mapping.hpp).
#include "reef/core/event_input_mapping.hpp"

#include <string>

#include "reef/core/error.hpp"

namespace reef::core {

EventInputMapping::EventInputMapping(InputMappingKind kind, std::uint16_t width, std::uint16_t height,
                                     std::uint8_t polarities)
    : kind_(kind), width_(width), height_(height), polarities_(polarities) {
  if (polarities_ != 1 && polarities_ != 2) {
    throw ValidationError("an input mapping has 1 or 2 polarities, not " + std::to_string(polarities_));
  }
  if (width_ == 0 || height_ == 0) {
    throw ValidationError("mapping events to input channels needs the sensor size, and the stream does not state "
                          "one; give a crop rectangle to set it");
  }
  channel_count_ = kind_ == InputMappingKind::channels ? width_ : std::size_t{polarities_} * height_ * width_;
}

EventInputMapping EventInputMapping::for_stream(const StreamInfo& info, std::uint8_t polarities) {
  return EventInputMapping(info.channel_stream ? InputMappingKind::channels : InputMappingKind::pixels, info.width,
                           info.channel_stream ? std::uint16_t{1} : info.height, polarities);
}

}  // namespace reef::core
