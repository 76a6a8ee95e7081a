// `reef plot`: the event frame of a camera file has the sensor's dimensions and exactly as many ON- and OFF-coloured
// pixels as a count from the decoded events; rasters of recordings and SVG output are non-empty pictures.
#include <doctest/doctest.h>
#include <png.h>

#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "reef/io/event_file.hpp"
#include "reef/io/plots.hpp"
#include "run_reef.hpp"
#include "scratch_dir.hpp"
#include "shared_data.hpp"

namespace {

struct Picture {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::map<reef::io::Rgb, std::size_t> colours;  // pixel count per colour
};

Picture read_png(const std::filesystem::path& path) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  REQUIRE(png_image_begin_read_from_file(&image, path.c_str()) != 0);
  image.format = PNG_FORMAT_RGB;
  std::vector<std::uint8_t> pixels(PNG_IMAGE_SIZE(image));
  REQUIRE(png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr) != 0);
  Picture picture{image.width, image.height, {}};
  for (std::size_t i = 0; i + 2 < pixels.size(); i += 3) ++picture.colours[{pixels[i], pixels[i + 1], pixels[i + 2]}];
  return picture;
}

}  // namespace

TEST_CASE("the event frame of sample.aedat4 colours exactly the pixels that had events, by ON/OFF majority") {
  const auto events = reef::test::shared_file("events/tonic/sample.aedat4");
  if (!events) return;
  reef::test::ScratchDir dir;
  const auto output = dir.path() / "frame.png";
  const ReefRun run = run_reef({"plot", events->string(), "-o", output.string(), "--scale", "1"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);

  const auto source = reef::io::open_event_file(*events);
  const auto width = source->info().width;
  std::map<std::size_t, std::int64_t> balance;
  std::vector<reef::core::Event> buffer(4096);
  while (const std::size_t n = source->read(buffer)) {
    for (std::size_t i = 0; i < n; ++i) balance[buffer[i].y * std::size_t{width} + buffer[i].x] += buffer[i].polarity ? 1 : -1;
  }
  std::size_t on = 0;
  for (const auto& [pixel, value] : balance) on += value >= 0 ? 1 : 0;

  Picture picture = read_png(output);
  CHECK(picture.width == 320);
  CHECK(picture.height == 240);
  CHECK(picture.colours[reef::io::kOnColour] == on);
  CHECK(picture.colours[reef::io::kOffColour] == balance.size() - on);
  CHECK(picture.colours[reef::io::kBackground] == 320 * 240 - balance.size());
  const double active = static_cast<double>(balance.size()) / (320.0 * 240.0);
  MESSAGE("active pixel fraction " << active);
  CHECK(active > 0.01);
  CHECK(active < 1.0);
}

TEST_CASE("a raster of a replay recording has a dot per spike time bin and an SVG rate plot is drawn") {
  const auto events = reef::test::shared_file("events/tonic/sample_nmnist.bin");
  if (!events) return;
  reef::test::ScratchDir dir;
  const auto recording = dir.path() / "run.csv";
  REQUIRE(run_reef({"replay", events->string(), "--net", REEF_SOURCE_DIR "/configs/examples/nmnist_replay.yaml",
                    "--crop", "0,0,34,34", "-o", recording.string()})
              .exit_code == 0);
  const auto raster = dir.path() / "raster.png";
  const ReefRun run = run_reef({"plot", recording.string(), "-o", raster.string(), "--bin", "1ms"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  Picture picture = read_png(raster);
  CHECK(picture.height == 64 + 2 * reef::io::kPlotMargin + 2);  // one row per hidden neuron
  CHECK(picture.width > 300);                                    // ~312 ms in 1 ms columns
  CHECK(picture.colours[reef::io::kMarkColour] > 100);

  const auto svg = dir.path() / "rate.svg";
  REQUIRE(run_reef({"plot", events->string(), "-o", svg.string(), "--kind", "rate", "--bin", "10ms"}).exit_code == 0);
  std::ifstream in(svg);
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str().starts_with("<svg "));
  CHECK(text.str().find("fill=\"#141414\"") != std::string::npos);  // the bars
}
