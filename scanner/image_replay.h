// Image files replayed as if from a camera, for demos and tests: each image
// is "held up" for a while, at a camera's frame rate, then the next; looping.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "scanner/frame_source.h"

namespace kindred {

class ImageReplay final : public FrameSource {
 public:
  // `paths`: image files (PNG, JPEG...), or folders whose images are taken in
  // name order. Returns nullptr and sets *err when one cannot be read or
  // there are none (at most 500 images).
  static std::unique_ptr<ImageReplay> Open(const std::vector<std::string>& paths, int fps, int hold_ms,
                                           std::string* err);

  bool TakeLatest(LumaImage* out, uint64_t* seq) override;
  std::string status() const override { return ""; }

  size_t size() const { return images_.size(); }

 private:
  ImageReplay(std::vector<LumaImage> images, int fps, int hold_ms)
      : images_(std::move(images)), fps_(fps), hold_ms_(hold_ms), start_(std::chrono::steady_clock::now()) {}

  std::vector<LumaImage> images_;
  int fps_;
  int hold_ms_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace kindred
