// chip.pb / chip.txtpb files: the format follows the extension; a file appears whole (core::AtomicOutput: written
// under a temporary sibling name, then renamed into place) or not at all, and an existing file stays as it was.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "reef/core/atomic_output.hpp"
#include "reef/core/error.hpp"
#include "reef/hw/chip_image_codec.hpp"

namespace reef::hw {
namespace {

namespace fs = std::filesystem;

enum class FileFormat { binary, text };

FileFormat format_of(const fs::path& path) {
  const std::string ext = path.extension().string();
  if (ext == ".pb") return FileFormat::binary;
  if (ext == ".txtpb" || ext == ".textproto") return FileFormat::text;
  throw UsageError("chip configuration file '" + path.string() + "': unknown extension '" + ext +
                   "'; use .pb (binary) or .txtpb / .textproto (text format)");
}

std::string os_error(const char* action, const fs::path& path) {
  return std::string("cannot ") + action + " '" + path.string() + "': " + std::strerror(errno);
}

}  // namespace

void write_chip_image(const fs::path& path, const ChipImage& image) {
  const std::string bytes =
      format_of(path) == FileFormat::binary ? encode_chip_image(image) : chip_image_to_text(image);
  core::AtomicOutput output(path, core::AtomicOutput::Kind::file);
  std::ofstream out(output.temporary(), std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw Error(os_error("write", output.temporary()));
  output.commit();
}

ChipImage read_chip_image(const fs::path& path) {
  const FileFormat format = format_of(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(os_error("open", path));
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) throw Error(os_error("read", path));
  const std::string bytes = content.str();
  return format == FileFormat::binary ? decode_chip_image(bytes, path.string())
                                      : chip_image_from_text(bytes, path.string());
}

}  // namespace reef::hw
