// An output file or directory written under a temporary sibling name (`<target>.tmp-<pid>`) and renamed into place
// only when complete: readers never see partial output, and a failed write leaves nothing behind while an existing
// output stays as it was.
#pragma once

#include <filesystem>

namespace reef::core {

class AtomicOutput {
 public:
  enum class Kind { file, directory };

  // Checks that the target's folder exists; for a directory, creates the (empty) temporary directory.
  AtomicOutput(const std::filesystem::path& target, Kind kind);
  // Removes the temporary unless commit() succeeded.
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  const std::filesystem::path& target() const { return target_; }
  // Where to write: a file path, or the directory to fill.
  const std::filesystem::path& temporary() const { return temporary_; }

  // Moves the temporary into place. A directory replaces an existing directory of the same name (the old one is
  // removed only after the new one is in place).
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  Kind kind_;
  bool committed_ = false;
};

}  // namespace reef::core
