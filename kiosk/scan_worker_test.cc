#include "kiosk/scan_worker.h"

#include <gtest/gtest.h>

namespace kindred {
namespace {

TEST(ScanHintTimerTest, AHintComesAfterASecondOfAnUnreadCodeAndGoesAtARead) {
  ScanHintTimer timer;
  EXPECT_EQ(timer.Update(ScanHint::kGlare, false, 0), ScanHint::kNone) << "most badges read before a second";
  EXPECT_EQ(timer.Update(ScanHint::kGlare, false, 900), ScanHint::kNone);
  EXPECT_EQ(timer.Update(ScanHint::kGlare, false, 1000), ScanHint::kGlare);
  EXPECT_EQ(timer.Update(ScanHint::kHoldStill, false, 1100), ScanHint::kHoldStill) << "it follows what is seen";
  EXPECT_EQ(timer.Update(ScanHint::kNone, false, 1200), ScanHint::kHoldStill) << "a frame without the code is a flicker";
  EXPECT_EQ(timer.Update(ScanHint::kCloser, true, 1300), ScanHint::kNone) << "read: nothing to change";
  EXPECT_EQ(timer.Update(ScanHint::kCloser, false, 1400), ScanHint::kNone) << "a new second starts";
  EXPECT_EQ(timer.Update(ScanHint::kCloser, false, 2400), ScanHint::kCloser);
  EXPECT_EQ(timer.Update(ScanHint::kNone, false, 3100), ScanHint::kNone) << "the badge was taken away";
  EXPECT_EQ(timer.Update(ScanHint::kFurther, false, 3200), ScanHint::kNone);
}

}  // namespace
}  // namespace kindred
