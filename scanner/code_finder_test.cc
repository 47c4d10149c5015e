#include "scanner/code_finder.h"

#include <gtest/gtest.h>

#include "scanner/image_ops.h"
#include "tests/camera_frames.h"
#include "tests/camera_sim.h"

namespace kindred {
namespace {

using test::CameraModel;
using test::Shot;

// One frame of the Pi's camera with a signed badge posed by `shot`, at half
// size (what FrameScanner gives FindCodeRegions).
LumaImage HalfFrame(const Shot& shot, double code_mm = 30, int badge = 0) {
  const CameraModel camera = test::RpicamModule3();
  QrMatrix qr;
  std::string err;
  EXPECT_TRUE(EncodeQr(test::MakeBadgeCodes(4, 3)[badge].payload, &qr, &err)) << err;
  std::mt19937 rng(4);
  return HalfSize(test::RenderShot(camera, qr, code_mm, shot, &rng).view());
}

Shot Centred(double distance_mm = 320) {
  Shot s;
  s.cx = 640, s.cy = 480, s.distance_mm = distance_mm;
  return s;
}

TEST(CodeFinderTest, FindsTheBadgeAndNothingInAnEmptyRoom) {
  const LumaImage frame = HalfFrame(Centred());
  const std::vector<CodeRegion> regions = FindCodeRegions(frame.view());
  ASSERT_FALSE(regions.empty());
  // The code's centre (320, 240 at half size) is inside the best region.
  EXPECT_TRUE(regions[0].x0 < 320 && regions[0].x1 > 320 && regions[0].y0 < 240 && regions[0].y1 > 240);
  EXPECT_LT(regions[0].x1 - regions[0].x0, 200) << "the badge, not the room";
  EXPECT_EQ(HintFor(regions[0], frame.width(), frame.height()), ScanHint::kNone) << "sharp, near, no glare";

  test::CameraScene room(640, 480);
  EXPECT_TRUE(FindCodeRegions(room.Render(std::nullopt, {}).view()).empty());
  EXPECT_TRUE(FindCodeRegions(room.Render(200, {}).view()).empty()) << "a person walking past is no code";
  EXPECT_TRUE(FindCodeRegions({}).empty());
}

TEST(CodeFinderTest, HintsSayWhatKeepsTheCodeFromReading) {
 for (int badge = 0; badge < 4; ++badge) {  // the four kinds of code
  SCOPED_TRACE(test::MakeBadgeCodes(4, 3)[badge].kind);
  auto hint = [badge](const Shot& s) {
    const LumaImage frame = HalfFrame(s, test::MakeBadgeCodes(4, 3)[badge].code_mm, badge);
    const std::vector<CodeRegion> regions = FindCodeRegions(frame.view());
    return regions.empty() ? ScanHint::kNone : HintFor(regions[0], frame.width(), frame.height());
  };
  EXPECT_EQ(hint(Centred(900)), ScanHint::kCloser) << "at 90 cm a badge's code is a few pixels a module";
  Shot cut = Centred(250);
  cut.cx = 1240;
  EXPECT_EQ(hint(cut), ScanHint::kFurther) << "cut by the frame's edge";
  Shot glare = Centred();
  glare.sleeve = true, glare.haze = 0.08, glare.glare_peak = 2, glare.glare_radius = 0.15;
  EXPECT_EQ(hint(glare), ScanHint::kGlare);
  Shot blurred = Centred();
  blurred.defocus_px = 1.2;  // the lens still a dioptre off: the code is there, too soft to read
  EXPECT_EQ(hint(blurred), ScanHint::kHoldStill);
  Shot moving = Centred();
  moving.motion_dx = 9;
  EXPECT_EQ(hint(moving), ScanHint::kHoldStill);
 }
}

}  // namespace
}  // namespace kindred
