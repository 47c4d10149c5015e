// make-test-badge: writes QR badge images for tests and demos.
//   make-test-badge OUT.png TEXT [TEXT2]
// With two texts, both codes are drawn side by side ("we met" in one frame).
#include <cstdio>
#include <string>

#include "tests/badge_image.h"

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    std::fprintf(stderr, "usage: make-test-badge OUT.png TEXT [TEXT2]\n");
    return 2;
  }
  std::string err;
  if (!kindred::test::WriteBadgeImage(argv[1], argv[2], argc == 4 ? argv[3] : "", &err)) {
    std::fprintf(stderr, "make-test-badge: %s\n", err.c_str());
    return 1;
  }
  return 0;
}
