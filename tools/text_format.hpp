// Number and table formatting for the human-readable reports of `reef sim`, `inspect` and `bench`:
// digit grouping, SI and binary prefixes, and left/right-aligned text columns.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace reef::cli {

std::string group_digits(std::uint64_t value);          // 319792 -> "319,792"
std::string fixed(double value, int decimals);          // fixed(5.6213, 2) -> "5.62"
std::string compact(double value);                      // shortest faithful form: 1.62, -60, 1e-05
std::string si_prefixed(double value);                  // 22.2e6 -> "22.2 M", 950 -> "950"
std::string binary_bytes(std::uint64_t bytes);          // 4300000 -> "4.1 MiB"
std::string seconds_text(double seconds);               // 0.0814 -> "0.081 s", 12.34 -> "12.3 s"
// "12.3x faster than real time" / "2.5x slower than real time" for `bio_seconds` simulated in `wall_seconds`.
std::string real_time_ratio(double bio_seconds, double wall_seconds);

// A two-column "label  text" report line: the label padded to a fixed width so values line up.
std::string report_line(const std::string& label, const std::string& text);

// A table of text cells printed with columns padded to their widest cell; numeric columns right-aligned.
class TextTable {
 public:
  // `right_aligned[i]` says whether column i is right-aligned; the header row is aligned the same way.
  TextTable(std::vector<std::string> header, std::vector<bool> right_aligned);
  void add_row(std::vector<std::string> cells);
  std::string render(const std::string& indent = "") const;

 private:
  std::vector<std::vector<std::string>> rows_;
  std::vector<bool> right_aligned_;
};

}  // namespace reef::cli
