// The chip configuration file (chip.pb): ChipImage ↔ the versioned protobuf schema in proto/chip_config.proto.
// Binary serialization is deterministic (byte-identical across runs and machines); the text format is for review
// and diffs. No protobuf type appears here: only hw/src/chip_image_codec.cpp includes the generated code.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include "reef/hw/chip_image.hpp"

namespace reef::hw {

// The schema version this reef writes; files with a newer major version are refused.
inline constexpr std::uint32_t kChipConfigSchemaVersion = 1;

std::string encode_chip_image(const ChipImage& image);              // deterministic binary bytes
std::string chip_image_to_text(const ChipImage& image);             // protobuf text format
// Parse and check. `origin` names the source in errors. Throws FormatError (not a chip config, truncated, bad field,
// newer schema: what to update) or MappingError (the configuration breaks the named chip's rules).
ChipImage decode_chip_image(std::string_view bytes, const std::string& origin);
ChipImage chip_image_from_text(std::string_view text, const std::string& origin);

// Files: written atomically; the format follows the extension (.pb binary, .txtpb / .textproto text).
void write_chip_image(const std::filesystem::path& path, const ChipImage& image);
ChipImage read_chip_image(const std::filesystem::path& path);

// SHA-256 of encode_chip_image(image), lowercase hex: the configuration's identity on boards and in `reef inspect`.
std::string chip_image_hash(const ChipImage& image);

}  // namespace reef::hw
