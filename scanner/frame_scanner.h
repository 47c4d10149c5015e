// Decodes a stream of camera frames cheaply. Most frames at a kiosk show no
// badge, and a badge held up is seen thirty times a second, so:
//  - a frame that looks like the previous one (a 16x12 grid of mean
//    brightness) is not decoded again: its last result stands;
//  - where a code was just seen, only that region is decoded;
//  - otherwise the frame is searched at half size (a quarter of the pixels);
//  - where the half-size frame has code-like patches (FindCodeRegions) that
//    did not read, the patch is decoded at full size, and then one more way
//    per frame in turn (twice the size for small modules, smoothed for
//    noise and a screen's pixel grid, the other binarizer for glare and
//    shadow, zbar): a badge held by hand never holds still, and the next
//    frame is another chance;
//  - when the scene holds still and nothing was found, the decoder's extra
//    passes run on the whole frame on the following frames, one per frame
//    and each once per still scene.
// It also says what may keep a code in view from reading (hint()).
// Not thread-safe: one FrameScanner per capture stream.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "scanner/code_finder.h"
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
    uint64_t patch = 0;      // a code-like patch decoded at full size
    uint64_t extra = 0;      // one of the extra passes
  };
  const Stats& stats() const { return stats_; }

  // What the latest frame searched suggests about a code in view that did
  // not read (too small, cut off, glare, blur); kNone after a read.
  ScanHint hint() const { return hint_; }

 private:
  using Grid = std::array<float, 16 * 12>;
  static Grid Fingerprint(const LumaView& frame);
  std::vector<DecodedCode> Found(std::vector<DecodedCode> codes);
  std::vector<DecodedCode> DecodePatch(const LumaView& frame, const CodeRegion& half_region);

  FrameScannerOptions options_;
  Stats stats_;
  Grid grid_{};
  bool have_grid_ = false;
  int width_ = 0, height_ = 0;
  std::vector<DecodedCode> last_;  // what the latest decoded frame showed
  int frames_since_code_ = 1 << 20;
  size_t next_extra_ = 0;          // the next extra pass for the current still scene
  size_t next_patch_way_ = 0;      // the next extra way to decode a patch
  ScanHint hint_ = ScanHint::kNone;
};

}  // namespace kindred
