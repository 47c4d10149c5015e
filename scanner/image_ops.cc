#include "scanner/image_ops.h"

#include <algorithm>
#include <cmath>

namespace kindred {

LumaImage Resize(const LumaView& src, double factor) {
  factor = std::clamp(factor, 0.25, 4.0);
  const int w = std::max(1, static_cast<int>(src.width * factor));
  const int h = std::max(1, static_cast<int>(src.height * factor));
  LumaImage out(w, h);
  for (int y = 0; y < h; ++y) {
    double sy = std::max(0.0, (y + 0.5) / factor - 0.5);
    int y0 = std::min(static_cast<int>(sy), src.height - 1), y1 = std::min(y0 + 1, src.height - 1);
    double fy = sy - y0;
    for (int x = 0; x < w; ++x) {
      double sx = std::max(0.0, (x + 0.5) / factor - 0.5);
      int x0 = std::min(static_cast<int>(sx), src.width - 1), x1 = std::min(x0 + 1, src.width - 1);
      double fx = sx - x0;
      double v = src.at(x0, y0) * (1 - fx) * (1 - fy) + src.at(x1, y0) * fx * (1 - fy) +
                 src.at(x0, y1) * (1 - fx) * fy + src.at(x1, y1) * fx * fy;
      out.at(x, y) = static_cast<uint8_t>(v + 0.5);
    }
  }
  return out;
}

LumaImage HalfSize(const LumaView& src) {
  const int w = std::max(1, src.width / 2), h = std::max(1, src.height / 2);
  LumaImage out(w, h);
  for (int y = 0; y < h; ++y) {
    const uint8_t* r0 = src.data + static_cast<size_t>(2 * y) * src.stride;
    const uint8_t* r1 = src.data + static_cast<size_t>(std::min(2 * y + 1, src.height - 1)) * src.stride;
    uint8_t* o = out.data() + static_cast<size_t>(y) * w;
    for (int x = 0; x < w; ++x) {
      int x1 = std::min(2 * x + 1, src.width - 1);
      o[x] = static_cast<uint8_t>((r0[2 * x] + r0[x1] + r1[2 * x] + r1[x1] + 2) / 4);
    }
  }
  return out;
}

LumaImage Smoothed(const LumaView& src) {
  LumaImage out(src.width, src.height);
  for (int y = 0; y < src.height; ++y) {
    const int ya = std::max(y - 1, 0), yb = std::min(y + 1, src.height - 1);
    for (int x = 0; x < src.width; ++x) {
      const int xa = std::max(x - 1, 0), xb = std::min(x + 1, src.width - 1);
      int sum = 0;
      for (int yy : {ya, y, yb}) sum += src.at(xa, yy) + src.at(x, yy) + src.at(xb, yy);
      out.at(x, y) = static_cast<uint8_t>((sum + 4) / 9);
    }
  }
  return out;
}

LumaImage Inverted(const LumaView& src) {
  LumaImage out(src.width, src.height);
  for (int y = 0; y < src.height; ++y)
    for (int x = 0; x < src.width; ++x) out.at(x, y) = static_cast<uint8_t>(255 - src.at(x, y));
  return out;
}

LumaView Crop(const LumaView& src, int x0, int y0, int x1, int y1) {
  x0 = std::clamp(x0, 0, src.width);
  x1 = std::clamp(x1, x0, src.width);
  y0 = std::clamp(y0, 0, src.height);
  y1 = std::clamp(y1, y0, src.height);
  return {src.data + static_cast<size_t>(y0) * src.stride + x0, x1 - x0, y1 - y0, src.stride};
}

double FocusScore(const LumaView& src) {
  if (src.empty() || src.width < 8 || src.height < 8) return 0;
  const LumaView mid = Crop(src, src.width / 4, src.height / 4, src.width * 3 / 4, src.height * 3 / 4);
  double sum = 0, sum2 = 0;
  int64_t n = 0;
  for (int y = 1; y + 1 < mid.height; ++y) {
    for (int x = 1; x + 1 < mid.width; ++x) {
      const double lap = 4.0 * mid.at(x, y) - mid.at(x - 1, y) - mid.at(x + 1, y) - mid.at(x, y - 1) - mid.at(x, y + 1);
      sum += lap;
      sum2 += lap * lap;
      ++n;
    }
  }
  if (n == 0) return 0;
  const double mean = sum / static_cast<double>(n);
  return sum2 / static_cast<double>(n) - mean * mean;
}

}  // namespace kindred
