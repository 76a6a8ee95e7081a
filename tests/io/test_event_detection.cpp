// Format detection reads the first bytes, so a file with a wrong extension still opens as what it is; names
// round-trip; files that match no format fail with a message naming what was expected.
#include <doctest/doctest.h>

#include "event_test_support.hpp"
#include "reef/core/error.hpp"
#include "shared_data.hpp"

using reef::io::EventFormat;
using namespace reef::test;

TEST_CASE("detection_picks_the_format_from_the_bytes_whatever_the_extension") {
  ScratchDir dir;
  const std::vector<std::pair<std::string, EventFormat>> samples{
      {"events/expelliarmus/evt2_sample.raw", EventFormat::evt2},
      {"events/expelliarmus/evt3_sample.raw", EventFormat::evt3},
      {"events/tonic/sample_ncars.dat", EventFormat::prophesee_dat},
      {"events/tonic/sample.aedat4", EventFormat::aedat4},
      {"events/PyAedatTools/IMU_translBoxes.aedat", EventFormat::aedat2},
      {"events/expelliarmus/evt3_sample.npy", EventFormat::npy},
  };
  for (const auto& [file, format] : samples) {
    CAPTURE(file);
    const auto path = shared_file(file);
    if (!path) continue;
    CHECK(reef::io::detect_event_format(*path) == format);
    const auto renamed = dir / "misnamed.csv";
    std::filesystem::copy_file(*path, renamed, std::filesystem::copy_options::overwrite_existing);
    CHECK(reef::io::detect_event_format(renamed) == format);
  }
}

TEST_CASE("detection_recognises_headers_written_by_hand") {
  ScratchDir dir;
  CHECK(reef::io::detect_event_format(write_file(dir, "a.bin", "% evt 3.0\n% end\n")) == EventFormat::evt3);
  CHECK(reef::io::detect_event_format(write_file(dir, "b.dat", "% format EVT21;height=720;width=1280\n")) ==
        EventFormat::evt21);
  CHECK(reef::io::detect_event_format(write_file(dir, "c.raw", "% evt 2.0\n")) == EventFormat::evt2);
  CHECK(reef::io::detect_event_format(write_file(dir, "d.raw", "#!AER-DAT3.1\r\n")) == EventFormat::aedat3);
  CHECK(reef::io::detect_event_format(write_file(dir, "e.raw", std::string("\x89HDF\r\n\x1a\n", 8))) ==
        EventFormat::shd_hdf5);
  CHECK(reef::io::detect_event_format(write_file(dir, "f.raw", "t,x,y,p\n1,2,3,1\n")) == EventFormat::csv);
  // N-MNIST has no header: a .bin of whole 5-byte records, or any file whose records look like N-MNIST ones.
  CHECK(reef::io::detect_event_format(write_file(dir, "g.bin", std::string(10, '\xff'))) == EventFormat::atis_bin);
  CHECK(reef::io::detect_event_format(write_file(dir, "h.xyz", std::string("\x01\x02\x00\x00\x10\x01\x02\x00\x00\x11", 10))) ==
        EventFormat::atis_bin);
}

TEST_CASE("files_of_no_known_format_fail_with_a_message_saying_what_was_expected") {
  ScratchDir dir;
  const auto path = write_file(dir, "mystery.xyz", std::string("\x00\x01\x02\x03\xff\xfe\xfd", 7));
  try {
    reef::io::detect_event_format(path);
    FAIL("detection accepted bytes of no event format");
  } catch (const reef::FormatError& error) {
    CHECK(std::string(error.what()).find("no event format recognised") != std::string::npos);
  }
  CHECK_THROWS_AS(reef::io::detect_event_format(write_file(dir, "evt4.raw", "% format EVT4\n")), reef::FormatError);
}

TEST_CASE("format_names_round_trip_and_writability_is_stated") {
  for (const EventFormat format : reef::io::all_event_formats()) {
    CHECK(reef::io::event_format_from_name(reef::io::to_string(format)) == format);
  }
  CHECK_FALSE(reef::io::event_format_from_name("evt4").has_value());
  CHECK(reef::io::can_write(EventFormat::evt3));
  CHECK_FALSE(reef::io::can_write(EventFormat::evt2));
  ScratchDir dir;
  CHECK_THROWS_AS(reef::io::create_event_file(dir / "x.raw", EventFormat::evt2, {}), reef::UsageError);
}
