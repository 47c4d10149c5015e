#include "scanner/frame_scanner.h"

#include <gtest/gtest.h>

#include "tests/camera_frames.h"

namespace kindred {
namespace {

using test::Badge;
using test::CameraScene;

TEST(FrameScannerTest, AnIdleSceneIsDecodedOnceThenSkipped) {
  CameraScene scene(640, 480);
  FrameScanner scanner;
  for (int i = 0; i < 30; ++i) EXPECT_TRUE(scanner.Scan(scene.Render(std::nullopt, {}).view()).empty());
  EXPECT_GE(scanner.stats().unchanged, 20u) << "sensor noise alone is not a change";
  EXPECT_LE(scanner.stats().extra, 5u) << "each extra pass at most once for one still scene";
}

TEST(FrameScannerTest, ABadgeHeldUpIsReadAndThenFollowedCheaply) {
  CameraScene scene(640, 480);
  FrameScanner scanner;
  int seen = 0;
  for (int i = 0; i < 30; ++i) {
    auto codes = scanner.Scan(scene.Render(std::nullopt, {{"K-1001", 320 + (i % 3), 240, 4, 8}}).view());
    if (!codes.empty()) {
      ++seen;
      EXPECT_EQ(codes[0].text, "K-1001");
      EXPECT_NEAR((codes[0].corners[0].x + codes[0].corners[2].x) / 2, 320, 20) << "corners in frame pixels";
    }
  }
  EXPECT_GE(seen, 28);
  EXPECT_GE(scanner.stats().region + scanner.stats().unchanged, 25u) << "after the first read, no full search";
}

TEST(FrameScannerTest, TwoBadgesInOneFrameAreBothRead) {
  CameraScene scene(1280, 720);
  FrameScanner scanner;
  auto codes = scanner.Scan(scene.Render(std::nullopt, {{"A1", 350, 360, 5, 0}, {"B2", 930, 360, 5, -6}}).view());
  ASSERT_EQ(codes.size(), 2u);
}

TEST(FrameScannerTest, ASmallBadgeTheHalfSizeSearchMissesIsReadAtFullSizeWhereItLooksLikeACode) {
  CameraScene scene(640, 480);
  FrameScanner scanner;
  bool read = false;
  for (int i = 0; i < 8 && !read; ++i) {
    auto codes = scanner.Scan(scene.Render(std::nullopt, {{"https://tickets.example.org/t/at/ab12cd34ef56/", 300, 220, 3, 4}}).view());
    read = !codes.empty() && codes[0].text == "https://tickets.example.org/t/at/ab12cd34ef56/";
  }
  EXPECT_TRUE(read);
  EXPECT_GE(scanner.stats().patch, 1u);
}

TEST(FrameScannerTest, PeopleWalkingPastAreSearchedCheaplyWithoutExtraPasses) {
  CameraScene scene(640, 480);
  FrameScanner scanner;
  for (int i = 0; i < 40; ++i) EXPECT_TRUE(scanner.Scan(scene.Render(40 + i * 14, {}).view()).empty());
  EXPECT_EQ(scanner.stats().extra, 0u);
}

TEST(FrameScannerTest, EmptyOrOddFramesGiveNothing) {
  FrameScanner scanner;
  EXPECT_TRUE(scanner.Scan({}).empty());
  LumaImage tiny(3, 2, 128);
  EXPECT_TRUE(scanner.Scan(tiny.view()).empty());
  LumaView bad = tiny.view();
  bad.stride = 1;
  EXPECT_TRUE(scanner.Scan(bad).empty());
  CameraScene scene(320, 240);
  EXPECT_TRUE(scanner.Scan(scene.Render(std::nullopt, {}).view()).empty()) << "a size change is a new scene";
}

}  // namespace
}  // namespace kindred

