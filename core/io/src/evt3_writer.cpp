// Writer of Prophesee EVT 3.0 .raw files: a standard '%' header with the sensor geometry, then 16-bit words with
// TIME_HIGH/TIME_LOW only when the time changes, EVT_ADDR_Y when the row changes, and runs of >= 3 events of one
// time, row and polarity with increasing x packed into VECT_BASE_X + VECT_12 words.
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "reef/core/atomic_output.hpp"
#include "event_formats.hpp"
#include "file_io.hpp"
#include "reef/core/error.hpp"

namespace reef::io {
namespace {

constexpr std::uint32_t kMaxAddress = 2047;      // EVT 3.0 addresses are 11 bits
constexpr std::int64_t kHighStepLimit = 2047;    // larger TIME_HIGH steps would look like a wrap to a decoder
constexpr std::size_t kMinVectorRun = 3;         // VECT_BASE_X + VECT_12 beats ADDR_X words from 3 events on
constexpr std::size_t kFlushWords = std::size_t{1} << 16;

class Evt3Writer final : public core::EventSink {
 public:
  Evt3Writer(const std::filesystem::path& path, const core::StreamInfo& info)
      : output_(path, core::AtomicOutput::Kind::file),
        body_path_(output_.temporary().string() + ".body"),
        body_(std::make_unique<OutputFile>(body_path_)),
        info_(info) {}

  ~Evt3Writer() override {
    body_.reset();
    std::error_code ignored;
    std::filesystem::remove(body_path_, ignored);
  }

  void write(std::span<const core::Event> events) override {
    for (std::size_t i = 0; i < events.size();) i += encode(events, i);
    if (words_.size() >= kFlushWords) flush();
  }

  void close() override {
    flush();
    body_->close();
    OutputFile file(output_.temporary());
    file.write(header());
    std::FILE* body = std::fopen(body_path_.c_str(), "rb");
    if (body == nullptr) throw Error(os_error_message("open", body_path_));
    std::vector<char> buffer(std::size_t{1} << 20);
    for (std::size_t got; (got = std::fread(buffer.data(), 1, buffer.size(), body)) > 0;)
      file.write(buffer.data(), got);
    const bool failed = std::ferror(body) != 0;
    std::fclose(body);
    if (failed) throw Error(os_error_message("read", body_path_));
    file.close();
    output_.commit();
  }

 private:
  void word(std::uint32_t type, std::uint32_t payload) {
    words_.push_back(static_cast<std::uint16_t>(type << 12 | payload));
  }

  void flush() {
    body_->write(words_.data(), words_.size() * sizeof(std::uint16_t));
    words_.clear();
  }

  // Encodes the event at `i` (and the run of events a vector word can carry with it); returns how many.
  std::size_t encode(std::span<const core::Event> events, std::size_t i) {
    const core::Event& e = events[i];
    check(e);
    set_time(e.t.ns() / 1000);
    if (!have_row_ || e.y != row_) {
      word(0x0, e.y);
      row_ = e.y;
      have_row_ = true;
    }
    // Events that share one VECT_12 window starting at e.x.
    const auto same_cell = [&](std::size_t j) {
      return j < events.size() && events[j].t == e.t && events[j].y == e.y && events[j].polarity == e.polarity &&
             events[j].x > events[j - 1].x;
    };
    std::size_t end = i + 1;
    while (same_cell(end) && events[end].x < e.x + 12u) ++end;
    if (end - i < kMinVectorRun) {
      word(0x2, static_cast<std::uint32_t>(e.polarity & 1) << 11 | e.x);
      return 1;
    }
    word(0x3, static_cast<std::uint32_t>(e.polarity & 1) << 11 | e.x);
    std::uint32_t base = e.x;
    std::size_t j = i;
    while (true) {
      std::uint32_t mask = 0;
      for (; j < end; ++j) mask |= 1u << (events[j].x - base);
      word(0x4, mask);
      base += 12;
      // The next window continues the vector while the run goes on inside it.
      for (std::size_t k = j; k < events.size() && same_cell(k) && events[k].x < base + 12u; ++k) end = k + 1;
      if (end == j) break;
    }
    for (std::size_t k = i + 1; k < j; ++k) check(events[k]);
    return j - i;
  }

  void check(const core::Event& e) {
    const std::int64_t ns = e.t.ns();
    if (ns < 0 || ns % 1000 != 0) {
      throw ValidationError("EVT 3.0 stores whole non-negative microseconds; an event at " + std::to_string(ns) +
                            " ns cannot be written losslessly (write NPY or AEDAT 4 instead)");
    }
    if (ns < last_ns_) {
      throw ValidationError("events must be written in time order: " + std::to_string(ns) + " ns after " +
                            std::to_string(last_ns_) + " ns");
    }
    last_ns_ = ns;
    const std::uint32_t width = info_.width != 0 ? info_.width : kMaxAddress + 1;
    const std::uint32_t height = info_.height != 0 ? info_.height : kMaxAddress + 1;
    if (e.x >= width || e.y >= height || e.polarity > 1) {
      throw ValidationError("event (x=" + std::to_string(e.x) + ", y=" + std::to_string(e.y) + ", p=" +
                            std::to_string(e.polarity) + ") does not fit EVT 3.0 on a " + std::to_string(width) +
                            "x" + std::to_string(height) + " sensor (addresses up to 2047, polarity 0 or 1)");
    }
    max_x_ = std::max<std::uint32_t>(max_x_, e.x);
    max_y_ = std::max<std::uint32_t>(max_y_, e.y);
  }

  void set_time(std::int64_t t_us) {
    if (!have_time_) {
      offset_us_ = (t_us >> 24) << 24;
      const std::int64_t rel = t_us - offset_us_;
      high_ = rel >> 12;
      word(0x8, static_cast<std::uint32_t>(high_ & 0xfff));
      low_ = 0;
      have_time_ = true;
    }
    const std::int64_t rel = t_us - offset_us_;
    const std::int64_t high = rel >> 12;
    if (high != high_) {
      while (high - high_ > kHighStepLimit) {
        high_ += kHighStepLimit;
        word(0x8, static_cast<std::uint32_t>(high_ & 0xfff));
      }
      high_ = high;
      word(0x8, static_cast<std::uint32_t>(high_ & 0xfff));
      low_ = 0;  // a changed TIME_HIGH restarts TIME_LOW at 0
    }
    if ((rel & 0xfff) != low_) {
      low_ = rel & 0xfff;
      word(0x6, static_cast<std::uint32_t>(low_));
    }
  }

  std::string header() const {
    const std::uint32_t width = info_.width != 0 ? info_.width : max_x_ + 1;
    const std::uint32_t height = info_.height != 0 ? info_.height : max_y_ + 1;
    std::string text = "% evt 3.0\n% format EVT3;height=" + std::to_string(height) + ";width=" + std::to_string(width) +
                       "\n% geometry " + std::to_string(width) + "x" + std::to_string(height) + "\n";
    for (const char* key : {"date", "serial"}) {
      const auto found = info_.properties.find(key);
      if (found != info_.properties.end() && found->second.find('\n') == std::string::npos) {
        text +=
            std::string("% ") + (std::strcmp(key, "serial") == 0 ? "serial_number" : key) + " " + found->second + "\n";
      }
    }
    if (offset_us_ != 0) text += "% " + std::string(kEvt3TimeOffsetField) + " " + std::to_string(offset_us_) + "\n";
    return text + "% end\n";
  }

  core::AtomicOutput output_;
  std::filesystem::path body_path_;
  std::unique_ptr<OutputFile> body_;
  core::StreamInfo info_;
  std::vector<std::uint16_t> words_;
  bool have_time_ = false;
  bool have_row_ = false;
  std::uint16_t row_ = 0;
  std::int64_t offset_us_ = 0;
  std::int64_t high_ = 0;
  std::int64_t low_ = 0;
  std::int64_t last_ns_ = 0;
  std::uint32_t max_x_ = 0;
  std::uint32_t max_y_ = 0;
};

}  // namespace

std::unique_ptr<core::EventSink> create_evt3_file(const std::filesystem::path& path, const core::StreamInfo& info) {
  return std::make_unique<Evt3Writer>(path, info);
}

}  // namespace reef::io
