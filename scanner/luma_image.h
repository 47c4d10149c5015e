// Grey-scale (luminance) images: the only pixel format the decoder sees.
// Camera frames, image files and generated badges all become a LumaImage.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kindred {

// A non-owning view of 8-bit luminance pixels; the caller keeps them alive.
struct LumaView {
  const uint8_t* data = nullptr;
  int width = 0;
  int height = 0;
  int stride = 0;  // bytes from one row to the next, >= width

  bool empty() const { return data == nullptr || width <= 0 || height <= 0; }
  uint8_t at(int x, int y) const { return data[static_cast<size_t>(y) * stride + x]; }
};

// An owned, tightly packed 8-bit luminance image.
class LumaImage {
 public:
  LumaImage() = default;
  LumaImage(int width, int height, uint8_t fill = 255);

  int width() const { return width_; }
  int height() const { return height_; }
  bool empty() const { return pixels_.empty(); }
  uint8_t* data() { return pixels_.data(); }
  const uint8_t* data() const { return pixels_.data(); }
  uint8_t& at(int x, int y) { return pixels_[static_cast<size_t>(y) * width_ + x]; }
  LumaView view() const { return {pixels_.data(), width_, height_, width_}; }

  // Copies `src` (any stride) into this image, reusing the allocation when it fits.
  void CopyFrom(const LumaView& src);

 private:
  int width_ = 0;
  int height_ = 0;
  std::vector<uint8_t> pixels_;
};

// Reads a PNG, JPEG, BMP, GIF or PNM file (anything stb_image reads) as luminance.
// Returns false and sets *err to a one-line reason when the file is missing,
// unreadable, not an image, truncated or larger than 64 megapixels.
bool LoadLumaImage(const std::string& path, LumaImage* out, std::string* err);

// As LoadLumaImage, from encoded bytes in memory.
bool DecodeLumaImage(const uint8_t* bytes, size_t size, LumaImage* out, std::string* err);

// Writes `image` as an 8-bit grey PNG. Returns false and sets *err on failure.
bool SaveLumaPng(const LumaImage& image, const std::string& path, std::string* err);

}  // namespace kindred
