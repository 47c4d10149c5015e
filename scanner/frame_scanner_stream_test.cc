// FrameScanner on the simulated kiosk camera (tests/camera_sim.h): badges
// held up in every condition, and frames without a code. Not labelled
// "unit": minutes under qemu-user, and nothing in it is about the CPU.
#include "scanner/frame_scanner.h"

#include <gtest/gtest.h>

#include "tests/camera_sim.h"
#include "tests/support/scale.h"

namespace kindred {
namespace {

// Badges held up to the Pi's simulated camera (tests/camera_sim.h), each
// condition a few times: every badge reads, within a second in hall light
// and within two otherwise (in the stream's own time: the frames a 15/s
// camera gives in that time; scan-bench adds the decoder's time), and never
// as anything else.
TEST(FrameScannerTest, BadgesHeldUpToTheCameraReadInEveryCondition) {
  const test::CameraModel camera = test::RpicamModule3();
  const std::vector<test::BadgeCode> codes = test::MakeBadgeCodes(test::kSanitized ? 1 : 3, 11);
  for (test::Condition condition : test::kAllConditions) {
    for (size_t i = 0; i < codes.size(); ++i) {
      SCOPED_TRACE(std::string(test::ConditionName(condition)) + ", " + codes[i].kind + " badge");
      test::BadgeStream stream(camera, codes[i], condition, 500 + static_cast<uint32_t>(i), 2.5);
      FrameScanner scanner;
      test::SimFrame f;
      double read_at = -1;
      while (read_at < 0 && stream.Next(&f)) {
        for (const DecodedCode& c : scanner.Scan(f.image.view())) {
          ASSERT_EQ(c.text, codes[i].payload) << "a wrong read";
          read_at = std::max(0.0, f.t);
        }
      }
      ASSERT_GE(read_at, 0) << "never read";
      EXPECT_LE(read_at, condition == test::Condition::kHallLight ? 1.0 : 2.0);
    }
  }
}

TEST(FrameScannerTest, FacesHandsAndTextReadAsNothing) {
  for (const test::CameraModel& camera : {test::RpicamModule3(), test::UvcWebcam()}) {
    test::NoCodeStream stream(camera, 8, 24 / test::kSampleDivisor);
    FrameScanner scanner;
    LumaImage frame;
    while (stream.Next(&frame)) {
      EXPECT_TRUE(scanner.Scan(frame.view()).empty());
      EXPECT_TRUE(DecodeCodes(frame.view(), {}).empty());
    }
  }
}

}  // namespace
}  // namespace kindred
