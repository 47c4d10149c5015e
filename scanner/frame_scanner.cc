#include "scanner/frame_scanner.h"

#include <algorithm>
#include <climits>
#include <cmath>

#include "scanner/image_ops.h"

namespace kindred {

namespace {

constexpr DecodePass kExtraPasses[] = {DecodePass::kZxing, DecodePass::kOtherBinarizer, DecodePass::kDoubleSize,
                                       DecodePass::kInverted, DecodePass::kZbar};

void Offset(std::vector<DecodedCode>* codes, int dx, int dy, int scale) {
  for (DecodedCode& c : *codes)
    for (PointI& p : c.corners) p = {p.x * scale + dx, p.y * scale + dy};
}

}  // namespace

FrameScanner::Grid FrameScanner::Fingerprint(const LumaView& f) {
  Grid grid{};
  std::array<int, 16 * 12> counts{};
  // Every 4th pixel of every 4th row is plenty for a brightness map.
  for (int y = 0; y < f.height; y += 4) {
    const uint8_t* row = f.data + static_cast<size_t>(y) * f.stride;
    const int gy = y * 12 / f.height;
    for (int x = 0; x < f.width; x += 4) {
      const int cell = gy * 16 + x * 16 / f.width;
      grid[cell] += row[x];
      ++counts[cell];
    }
  }
  for (size_t i = 0; i < grid.size(); ++i) grid[i] = counts[i] ? grid[i] / counts[i] : 0;
  return grid;
}

std::vector<DecodedCode> FrameScanner::Found(std::vector<DecodedCode> codes) {
  if (!codes.empty()) {
    hint_ = ScanHint::kNone;
    last_ = codes;
    frames_since_code_ = 0;
  }
  return codes;
}

std::vector<DecodedCode> FrameScanner::Scan(const LumaView& frame) {
  if (frame.empty() || frame.stride < frame.width) return {};
  ++stats_.frames;
  ++frames_since_code_;
  const Grid grid = Fingerprint(frame);
  bool still = false;
  if (have_grid_ && frame.width == width_ && frame.height == height_) {
    // The largest change of any cell: a person walking past changes only a few.
    float change = 0;
    for (size_t i = 0; i < grid.size(); ++i) change = std::max(change, std::fabs(grid[i] - grid_[i]));
    still = change < options_.still_threshold;
  }
  grid_ = grid;
  have_grid_ = true;
  width_ = frame.width;
  height_ = frame.height;
  if (!still) next_extra_ = 0;  // a new scene: every extra pass may help again

  // Nothing moved: the last result stands, unless extra passes are still owed.
  if (still && (!last_.empty() || next_extra_ >= std::size(kExtraPasses))) {
    ++stats_.unchanged;
    if (!last_.empty()) frames_since_code_ = 0;
    return last_;
  }
  std::vector<DecodedCode> previous = std::move(last_);
  last_.clear();

  DecoderOptions quick = options_.decoder;
  quick.thorough = false;
  quick.try_harder = false;
  // Where a code was just seen: decode that region only.
  if (!previous.empty() && frames_since_code_ <= options_.region_frames) {
    int x0 = INT_MAX, y0 = INT_MAX, x1 = INT_MIN, y1 = INT_MIN;
    for (const DecodedCode& c : previous)
      for (const PointI& p : c.corners) {
        x0 = std::min(x0, p.x), x1 = std::max(x1, p.x);
        y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
      }
    const int margin = std::max(x1 - x0, y1 - y0) / 2 + 8;
    LumaView region = Crop(frame, x0 - margin, y0 - margin, x1 + margin, y1 + margin);
    if (!region.empty()) {
      ++stats_.region;
      std::vector<DecodedCode> codes = DecodeCodes(region, quick);
      if (!codes.empty()) {
        Offset(&codes, static_cast<int>((region.data - frame.data) % frame.stride),
               static_cast<int>((region.data - frame.data) / frame.stride), 1);
        return Found(std::move(codes));
      }
    }
  }
  // The whole frame at half size: a quarter of the pixels, and less noise.
  ++stats_.half;
  LumaImage half = HalfSize(frame);
  std::vector<DecodedCode> codes = DecodeCodes(half.view(), quick);
  if (!codes.empty()) {
    Offset(&codes, 0, 0, 2);
    return Found(std::move(codes));
  }
  // Code-like patches the half-size search could not read, at full size.
  const std::vector<CodeRegion> regions = FindCodeRegions(half.view());
  hint_ = regions.empty() ? ScanHint::kNone : HintFor(regions[0], half.width(), half.height());
  for (const CodeRegion& region : regions) {
    codes = DecodePatch(frame, region);
    if (!codes.empty()) return Found(std::move(codes));
  }
  if (!regions.empty()) ++next_patch_way_;
  // A still scene the cheap search cannot read: one extra pass per frame.
  if (still && next_extra_ < std::size(kExtraPasses)) {
    ++stats_.extra;
    codes = DecodeWithPass(frame, options_.decoder, kExtraPasses[next_extra_++]);
    if (!codes.empty()) return Found(std::move(codes));
  }
  return {};
}

std::vector<DecodedCode> FrameScanner::DecodePatch(const LumaView& frame, const CodeRegion& r) {
  ++stats_.patch;
  const int margin = 8;  // full-size pixels of quiet zone the region's blocks may have cut
  const LumaView patch = Crop(frame, 2 * r.x0 - margin, 2 * r.y0 - margin, 2 * r.x1 + margin, 2 * r.y1 + margin);
  if (patch.empty()) return {};
  const int dx = static_cast<int>((patch.data - frame.data) % frame.stride);
  const int dy = static_cast<int>((patch.data - frame.data) / frame.stride);
  DecoderOptions options = options_.decoder;
  options.thorough = false;
  std::vector<DecodedCode> codes = DecodeWithPass(patch, options, DecodePass::kZxing);
  if (codes.empty()) {
    // One more way each frame, in turn: twice the size (small modules),
    // smoothed first (noise, a screen's pixel grid), the other binarizer
    // (glare, shadow), zbar (tilted small codes).
    switch (next_patch_way_ % 4) {
      case 0:
        codes = DecodeWithPass(patch, options, DecodePass::kDoubleSize);
        break;
      case 1: {
        const LumaImage smooth = Smoothed(patch);
        codes = DecodeWithPass(smooth.view(), options, DecodePass::kDoubleSize);
        break;
      }
      case 2:
        codes = DecodeWithPass(patch, options, DecodePass::kOtherBinarizer);
        break;
      default:
        codes = DecodeWithPass(patch, options, DecodePass::kZbar);
        break;
    }
  }
  Offset(&codes, dx, dy, 1);
  return codes;
}

}  // namespace kindred
