// The real kindred-kiosk on a Raspberry Pi camera module, through a
// stand-in rpicam-vid on the PATH that writes the real program's byte
// stream (tests/fake_rpicam_vid.cc): two badges in one frame save an
// encounter, and when the camera program dies the attract screen says so
// until it is back.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <thread>

#include "tests/finger_kiosk.h"
#include "tests/support/test_support.h"

namespace kindred::test {
namespace {

class KioskCameraTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    db_ = dir_ + "/event.db";
    WriteFile(dir_ + "/roster.csv",
              "badge_id,name,passions\nK-1001,Maya Okafor,jazz; urban beekeeping\nK-1002,José Álvarez,jazz\n");
    RunResult r = RunCommand({Bin("kindred"), "import", dir_ + "/roster.csv", "--db", db_});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_EQ(RunCommand({Bin("make-test-badge"), dir_ + "/pair.png", "K-1001", "K-1002"}).exit_code, 0);
    const std::string path = std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin";
    old_path_ = path;
    setenv("PATH", (std::string(KINDRED_BIN_DIR) + "/tests/fake-rpicam:" + path).c_str(), 1);
    setenv("KINDRED_FAKE_RPICAM_IMAGES", (dir_ + "/pair.png").c_str(), 1);
    setenv("KINDRED_FAKE_RPICAM_STATE", (dir_ + "/runs").c_str(), 1);
  }
  void TearDown() override {
    setenv("PATH", old_path_.c_str(), 1);
    unsetenv("KINDRED_FAKE_RPICAM_FAULT");
    std::filesystem::remove_all(dir_);
  }

  // True once the encounter of the two badges is in the database.
  bool EncounterSaved() {
    RunResult r = RunCommand({Bin("kindred"), "export", "--db", db_, "--out", dir_ + "/out"});
    const std::string csv = ReadFile(dir_ + "/out/encounters.csv");
    return r.exit_code == 0 && csv.find("K-1001") != std::string::npos && csv.find("K-1002") != std::string::npos;
  }

  std::string dir_, db_, old_path_;
};

TEST_F(KioskCameraTest, TwoBadgesInOneFrameOfThePiCameraSaveAnEncounter) {
  FingerKiosk kiosk;
  std::string err;
  ASSERT_TRUE(kiosk.Start(dir_, 800, 480, Orientation{}, {"--db", db_, "--camera", "rpicam"}, &err)) << err;
  // The pair scan opens the card of their encounter, already saved.
  ASSERT_GE(kiosk.WaitFor(ShowsScreen("card"), 15000), 0) << kiosk.kiosk_log();
  EXPECT_TRUE(EncounterSaved());
}

TEST_F(KioskCameraTest, WhenTheCameraProgramDiesTheAttractScreenSaysSoUntilItIsBack) {
  setenv("KINDRED_FAKE_RPICAM_FAULT", "crash:3", 1);
  // A plain wall in front of the camera: nothing to scan, the attract screen stays.
  WriteFile(dir_ + "/wall.pgm", "P5\n64 48\n255\n" + std::string(64 * 48, '\x80'));
  setenv("KINDRED_FAKE_RPICAM_IMAGES", (dir_ + "/wall.pgm").c_str(), 1);
  FingerKiosk kiosk;
  std::string err;
  ASSERT_TRUE(kiosk.Start(dir_, 800, 480, Orientation{}, {"--db", db_, "--camera", "rpicam"}, &err)) << err;
  const double said = kiosk.WaitFor(ShowsText("The camera stopped - restarting it"), 10000);
  ASSERT_GE(said, 0) << kiosk.kiosk_log();
  const double back = kiosk.WaitFor([](const nlohmann::json& l) {
    return !ShowsText("The camera stopped - restarting it")(l) && !ShowsText("Starting the camera\u2026")(l);
  }, 10000);
  EXPECT_GE(back, 0) << "the notice stayed: " << kiosk.Layout().dump();
  EXPECT_NE(kiosk.kiosk_log().find("restarting it"), std::string::npos) << kiosk.kiosk_log();
}

// A volunteer runs `kindred-kiosk --self-check` on a Pi whose touch panel
// reports x mirrored: the four corners find it and fix it, the camera line
// reads a badge held up, and closing prints every line.
TEST_F(KioskCameraTest, AVolunteerChecksThisKioskByFingerOnAMirroredPanel) {
  ASSERT_EQ(RunCommand({Bin("make-test-badge"), dir_ + "/maya.png", "K-1001"}).exit_code, 0);
  setenv("KINDRED_FAKE_RPICAM_IMAGES", (dir_ + "/maya.png").c_str(), 1);
  FingerKiosk kiosk;
  std::string err;
  ASSERT_TRUE(kiosk.Start(dir_, 800, 480, Orientation{}, {"--db", db_, "--camera", "rpicam", "--self-check"}, &err))
      << err;
  Orientation mirrored;
  mirrored.invert_x = true;
  kiosk.set_wiring(mirrored);
  // The four corners come first: any tap counts.
  for (int i = 0; i < 4; ++i) {
    ASSERT_GE(kiosk.WaitFor(ShowsText("Tap the target (" + std::to_string(i + 1) + " of 4)"), 3000), 0)
        << kiosk.Layout().dump();
    kiosk.Touch({kCornerTargets[i].x * kiosk.ui_width(), kCornerTargets[i].y * kiosk.ui_height()});
  }
  auto contains = [](const std::string& part) {
    return [part](const nlohmann::json& l) {
      for (const auto& item : l.value("items", nlohmann::json::array()))
        if (item.value("text", "").find(part) != std::string::npos) return true;
      return false;
    };
  };
  ASSERT_GE(kiosk.WaitFor(contains("Touch fixed until the kiosk restarts (touch axes: invert-x)"), 3000), 0)
      << kiosk.Layout().dump();
  EXPECT_TRUE(contains("taps landed mirrored")(kiosk.Layout()));
  // The badge held up is read by the camera line.
  ASSERT_GE(kiosk.WaitFor(contains("read a badge: K-1001"), 10000), 0) << kiosk.Layout().dump();
  // With the fix in force, a tap on the mirrored panel hits its button.
  std::string tap_err;
  // (Back to kiosk ends the check: the kiosk exits only if the tap hit it.)
  ASSERT_GE(kiosk.Tap("Back to kiosk", [](const nlohmann::json&) { return true; }, 1000, &tap_err), 0) << tap_err;
  EXPECT_EQ(kiosk.WaitForExit(5000), 0) << "the fixed panel's tap missed 'Back to kiosk'\n" << kiosk.kiosk_log();
  const std::string out = kiosk.kiosk_log();
  EXPECT_NE(out.find("warn  touch: taps landed mirrored"), std::string::npos) << out;
  EXPECT_NE(out.find("pass  camera: Pi camera module"), std::string::npos) << out;
  EXPECT_NE(out.find("pass  disk:"), std::string::npos) << out;
}

TEST_F(KioskCameraTest, TheSelfCheckInJsonNeedsNoOneAndFailsOnAFailure) {
  RunResult r = RunCommand({Bin("kindred-kiosk"), "--db", db_, "--size", "800x480", "--no-sounds", "--camera", "rpicam",
                            "--self-check", "--json"},
                           {"SDL_VIDEODRIVER=offscreen", "ASAN_OPTIONS=detect_leaks=0"});
  nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out << r.err;
  EXPECT_EQ(r.exit_code, j["ok"].get<bool>() ? 0 : 3) << r.out;
  std::map<std::string, std::string> results;
  for (const auto& c : j["checks"]) results[c["check"]] = c["result"];
  for (const char* check : {"renderer", "display", "touch", "camera", "scanner", "sound", "disk", "clock", "hub"})
    EXPECT_EQ(results.count(check), 1u) << check << " missing: " << r.out;
  EXPECT_EQ(results["camera"], "pass") << r.out;  // the stand-in's badge was read
  // A camera program that never sends a picture fails the check.
  std::filesystem::create_directories(dir_ + "/bin");
  WriteFile(dir_ + "/bin/rpicam-vid", "#!/bin/sh\nsleep 30\n");
  std::filesystem::permissions(dir_ + "/bin/rpicam-vid", std::filesystem::perms::owner_all);
  r = RunCommand({Bin("kindred-kiosk"), "--db", db_, "--size", "800x480", "--no-sounds", "--camera", "rpicam",
                  "--self-check", "--json"},
                 {"SDL_VIDEODRIVER=offscreen", "ASAN_OPTIONS=detect_leaks=0",
                  "PATH=" + dir_ + "/bin:" + old_path_});
  j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out << r.err;
  EXPECT_FALSE(j["ok"].get<bool>()) << r.out;
  EXPECT_EQ(r.exit_code, 3);
}

}  // namespace
}  // namespace kindred::test
