#include "tests/badge_image.h"

#include <algorithm>

#include "scanner/decoder.h"

namespace kindred::test {

bool WriteBadgeImage(const std::string& path, const std::string& text, const std::string& second, std::string* err) {
  LumaImage a, b;
  if (!RenderQrCode(text, 6, &a, err) || (!second.empty() && !RenderQrCode(second, 6, &b, err))) return false;
  const int gap = 40;
  const int w = a.width() + (second.empty() ? 0 : gap + b.width()) + 2 * gap;
  const int h = std::max(a.height(), b.height()) + 2 * gap;
  LumaImage out(w, h, 255);
  auto blit = [&out](const LumaImage& img, int x0, int y0) {
    for (int y = 0; y < img.height(); ++y)
      for (int x = 0; x < img.width(); ++x) out.at(x0 + x, y0 + y) = img.data()[y * img.width() + x];
  };
  blit(a, gap, gap);
  if (!second.empty()) blit(b, 2 * gap + a.width(), gap);
  return SaveLumaPng(out, path, err);
}

}  // namespace kindred::test
