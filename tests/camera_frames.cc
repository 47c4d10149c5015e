#include "tests/camera_frames.h"

#include <algorithm>
#include <cmath>

#include "scanner/decoder.h"

namespace kindred::test {

CameraScene::CameraScene(int width, int height, uint32_t seed)
    : width_(width), height_(height), room_(width, height), rng_(seed) {
  // A wall lit from one side, a door, a poster and a table edge.
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) room_.at(x, y) = static_cast<uint8_t>(90 + 80 * x / width + 20 * y / height);
  auto rect = [&](int x0, int y0, int x1, int y1, int v) {
    for (int y = std::max(0, y0); y < std::min(height, y1); ++y)
      for (int x = std::max(0, x0); x < std::min(width, x1); ++x) room_.at(x, y) = static_cast<uint8_t>(v);
  };
  rect(width / 10, height / 6, width / 4, height, 60);
  rect(width * 6 / 10, height / 8, width * 8 / 10, height * 4 / 10, 210);
  rect(0, height * 8 / 10, width, height * 8 / 10 + 6, 40);
}

LumaImage CameraScene::Render(std::optional<int> person_x, const std::vector<Badge>& badges) {
  LumaImage f = room_;
  if (person_x) {  // a dark coat and a lighter face
    for (int y = height_ / 5; y < height_; ++y)
      for (int x = *person_x - width_ / 8; x < *person_x + width_ / 8; ++x)
        if (x >= 0 && x < width_) f.at(x, y) = y < height_ / 3 ? 170 : 50;
  }
  for (const Badge& b : badges) {
    LumaImage code;
    std::string err;
    if (!RenderQrCode(b.text, b.module_px, &code, &err)) continue;
    const double a = b.angle_deg * 3.14159265358979 / 180, c = std::cos(a), s = std::sin(a);
    const int r = static_cast<int>(code.width() * 0.75) + 2;
    for (int y = b.y - r; y < b.y + r; ++y)
      for (int x = b.x - r; x < b.x + r; ++x) {
        if (x < 0 || y < 0 || x >= width_ || y >= height_) continue;
        // Inverse rotation into the code's pixels, with a white card around it.
        double u = c * (x - b.x) + s * (y - b.y) + code.width() / 2.0;
        double v = -s * (x - b.x) + c * (y - b.y) + code.height() / 2.0;
        int card = b.module_px * 2;
        if (u < -card || v < -card || u >= code.width() + card || v >= code.height() + card) continue;
        bool inside = u >= 0 && v >= 0 && u < code.width() && v < code.height();
        f.at(x, y) = inside ? (code.at(static_cast<int>(u), static_cast<int>(v)) ? 225 : 35) : 225;
      }
  }
  // Webcam softness (3x3 box blur) and sensor noise.
  LumaImage out(width_, height_);
  std::normal_distribution<double> noise(0, 3);
  for (int y = 0; y < height_; ++y)
    for (int x = 0; x < width_; ++x) {
      int sum = 0, n = 0;
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          int xx = x + dx, yy = y + dy;
          if (xx >= 0 && yy >= 0 && xx < width_ && yy < height_) sum += f.at(xx, yy), ++n;
        }
      out.at(x, y) = static_cast<uint8_t>(std::clamp(sum / n + noise(rng_), 0.0, 255.0));
    }
  return out;
}

}  // namespace kindred::test
