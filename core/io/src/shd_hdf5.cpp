// SHD/SSC (Heidelberg spiking datasets) HDF5 files: /spikes/times (seconds) and /spikes/units (channel) are ragged
// arrays with one row per sample, /labels one class per sample. A stream is one sample (EventReadOptions::sample,
// default 0) as channel spikes (x = unit, y = 0, polarity 1) with its label in StreamInfo::properties["label"].
// The writer stores one stream as a one-sample file (times as float64 seconds, so nanosecond times round-trip).
#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "reef/core/atomic_output.hpp"
#include "event_formats.hpp"
#include "file_io.hpp"
#include "hdf5_handle.hpp"
#include "reef/core/error.hpp"

namespace reef::io {
namespace {

constexpr std::uint16_t kShdChannels = 700;

// One row of a ragged dataset converted to `memory_type` elements.
template <typename T>
std::vector<T> read_row(hid_t file, const char* name, hsize_t row, hid_t memory_type, const std::string& path) {
  const auto fail = [&](const std::string& what) -> std::vector<T> {
    throw FormatError(path, 0, std::string("SHD file: ") + name + " " + what + " (" + hdf5_reason() + ")");
  };
  const Hid dataset(H5Dopen2(file, name, H5P_DEFAULT), H5Dclose);
  if (dataset.get() < 0) return fail("is missing");
  const Hid space(H5Dget_space(dataset.get()), H5Sclose);
  hsize_t rows = 0;
  if (H5Sget_simple_extent_ndims(space.get()) != 1 || H5Sget_simple_extent_dims(space.get(), &rows, nullptr) < 0) {
    return fail("is not a 1-D array of rows");
  }
  if (row >= rows) {
    throw UsageError("'" + path + "' holds " + std::to_string(rows) + " samples; sample " + std::to_string(row) +
                     " does not exist (samples count from 0)");
  }
  const hsize_t one = 1;
  const Hid memory_space(H5Screate_simple(1, &one, nullptr), H5Sclose);
  const Hid vlen(H5Tvlen_create(memory_type), H5Tclose);
  if (H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, &row, nullptr, &one, nullptr) < 0) return fail("cannot be read");
  hvl_t data{0, nullptr};
  if (H5Dread(dataset.get(), vlen.get(), memory_space.get(), space.get(), H5P_DEFAULT, &data) < 0) {
    return fail("is not a ragged array of numbers");
  }
  std::vector<T> values(static_cast<const T*>(data.p), static_cast<const T*>(data.p) + data.len);
  H5Dvlen_reclaim(vlen.get(), memory_space.get(), H5P_DEFAULT, &data);
  return values;
}

class ShdEventSource : public core::EventSource {
 public:
  ShdEventSource(const std::filesystem::path& path, const EventReadOptions& options) {
    const QuietHdf5Errors quiet;
    const std::string name = path.string();
    const Hid file(H5Fopen(name.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    if (file.get() < 0) throw FormatError(name, 0, "not a readable HDF5 file (" + hdf5_reason() + ")");
    const hsize_t row = options.sample;
    const auto times = read_row<double>(file.get(), "/spikes/times", row, H5T_NATIVE_DOUBLE, name);
    const auto units = read_row<std::uint32_t>(file.get(), "/spikes/units", row, H5T_NATIVE_UINT32, name);
    if (times.size() != units.size()) {
      violation("spikes of different lengths", "sample " + std::to_string(row) + " has " +
                                                   std::to_string(times.size()) + " times but " +
                                                   std::to_string(units.size()) + " units; the extra ones are skipped");
    }
    const std::size_t count = std::min(times.size(), units.size());
    events_.reserve(count);
    std::uint32_t max_unit = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const double ns = std::nearbyint(times[i] * 1e9);  // ties to even, as numpy rounds
      if (!std::isfinite(ns) || std::abs(ns) > 9.2e18 || units[i] > 65535) {
        violation("value out of range", "spike " + std::to_string(i) + " of sample " + std::to_string(row) +
                                            ": time " + std::to_string(times[i]) + " s, unit " +
                                            std::to_string(units[i]));
        report_.skipped_events["value out of range"] += 1;
        continue;
      }
      events_.push_back(
          {core::Time::from_ns(static_cast<std::int64_t>(ns)), static_cast<std::uint16_t>(units[i]), 0, 1});
      max_unit = std::max(max_unit, units[i]);
    }
    if (!std::is_sorted(events_.begin(), events_.end(), [](const auto& a, const auto& b) { return a.t < b.t; })) {
      std::stable_sort(events_.begin(), events_.end(), [](const auto& a, const auto& b) { return a.t < b.t; });
      report_.warnings.push_back("the sample's spikes were not in time order; reef sorted them");
    }
    info_.format = std::string(to_string(EventFormat::shd_hdf5));
    info_.channel_stream = true;
    info_.width = static_cast<std::uint16_t>(std::max<std::uint32_t>(kShdChannels, events_.empty() ? 0 : max_unit + 1));
    info_.height = 1;
    info_.properties["sample"] = std::to_string(row);
    if (const auto labels = read_label(file.get(), row)) info_.properties["label"] = std::to_string(*labels);
    if (options.strict && report_.total_violations > 0) {
      throw FormatError(name, 0, report_.violations.front().kind + ": " + report_.violations.front().detail);
    }
  }

  const core::StreamInfo& info() const override { return info_; }
  const core::DecodeReport& report() const override { return report_; }
  std::size_t read(std::span<core::Event> out) override {
    const std::size_t n = std::min(out.size(), events_.size() - next_);
    std::copy_n(events_.begin() + static_cast<std::ptrdiff_t>(next_), n, out.begin());
    next_ += n;
    return n;
  }

 private:
  static std::optional<std::int64_t> read_label(hid_t file, hsize_t row) {
    if (H5Lexists(file, "/labels", H5P_DEFAULT) <= 0) return std::nullopt;
    const Hid dataset(H5Dopen2(file, "/labels", H5P_DEFAULT), H5Dclose);
    const Hid space(H5Dget_space(dataset.get()), H5Sclose);
    hsize_t rows = 0;
    if (H5Sget_simple_extent_ndims(space.get()) != 1 || H5Sget_simple_extent_dims(space.get(), &rows, nullptr) < 0 ||
        row >= rows) {
      return std::nullopt;
    }
    const hsize_t one = 1;
    const Hid memory_space(H5Screate_simple(1, &one, nullptr), H5Sclose);
    std::int64_t label = 0;
    if (H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, &row, nullptr, &one, nullptr) < 0 ||
        H5Dread(dataset.get(), H5T_NATIVE_INT64, memory_space.get(), space.get(), H5P_DEFAULT, &label) < 0) {
      return std::nullopt;
    }
    return label;
  }

  void violation(std::string kind, std::string detail) {
    ++report_.total_violations;
    report_.violations.push_back({0, std::move(kind), std::move(detail)});
  }

  core::StreamInfo info_;
  core::DecodeReport report_;
  std::vector<core::Event> events_;  // one sample (SHD samples hold at most tens of thousands of spikes)
  std::size_t next_ = 0;
};

class ShdEventWriter : public core::EventSink {
 public:
  ShdEventWriter(const std::filesystem::path& path, const core::StreamInfo& info)
      : atomic_(path, core::AtomicOutput::Kind::file) {
    const auto label = info.properties.find("label");
    if (label != info.properties.end()) label_ = std::stoll(label->second);
  }

  void write(std::span<const core::Event> events) override {
    for (const core::Event& e : events) {
      if (e.y != 0) {
        throw Error("cannot write '" + atomic_.target().string() + "' as SHD: event at pixel (" +
                    std::to_string(e.x) + ", " + std::to_string(e.y) + ") is not a channel spike (y must be 0)");
      }
      times_.push_back(static_cast<double>(e.t.ns()) / 1e9);
      units_.push_back(e.x);
    }
  }

  void close() override {
    const QuietHdf5Errors quiet;
    const std::string name = atomic_.temporary().string();
    const auto check = [&](auto id, const char* what) {
      if (id < 0) throw Error("cannot write '" + atomic_.target().string() + "': " + what + " (" + hdf5_reason() + ")");
      return id;
    };
    {
      Hid file(check(H5Fcreate(name.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), "create the file"), H5Fclose);
      const Hid group(check(H5Gcreate2(file.get(), "spikes", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "create /spikes"),
                      H5Gclose);
      const hsize_t one = 1;
      const Hid space(H5Screate_simple(1, &one, nullptr), H5Sclose);
      const auto ragged = [&](const char* dataset_name, hid_t element, void* data, std::size_t count) {
        const Hid type(H5Tvlen_create(element), H5Tclose);
        const Hid dataset(check(H5Dcreate2(group.get(), dataset_name, type.get(), space.get(), H5P_DEFAULT,
                                           H5P_DEFAULT, H5P_DEFAULT), "create a spikes dataset"), H5Dclose);
        hvl_t row{count, data};
        check(H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &row), "write spikes");
      };
      ragged("times", H5T_NATIVE_DOUBLE, times_.data(), times_.size());
      ragged("units", H5T_NATIVE_UINT16, units_.data(), units_.size());
      const Hid labels(check(H5Dcreate2(file.get(), "labels", H5T_STD_I64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT,
                                        H5P_DEFAULT), "create /labels"), H5Dclose);
      check(H5Dwrite(labels.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, &label_), "write /labels");
      check(file.close(), "close the file");
    }
    sync_file(atomic_.temporary());
    atomic_.commit();
  }

 private:
  core::AtomicOutput atomic_;
  std::vector<double> times_;
  std::vector<std::uint16_t> units_;
  std::int64_t label_ = 0;
};

}  // namespace

std::unique_ptr<core::EventSource> open_shd_file(const std::filesystem::path& path, const EventReadOptions& options) {
  return std::make_unique<ShdEventSource>(path, options);
}

std::unique_ptr<core::EventSink> create_shd_file(const std::filesystem::path& path, const core::StreamInfo& info) {
  return std::make_unique<ShdEventWriter>(path, info);
}

}  // namespace reef::io
