// The RGB canvas of image.hpp and its PNG (libpng) and SVG writers.
#include "reef/io/image.hpp"

#include <png.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>

#include "reef/core/atomic_output.hpp"
#include "reef/core/error.hpp"

namespace reef::io {

RgbImage::RgbImage(std::uint32_t width, std::uint32_t height, Rgb background)
    : width_(width), height_(height), pixels_(std::size_t{width} * height, background) {
  if (width == 0 || height == 0) throw ValidationError("an image needs a width and a height of at least 1 pixel");
}

void RgbImage::set(std::int64_t x, std::int64_t y, Rgb colour) {
  if (x < 0 || y < 0 || x >= width_ || y >= height_) return;
  pixels_[static_cast<std::size_t>(y) * width_ + static_cast<std::size_t>(x)] = colour;
}

void RgbImage::fill_rect(std::int64_t x, std::int64_t y, std::int64_t width, std::int64_t height, Rgb colour) {
  for (std::int64_t row = std::max<std::int64_t>(y, 0); row < std::min<std::int64_t>(y + height, height_); ++row) {
    for (std::int64_t column = std::max<std::int64_t>(x, 0); column < std::min<std::int64_t>(x + width, width_);
         ++column) {
      set(column, row, colour);
    }
  }
}

void RgbImage::draw_frame(std::int64_t x, std::int64_t y, std::int64_t width, std::int64_t height, Rgb colour) {
  fill_rect(x, y, width, 1, colour);
  fill_rect(x, y + height - 1, width, 1, colour);
  fill_rect(x, y, 1, height, colour);
  fill_rect(x + width - 1, y, 1, height, colour);
}

namespace {

void write_png(const RgbImage& image, const std::filesystem::path& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "wb"), std::fclose);
  if (!file) throw Error("cannot create '" + path.string() + "'; check that its folder exists and is writable");
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (png == nullptr || info == nullptr) {
    png_destroy_write_struct(&png, nullptr);
    throw Error("libpng could not start writing '" + path.string() + "' (out of memory)");
  }
  std::vector<png_byte> row(std::size_t{image.width()} * 3);  // before setjmp: longjmp skips no destructor
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    throw Error("libpng failed writing '" + path.string() + "' (disk full?)");
  }
  png_init_io(png, file.get());
  png_set_IHDR(png, info, image.width(), image.height(), 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (std::uint32_t y = 0; y < image.height(); ++y) {
    for (std::uint32_t x = 0; x < image.width(); ++x) std::copy_n(image.at(x, y).data(), 3, row.data() + 3 * x);
    png_write_row(png, row.data());
  }
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  if (std::fflush(file.get()) != 0) throw Error("cannot write '" + path.string() + "' (disk full?)");
}

void write_svg(const RgbImage& image, const std::filesystem::path& path) {
  std::ofstream out(path);
  out << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << image.width() << "\" height=\"" << image.height()
      << "\" shape-rendering=\"crispEdges\">\n";
  char colour[8];
  for (std::uint32_t y = 0; y < image.height(); ++y) {
    std::uint32_t x = 0;
    while (x < image.width()) {
      const Rgb value = image.at(x, y);
      std::uint32_t end = x + 1;
      while (end < image.width() && image.at(end, y) == value) ++end;
      std::snprintf(colour, sizeof colour, "#%02x%02x%02x", value[0], value[1], value[2]);
      out << "<rect x=\"" << x << "\" y=\"" << y << "\" width=\"" << end - x << "\" height=\"1\" fill=\"" << colour
          << "\"/>\n";
      x = end;
    }
  }
  out << "</svg>\n";
  if (!out.flush()) throw Error("cannot write '" + path.string() + "' (disk full?)");
}

}  // namespace

void write_image(const RgbImage& image, const std::filesystem::path& path) {
  const std::string extension = path.extension().string();
  if (extension != ".png" && extension != ".svg") {
    throw UsageError("cannot tell the image format from '" + path.string() + "'; name it .png or .svg");
  }
  core::AtomicOutput output(path, core::AtomicOutput::Kind::file);
  if (extension == ".png") {
    write_png(image, output.temporary());
  } else {
    write_svg(image, output.temporary());
  }
  output.commit();
}

}  // namespace reef::io
