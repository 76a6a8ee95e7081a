// A small RGB raster canvas for `reef plot` and its writers: PNG (libpng) or SVG (one <rect> per horizontal run of
// equal colour, so the SVG shows exactly the PNG's pixels). Writing is atomic, like every reef output.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <vector>

namespace reef::io {

using Rgb = std::array<std::uint8_t, 3>;

class RgbImage {
 public:
  RgbImage(std::uint32_t width, std::uint32_t height, Rgb background);

  std::uint32_t width() const { return width_; }
  std::uint32_t height() const { return height_; }
  Rgb at(std::uint32_t x, std::uint32_t y) const { return pixels_[std::size_t{y} * width_ + x]; }
  // Pixels outside the image are ignored, so shapes may be clipped at the border.
  void set(std::int64_t x, std::int64_t y, Rgb colour);
  void fill_rect(std::int64_t x, std::int64_t y, std::int64_t width, std::int64_t height, Rgb colour);
  // A one-pixel frame just inside the rectangle.
  void draw_frame(std::int64_t x, std::int64_t y, std::int64_t width, std::int64_t height, Rgb colour);

 private:
  std::uint32_t width_;
  std::uint32_t height_;
  std::vector<Rgb> pixels_;
};

// Writes PNG for *.png and SVG for *.svg; UsageError for any other name.
void write_image(const RgbImage& image, const std::filesystem::path& path);

}  // namespace reef::io
