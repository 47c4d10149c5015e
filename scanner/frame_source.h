// Where camera-like frames come from. Decoding never knows: it takes a
// LumaView, and the kiosk asks a FrameSource for the newest frame.
#pragma once

#include <cstdint>
#include <string>

#include "scanner/luma_image.h"

namespace kindred {

class FrameSource {
 public:
  virtual ~FrameSource() = default;

  // If a frame newer than *seq exists, copies it into *out, sets *seq to its
  // number and returns true. Older frames are dropped: the latest frame wins.
  // Safe to call from one thread while the source captures on another.
  virtual bool TakeLatest(LumaImage* out, uint64_t* seq) = 0;

  // Empty while frames flow; otherwise a short sentence for the screen,
  // such as "Camera unplugged - reconnecting".
  virtual std::string status() const = 0;
};

}  // namespace kindred
