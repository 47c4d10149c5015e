// Where in a camera frame a 2D code may be, before anything decodes it: the
// patches of dense, strong edges in both directions that printed modules make
// (a code, and text beside it; a wall, a face or a coat make few). Cheap
// enough for every frame: one pass over a half-size image in 8x8 blocks.
// Also says what may keep a code there from reading (for the kiosk's hint).
#pragma once

#include <vector>

#include "scanner/luma_image.h"

namespace kindred {

struct CodeRegion {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // in the pixels of the image given to FindCodeRegions
  int blocks = 0;                      // 8x8 blocks of edges inside it
  double saturated = 0;                // share of its pixels at 250 or more (glare)
  double sharpness = 0;                // how steep its edges are for their contrast, 0-1 (blur lowers it)
  bool touches_edge = false;           // cut by the frame's border
};

// At most `max_regions` regions, the most code-like first (most blocks,
// squarest). `image` is best the half-size frame. Empty when nothing in it
// looks like a code.
std::vector<CodeRegion> FindCodeRegions(const LumaView& image, int max_regions = 2);

// What to tell someone holding up a code that has not read yet.
enum class ScanHint {
  kNone,       // nothing code-like in view, or nothing to say
  kCloser,     // the code is small in the frame
  kFurther,    // the code fills or leaves the frame
  kGlare,      // a reflection whitens part of it
  kHoldStill,  // it is blurred (moving, or the lens still focusing)
};

// The hint for `region` in an image `width` x `height` (the same pixels).
ScanHint HintFor(const CodeRegion& region, int width, int height);

}  // namespace kindred
