// DecodeLog: bounded violation reporting and strict mode for the event-file decoders.
#include "decode_log.hpp"

#include <algorithm>

#include "reef/core/error.hpp"

namespace reef::io {

DecodeLog::DecodeLog(std::string file, bool strict, std::size_t max_reported)
    : file_(std::move(file)), strict_(strict), max_reported_(max_reported) {}

void DecodeLog::violation(std::uint64_t offset, std::string_view kind, std::string detail) {
  if (strict_) {
    throw FormatError(file_, offset,
                      std::string(kind) + ": " + detail +
                          " (the file is damaged or not in the format it claims; without --strict the valid events "
                          "are still decoded)");
  }
  ++report_.total_violations;
  if (report_.violations.size() < max_reported_) {
    report_.violations.push_back(core::Violation{offset, std::string(kind), std::move(detail)});
  }
}

void DecodeLog::skipped(std::string_view reason, std::uint64_t count) {
  if (count == 0) return;
  report_.skipped_events[std::string(reason)] += count;
}

void DecodeLog::warning(std::string text) {
  auto& warnings = report_.warnings;
  if (std::find(warnings.begin(), warnings.end(), text) == warnings.end()) warnings.push_back(std::move(text));
}

}  // namespace reef::io
