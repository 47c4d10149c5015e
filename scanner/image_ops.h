// The few pixel operations the decoder's extra passes need.
#pragma once

#include "scanner/luma_image.h"

namespace kindred {

// Bilinear resize by `factor` (0.25..4).
LumaImage Resize(const LumaView& src, double factor);

// Half size by averaging 2x2 blocks: fast, and it smooths sensor noise.
LumaImage HalfSize(const LumaView& src);

// A 3x3 box blur: sensor noise in low light, a phone screen's pixel grid.
LumaImage Smoothed(const LumaView& src);

// Dark for light: for light codes on dark badges.
LumaImage Inverted(const LumaView& src);

// The rectangle [x0, x1) x [y0, y1) clipped to the image, as a view (no copy).
LumaView Crop(const LumaView& src, int x0, int y0, int x1, int y1);

// How sharp the middle half of `src` is: the variance of its Laplacian
// (0 for a flat or empty image). A printed code in focus scores in the
// hundreds; the same code blurred by a lens focused at a metre, a few tens.
double FocusScore(const LumaView& src);

}  // namespace kindred
