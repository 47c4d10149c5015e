// The real kindred-kiosk in a real X window (Xvfb), tapped with real pointer
// events (xdotool) through the whole attendee path, as a person would: every
// tap's effect must be on screen promptly, not with the next touch.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "tests/support/test_support.h"
#include "tests/x11_kiosk.h"
#include "tests/support/people.h"

namespace kindred::test {
namespace {

class KioskTouchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!X11Kiosk::Available()) GTEST_SKIP() << "needs Xvfb and xdotool";
    dir_ = MakeTempDir();
    db_ = dir_ + "/event.db";
    WriteFile(dir_ + "/roster.csv", RosterCsv(KioskTrio()));
    RunResult r = RunCommand({Bin("kindred"), "import", dir_ + "/roster.csv", "--db", db_});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  // Taps `button` and expects `effect` on screen within kPromptMs.
  // `pause_ms` after it: a person looks at the result before the next touch
  // (1.5 s is how long the kiosk once sat on a tap's result, #13).
  void TapExpect(X11Kiosk& kiosk, const std::string& button, const X11Kiosk::Effect& effect, int pause_ms = 400) {
    std::string err;
    // Wait up to 3 s so that a late effect is measured, not only refused.
    double ms = kiosk.Tap(button, effect, 3000, &err);
    ASSERT_GE(ms, 0) << err;
    EXPECT_LE(ms, kPromptMs) << "'" << button << "': its effect took " << ms << " ms to show";
    latencies_.push_back(ms);
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms));
  }

  std::string dir_, db_;
  std::vector<double> latencies_;
};

TEST_F(KioskTouchTest, EveryTapOfTheAttendeePathShowsItsResultAtOnce) {
  X11Kiosk kiosk;
  std::string err;
  ASSERT_TRUE(kiosk.Start(dir_, 800, 480, {"--db", db_, "--kiosk-id", "touch"}, &err)) << err;
  ASSERT_EQ(kiosk.Layout().value("screen", ""), "attract");
  WalkAttendeePath([&](const std::string& button, const LayoutEffect& effect) { TapExpect(kiosk, button, effect); },
                   [&] { return kiosk.Layout(); });
  ExpectAttendeePathSaved(db_, dir_);
  double worst = 0;
  for (double ms : latencies_) worst = std::max(worst, ms);
  std::printf("%zu taps, slowest on screen after %.1f ms\n", latencies_.size(), worst);
}

// In a real X window tapped with xdotool: picking a language on the attract
// screen shows it at once, and so does picking English again.
TEST_F(KioskTouchTest, ALanguagePickedByTouchShowsAtOnce) {
  WriteFile(dir_ + "/japanese.csv", "badge_id,name,language\nJ-1,Sato Hanako,ja\n");
  RunResult r = RunCommand({Bin("kindred"), "import", dir_ + "/japanese.csv", "--db", db_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  X11Kiosk kiosk;
  std::string err;
  ASSERT_TRUE(kiosk.Start(dir_, 800, 480, {"--db", db_, "--kiosk-id", "touch"}, &err)) << err;
  TapExpect(kiosk, "\u65e5\u672c\u8a9e", ShowsText("\u3042\u306a\u305f\u304c\u5922\u4e2d\u306b\u306a\u3063\u3066\u3044\u308b\u3053\u3068\u306f\uff1f"));
  TapExpect(kiosk, "English", ShowsText("What are you passionate about?"));
}

}  // namespace
}  // namespace kindred::test
