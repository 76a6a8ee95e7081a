// Temporary-sibling-then-rename output, the one way reef makes files and directories appear whole.
#include "reef/core/atomic_output.hpp"

#include <string>
#include <system_error>
#include <unistd.h>

#include "reef/core/error.hpp"

namespace reef::core {
namespace {

namespace fs = std::filesystem;

// "out/" and "out" name the same directory; the sibling names are built from the form without separators.
fs::path without_trailing_separators(const fs::path& path) {
  std::string text = path.string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

fs::path sibling(const fs::path& target, const char* tag) {
  return target.string() + tag + std::to_string(::getpid());
}

void rename_or_throw(const fs::path& from, const fs::path& to, const fs::path& target) {
  std::error_code error;
  fs::rename(from, to, error);
  if (error) throw Error("cannot move output into place as '" + target.string() + "': " + error.message());
}

}  // namespace

AtomicOutput::AtomicOutput(const fs::path& target, Kind kind)
    : target_(without_trailing_separators(target)), temporary_(sibling(target_, ".tmp-")), kind_(kind) {
  const fs::path parent = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  std::error_code error;
  if (!fs::is_directory(parent, error)) {
    throw Error("cannot write '" + target_.string() + "': folder '" + parent.string() + "' does not exist");
  }
  if (kind_ == Kind::directory) {
    fs::remove_all(temporary_, error);
    if (!fs::create_directory(temporary_, error)) {
      throw Error("cannot create directory '" + temporary_.string() + "': " + error.message());
    }
  }
}

AtomicOutput::~AtomicOutput() {
  if (committed_) return;
  std::error_code ignored;
  fs::remove_all(temporary_, ignored);
}

void AtomicOutput::commit() {
  std::error_code error;
  const fs::file_status existing = fs::symlink_status(target_, error);
  if (kind_ == Kind::file || !fs::exists(existing)) {
    rename_or_throw(temporary_, target_, target_);
  } else if (!fs::is_directory(existing)) {
    throw Error("cannot write directory '" + target_.string() + "': something that is not a directory has that name");
  } else {
    const fs::path old = sibling(target_, ".old-");
    fs::remove_all(old, error);
    rename_or_throw(target_, old, target_);
    fs::rename(temporary_, target_, error);
    if (error) {
      std::error_code ignored;
      fs::rename(old, target_, ignored);
      throw Error("cannot move output into place as '" + target_.string() + "': " + error.message());
    }
    fs::remove_all(old, error);
  }
  committed_ = true;
}

}  // namespace reef::core
