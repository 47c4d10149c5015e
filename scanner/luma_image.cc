#include "scanner/luma_image.h"

#include <cstring>
#include <memory>

#include <stb_image.h>
#include <stb_image_write.h>

namespace kindred {

namespace {
constexpr long long kMaxPixels = 64LL * 1000 * 1000;
}

LumaImage::LumaImage(int width, int height, uint8_t fill)
    : width_(width), height_(height), pixels_(static_cast<size_t>(width) * height, fill) {}

void LumaImage::CopyFrom(const LumaView& src) {
  width_ = src.width;
  height_ = src.height;
  pixels_.resize(static_cast<size_t>(src.width) * src.height);
  for (int y = 0; y < src.height; ++y)
    std::memcpy(&pixels_[static_cast<size_t>(y) * width_], src.data + static_cast<size_t>(y) * src.stride,
                width_);
}

bool DecodeLumaImage(const uint8_t* bytes, size_t size, LumaImage* out, std::string* err) {
  if (bytes == nullptr || size == 0) {
    *err = "empty image data";
    return false;
  }
  if (size > static_cast<size_t>(INT32_MAX)) {
    *err = "image file too large";
    return false;
  }
  int w = 0, h = 0, channels = 0;
  if (!stbi_info_from_memory(bytes, static_cast<int>(size), &w, &h, &channels)) {
    *err = std::string("not a readable image (") + stbi_failure_reason() + ")";
    return false;
  }
  if (w <= 0 || h <= 0 || static_cast<long long>(w) * h > kMaxPixels) {
    *err = "image dimensions out of range";
    return false;
  }
  std::unique_ptr<stbi_uc, void (*)(void*)> pixels(
      stbi_load_from_memory(bytes, static_cast<int>(size), &w, &h, &channels, 1), stbi_image_free);
  if (!pixels) {
    *err = std::string("corrupt or truncated image (") + stbi_failure_reason() + ")";
    return false;
  }
  out->CopyFrom({pixels.get(), w, h, w});
  return true;
}

bool LoadLumaImage(const std::string& path, LumaImage* out, std::string* err) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!f) {
    *err = "cannot open " + path + ": " + std::strerror(errno);
    return false;
  }
  std::vector<uint8_t> bytes;
  uint8_t chunk[1 << 16];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, f.get())) > 0) {
    bytes.insert(bytes.end(), chunk, chunk + n);
    if (bytes.size() > (512u << 20)) {
      *err = path + ": file too large for an image";
      return false;
    }
  }
  if (std::ferror(f.get())) {
    *err = "cannot read " + path + ": " + std::strerror(errno);
    return false;
  }
  if (!DecodeLumaImage(bytes.data(), bytes.size(), out, err)) {
    *err = path + ": " + *err;
    return false;
  }
  return true;
}

bool SaveLumaPng(const LumaImage& image, const std::string& path, std::string* err) {
  if (image.empty()) {
    *err = "cannot save an empty image";
    return false;
  }
  if (!stbi_write_png(path.c_str(), image.width(), image.height(), 1, image.data(), image.width())) {
    *err = "cannot write " + path;
    return false;
  }
  return true;
}

}  // namespace kindred
