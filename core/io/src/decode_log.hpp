// What a streaming decoder tells about its input while it runs: violations with their byte offsets (the first few
// kept, all counted), events skipped per reason, warnings. In strict mode the first violation throws FormatError.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "reef/core/event_stream.hpp"

namespace reef::io {

class DecodeLog {
 public:
  // `file` names the input in errors; `max_reported` violations are kept, later ones only counted.
  DecodeLog(std::string file, bool strict, std::size_t max_reported);

  // A piece of input that breaks the format at absolute byte `offset`: short stable `kind`, and `detail` saying
  // what was found and what was expected. Throws FormatError when strict.
  void violation(std::uint64_t offset, std::string_view kind, std::string detail);
  // `count` events (or records) of the input were not turned into events, for `reason`.
  void skipped(std::string_view reason, std::uint64_t count);
  // Something valid but worth knowing (shown once per distinct text).
  void warning(std::string text);

  const std::string& file() const { return file_; }
  const core::DecodeReport& report() const { return report_; }

 private:
  std::string file_;
  bool strict_;
  std::size_t max_reported_;
  core::DecodeReport report_;
};

}  // namespace reef::io
