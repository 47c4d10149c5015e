// make-test-badge: writes QR badge images for tests and demos.
//   make-test-badge OUT.png TEXT [TEXT2]
// With two texts, both codes are drawn side by side ("we met" in one frame).
#include <cstdio>
#include <string>

#include "scanner/decoder.h"

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    std::fprintf(stderr, "usage: make-test-badge OUT.png TEXT [TEXT2]\n");
    return 2;
  }
  std::string err;
  kindred::LumaImage first, second;
  if (!kindred::RenderQrCode(argv[2], 6, &first, &err) ||
      (argc == 4 && !kindred::RenderQrCode(argv[3], 6, &second, &err))) {
    std::fprintf(stderr, "make-test-badge: %s\n", err.c_str());
    return 1;
  }
  const int gap = 40;
  const int w = first.width() + (argc == 4 ? gap + second.width() : 0) + 2 * gap;
  const int h = std::max(first.height(), second.height()) + 2 * gap;
  kindred::LumaImage out(w, h, 255);
  auto blit = [&out](const kindred::LumaImage& img, int x0, int y0) {
    for (int y = 0; y < img.height(); ++y)
      for (int x = 0; x < img.width(); ++x) out.at(x0 + x, y0 + y) = img.data()[y * img.width() + x];
  };
  blit(first, gap, gap);
  if (argc == 4) blit(second, 2 * gap + first.width(), gap);
  if (!kindred::SaveLumaPng(out, argv[1], &err)) {
    std::fprintf(stderr, "make-test-badge: %s\n", err.c_str());
    return 1;
  }
  return 0;
}
