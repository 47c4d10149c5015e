#include "scanner/code_finder.h"

#include <algorithm>
#include <cstdlib>

namespace kindred {

namespace {

constexpr int kBlock = 8;
// Below this a region's edges are too soft to read: on the Pi camera's
// frames (tests/camera_sim.h) a badge in focus scores 0.77 and reads; at
// 0.4 px more defocus or 4 px of motion it scores 0.61-0.64 and does not.
constexpr double kSharpEnough = 0.68;

// The mean horizontal and vertical steps in block (bx, by): every frame, so
// kept to sums.
float BlockStrength(const LumaView& img, int bx, int by) {
  int sum_h = 0, sum_v = 0;
  const int x0 = bx * kBlock, y0 = by * kBlock;
  const int x_end = std::min(x0 + kBlock, img.width - 1);  // the last column has no right neighbour
  for (int y = y0; y < y0 + kBlock; ++y) {
    const uint8_t* row = img.data + static_cast<size_t>(y) * img.stride;
    const uint8_t* below = y + 1 < img.height ? row + img.stride : row;
    for (int x = x0; x < x_end; ++x) sum_h += std::abs(row[x + 1] - row[x]);
    for (int x = x0; x < x0 + kBlock; ++x) sum_v += std::abs(below[x] - row[x]);
  }
  return static_cast<float>(std::min(sum_h, sum_v)) / (kBlock * kBlock);
}

// How steep block (bx, by)'s edges are for its contrast: a sharp edge steps
// from dark to light within a pixel or two; blur (or motion, along its
// direction) spreads the step over many. Only for the blocks that matter.
float BlockSharpness(const LumaView& img, int bx, int by) {
  int peak_h = 0, peak_v = 0, lo = 255, hi = 0;
  const int x0 = bx * kBlock, y0 = by * kBlock;
  const int x_end = std::min(x0 + kBlock, img.width - 1);
  for (int y = y0; y < y0 + kBlock; ++y) {
    const uint8_t* row = img.data + static_cast<size_t>(y) * img.stride;
    const uint8_t* below = y + 1 < img.height ? row + img.stride : row;
    for (int x = x0; x < x_end; ++x) peak_h = std::max(peak_h, std::abs(row[x + 1] - row[x]));
    for (int x = x0; x < x0 + kBlock; ++x) {
      peak_v = std::max(peak_v, std::abs(below[x] - row[x]));
      lo = std::min<int>(lo, row[x]);
      hi = std::max<int>(hi, row[x]);
    }
  }
  return static_cast<float>(std::min(peak_h, peak_v)) / static_cast<float>(std::max(hi - lo, 1));
}

}  // namespace

std::vector<CodeRegion> FindCodeRegions(const LumaView& img, int max_regions) {
  if (img.empty() || img.stride < img.width) return {};
  const int bw = img.width / kBlock, bh = img.height / kBlock;
  if (bw < 3 || bh < 3) return {};
  // The weaker of each block's mean horizontal and vertical steps.
  std::vector<float> strength(static_cast<size_t>(bw) * bh);
  for (int by = 0; by < bh; ++by)
    for (int bx = 0; bx < bw; ++bx) strength[static_cast<size_t>(by) * bw + bx] = BlockStrength(img, bx, by);

  // Strong: well above the frame's typical block (sensor noise, soft walls).
  std::vector<float> sorted = strength;
  std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
  const float threshold = std::max(8.0f, 2.5f * sorted[sorted.size() / 2]);
  std::vector<uint8_t> strong(strength.size());
  for (size_t i = 0; i < strength.size(); ++i) strong[i] = strength[i] >= threshold;

  // Regions: strong blocks joined across gaps of one block.
  std::vector<int> label(strength.size(), -1);
  std::vector<CodeRegion> regions;
  std::vector<int> stack;
  for (int start = 0; start < bw * bh; ++start) {
    if (!strong[start] || label[start] >= 0) continue;
    const int id = static_cast<int>(regions.size());
    int bx0 = bw, by0 = bh, bx1 = -1, by1 = -1, count = 0;
    double sharp_sum = 0;
    stack.assign(1, start);
    label[start] = id;
    while (!stack.empty()) {
      const int i = stack.back();
      stack.pop_back();
      const int bx = i % bw, by = i / bw;
      bx0 = std::min(bx0, bx), bx1 = std::max(bx1, bx), by0 = std::min(by0, by), by1 = std::max(by1, by);
      ++count;
      sharp_sum += BlockSharpness(img, bx, by);
      for (int dy = -2; dy <= 2; ++dy)
        for (int dx = -2; dx <= 2; ++dx) {
          const int nx = bx + dx, ny = by + dy;
          if (nx < 0 || ny < 0 || nx >= bw || ny >= bh) continue;
          const int n = ny * bw + nx;
          if (strong[n] && label[n] < 0) {
            label[n] = id;
            stack.push_back(n);
          }
        }
    }
    CodeRegion r;
    r.blocks = count;
    r.x0 = std::max(0, (bx0 - 1) * kBlock);
    r.y0 = std::max(0, (by0 - 1) * kBlock);
    r.x1 = std::min(img.width, (bx1 + 2) * kBlock);
    r.y1 = std::min(img.height, (by1 + 2) * kBlock);
    r.touches_edge = bx0 == 0 || by0 == 0 || bx1 == bw - 1 || by1 == bh - 1;
    r.sharpness = sharp_sum / count;
    regions.push_back(r);
  }
  // A code is a patch, not a line (a door's edge) or a speck: at least 3x3
  // blocks, a quarter of them strong.
  std::vector<CodeRegion> out;
  for (const CodeRegion& r : regions) {
    const int wb = (r.x1 - r.x0) / kBlock - 2, hb = (r.y1 - r.y0) / kBlock - 2;
    if (wb < 3 || hb < 3 || r.blocks * 4 < wb * hb) continue;
    out.push_back(r);
  }
  auto score = [](const CodeRegion& r) {
    const double w = r.x1 - r.x0, h = r.y1 - r.y0;
    return r.blocks * std::min(w, h) / std::max(w, h);
  };
  std::sort(out.begin(), out.end(), [&](const CodeRegion& a, const CodeRegion& b) { return score(a) > score(b); });
  if (static_cast<int>(out.size()) > max_regions) out.resize(std::max(0, max_regions));
  // Glare: the share of clipped pixels (every other one is plenty).
  for (CodeRegion& r : out) {
    int n = 0, bright = 0;
    for (int y = r.y0; y < r.y1; y += 2)
      for (int x = r.x0; x < r.x1; x += 2, ++n) bright += img.at(x, y) >= 250;
    r.saturated = n ? static_cast<double>(bright) / n : 0;
  }
  return out;
}

ScanHint HintFor(const CodeRegion& r, int width, int height) {
  const int w = r.x1 - r.x0, h = r.y1 - r.y0;
  if (r.touches_edge || std::max(w, h) > std::min(width, height) * 3 / 4) return ScanHint::kFurther;
  if (r.saturated > 0.02) return ScanHint::kGlare;
  // Soft edges first: a blurred code also looks smaller than it is.
  if (r.sharpness < kSharpEnough) return ScanHint::kHoldStill;
  if (std::max(w, h) * 8 < width) return ScanHint::kCloser;
  return ScanHint::kNone;
}

}  // namespace kindred
