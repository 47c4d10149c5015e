// The real kindred-kiosk on a Raspberry Pi camera module, through a
// stand-in rpicam-vid on the PATH that writes the real program's byte
// stream (tests/fake_rpicam_vid.cc): two badges in one frame save an
// encounter, and when the camera program dies the attract screen says so
// until it is back.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "tests/finger_kiosk.h"
#include "tests/test_util.h"

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

}  // namespace
}  // namespace kindred::test
