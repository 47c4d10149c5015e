// Decodes a stream of camera frames cheaply. Most frames at a kiosk show no
// badge, and a badge held up is seen thirty times a second, so:
//  - a frame that looks like the previous one (a 16x12 grid of mean
//    brightness) is not decoded again: its last result stands;
//  - where a code was just seen, only that region is decoded;
//  - otherwise the frame is searched at half size (a quarter of the pixels);
//  - when the scene holds still and nothing was found (a badge held up that
//    the cheap search cannot read), the decoder's extra passes run on the
//    following frames, one per frame and each once per still scene.
// Not thread-safe: one FrameScanner per capture stream.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "scanner/decoder.h"

namespace kindred {

struct FrameScannerOptions {
  DecoderOptions decoder;
  float still_threshold = 4;     // largest change of a brightness cell (0-255) below which nothing moved
  int region_frames = 15;        // frames to keep looking where a code was last seen
};

class FrameScanner {
 public:
  explicit FrameScanner(FrameScannerOptions options = {}) : options_(options) {}

  // The codes in `frame` (corners in frame pixels). Empty frames give nothing.
  std::vector<DecodedCode> Scan(const LumaView& frame);

  struct Stats {
    uint64_t frames = 0;
    uint64_t unchanged = 0;  // skipped: like the previous frame
    uint64_t region = 0;     // decoded only where a code was last seen
    uint64_t half = 0;       // searched at half size
    uint64_t extra = 0;      // one of the extra passes
  };
  const Stats& stats() const { return stats_; }

 private:
  using Grid = std::array<float, 16 * 12>;
  static Grid Fingerprint(const LumaView& frame);
  std::vector<DecodedCode> Found(std::vector<DecodedCode> codes);

  FrameScannerOptions options_;
  Stats stats_;
  Grid grid_{};
  bool have_grid_ = false;
  int width_ = 0, height_ = 0;
  std::vector<DecodedCode> last_;  // what the latest decoded frame showed
  int frames_since_code_ = 1 << 20;
  size_t next_extra_ = 0;          // the next extra pass for the current still scene
};

}  // namespace kindred
