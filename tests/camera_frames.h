// Camera-like frames for scanner tests and benchmarks: a room in soft light
// with sensor noise, people walking past, and badges held up at an angle.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>

#include "scanner/luma_image.h"

namespace kindred::test {

struct Badge {
  std::string text;
  int x = 0, y = 0;       // centre, in pixels
  int module_px = 4;      // pixels per QR module
  double angle_deg = 0;   // tilt
};

class CameraScene {
 public:
  CameraScene(int width, int height, uint32_t seed = 1);

  // Renders frame `index`: the room, noise, a person at `person_x` (or none)
  // and the badges, slightly blurred as a webcam would.
  LumaImage Render(std::optional<int> person_x, const std::vector<Badge>& badges);

 private:
  int width_, height_;
  LumaImage room_;
  std::mt19937 rng_;
};

}  // namespace kindred::test
