#include "kiosk/self_check.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "scanner/decoder.h"
#include "scanner/image_ops.h"
#include "tests/support/test_support.h"

namespace kindred {
namespace {

std::string TempDir() { return test::MakeTempDir(); }

// Organiser mode reads every line in its language; the command line's JSON
// keeps English (and the check names stay English everywhere).
TEST(SelfCheckTest, EachLineInTheOrganisersLanguage) {
  const std::locale& de = i18n::Default().For("de");
  const test::TempDir dir;
  const CheckLine disk = CheckDisk(dir.path(), de);
  EXPECT_EQ(disk.check, "disk");
  EXPECT_NE(disk.detail.find(" frei, dauerhafter Schreibvorgang "), std::string::npos) << disk.detail;
  const CheckLine sound = CheckSound(0, de);
  EXPECT_EQ(sound.detail, "keine Tonausgabe: Scans bleiben stumm");
  EXPECT_EQ(sound.fix.rfind("Schließen Sie Lautsprecher an", 0), 0u) << sound.fix;
  EXPECT_EQ(CheckSound(2, de).detail, "2 Tonausgaben");
  HubFacts hub;
  hub.url = "postgresql://hub.local/kindred";
  hub.url_ok = hub.reached = true;
  hub.waiting = 1;
  EXPECT_EQ(CheckHubFacts(hub, i18n::Default().For("ja")).detail, "接続済み、証明書を検証済み。ここで1件の変更が送信待ち");
  EXPECT_EQ(CheckHubFacts(hub).detail, "reached, certificate verified; 1 change waiting here");
  CameraFacts cam{"USB webcam", "", 30, 150, "", false};
  EXPECT_EQ(CheckCamera(cam, i18n::Default().For("fr")).detail,
            "webcam USB : 30.0 images/s, netteté 150.0 (présentez un badge dans « Vérifier cette borne » pour tester la lecture)");
}

TEST(SelfCheckTest, SoftwareRenderingFailsOnAPiAndTheV3dPasses) {
  EXPECT_EQ(CheckRenderer("llvmpipe (LLVM 15.0.6, 128 bits)", "KMSDRM", true).result, CheckLine::kFail);
  EXPECT_EQ(CheckRenderer("llvmpipe (LLVM 15.0.6, 256 bits)", "offscreen", false).result, CheckLine::kWarn);
  const CheckLine v3d = CheckRenderer("V3D 7.1", "KMSDRM", true);
  EXPECT_EQ(v3d.result, CheckLine::kPass);
  EXPECT_NE(v3d.detail.find("V3D 7.1"), std::string::npos);
  EXPECT_NE(CheckRenderer("llvmpipe", "KMSDRM", true).fix.find("vc4-kms-v3d"), std::string::npos);
}

TEST(SelfCheckTest, TheDisplaySaysHowTheInterfaceSitsOnIt) {
  Orientation o;
  o.degrees = 90;
  const CheckLine l = CheckDisplay(720, 1280, o);
  EXPECT_EQ(l.result, CheckLine::kPass);
  EXPECT_NE(l.detail.find("1280x720 (landscape)"), std::string::npos) << l.detail;
}

TEST(SelfCheckTest, FourCornersThatLandMirroredOfferTheFix) {
  Orientation current, fixed;
  fixed.invert_x = true;
  const CheckLine l = CheckTouch(1, current, true, true, fixed);
  EXPECT_EQ(l.result, CheckLine::kWarn);
  EXPECT_NE(l.fix.find("KINDRED_TOUCH_AXES=invert-x"), std::string::npos) << l.fix;
  EXPECT_EQ(CheckTouch(1, current, true, true, current).result, CheckLine::kPass);
  EXPECT_EQ(CheckTouch(0, current, false, false, current).result, CheckLine::kWarn);
}

TEST(SelfCheckTest, TheCameraNeedsPicturesAndReadsABadge) {
  CameraFacts none;
  EXPECT_EQ(CheckCamera(none).result, CheckLine::kWarn);
  CameraFacts dead{"Pi camera module", "The camera stopped - restarting it", 0, 0, "", false};
  EXPECT_EQ(CheckCamera(dead).result, CheckLine::kFail);
  CameraFacts waiting{"USB webcam", "", 14.8, 35, "", true};
  EXPECT_EQ(CheckCamera(waiting).result, CheckLine::kWarn);
  CameraFacts read{"USB webcam", "", 14.8, 300, "K-1001", true};
  const CheckLine l = CheckCamera(read);
  EXPECT_EQ(l.result, CheckLine::kPass);
  EXPECT_NE(l.detail.find("14.8 frames/s"), std::string::npos) << l.detail;
}

TEST(SelfCheckTest, AFocusedCodeScoresFarAboveABlurredOne) {
  LumaImage code;
  std::string err;
  ASSERT_TRUE(RenderQrCode("K-1001", 6, &code, &err)) << err;
  LumaImage blurred = code;
  for (int pass = 0; pass < 4; ++pass) {  // a lens focused far away
    LumaImage next = blurred;
    for (int y = 2; y + 2 < code.height(); ++y)
      for (int x = 2; x + 2 < code.width(); ++x) {
        int sum = 0;
        for (int dy = -2; dy <= 2; ++dy)
          for (int dx = -2; dx <= 2; ++dx) sum += blurred.at(x + dx, y + dy);
        next.at(x, y) = static_cast<uint8_t>(sum / 25);
      }
    blurred = next;
  }
  EXPECT_GT(FocusScore(code.view()), 5 * FocusScore(blurred.view()));
  EXPECT_EQ(FocusScore(LumaImage(64, 48, 128).view()), 0);
}

TEST(SelfCheckTest, TheDiskTakesADurableWriteAndAMissingOneFails) {
  const std::string dir = TempDir();
  const CheckLine l = CheckDisk(dir);
  EXPECT_NE(l.result, CheckLine::kFail) << l.detail;
  EXPECT_NE(l.detail.find("durable write"), std::string::npos) << l.detail;
  EXPECT_TRUE(std::filesystem::is_empty(dir)) << "the check leaves nothing behind";
  EXPECT_EQ(CheckDisk(dir + "/missing").result, CheckLine::kFail);
  std::filesystem::remove_all(dir);
}

TEST(SelfCheckTest, AClockBeforeTheEventsNewestChangeFails) {
  const CheckLine past = CheckClock("2025-01-01T00:00:05Z", "2026-11-30T18:04:05.123Z", false);
  EXPECT_EQ(past.result, CheckLine::kFail);
  EXPECT_NE(past.detail.find("boots in the past"), std::string::npos);
  EXPECT_EQ(CheckClock("2026-11-30T18:10:00Z", "2026-11-30T18:04:05.123Z", false).result, CheckLine::kWarn);
  EXPECT_EQ(CheckClock("2026-11-30T18:10:00Z", "2026-11-30T18:04:05.123Z", true).result, CheckLine::kPass);
  EXPECT_EQ(CheckClock("2026-11-30T18:10:00Z", "", true).result, CheckLine::kPass);
  const std::string run = TempDir();
  EXPECT_FALSE(ClockSynchronised(run));
  std::filesystem::create_directories(run + "/systemd/timesync");
  std::ofstream(run + "/systemd/timesync/synchronized").put('\n');
  EXPECT_TRUE(ClockSynchronised(run));
  std::filesystem::remove_all(run);
}

TEST(SelfCheckTest, AUsbBarcodeScannerIsFoundByItsName) {
  const std::string dir = TempDir();
  EXPECT_NE(CheckBarcodeScanner(dir).detail.find("no USB barcode scanner"), std::string::npos);
  std::filesystem::create_symlink("../event3", dir + "/usb-Logitech_USB_Keyboard-event-kbd");
  EXPECT_NE(CheckBarcodeScanner(dir).detail.find("no USB barcode scanner"), std::string::npos);
  std::filesystem::create_symlink("../event4", dir + "/usb-Honeywell_Imaging_Barcode_Scanner-event-kbd");
  EXPECT_NE(CheckBarcodeScanner(dir).detail.find("Honeywell"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(SelfCheckTest, TheHubLineSaysWhatIsWaiting) {
  EXPECT_EQ(CheckHubFacts(HubFacts{}).result, CheckLine::kPass);
  HubFacts refused{"postgresql://k@10.0.0.5/kindred", false, false, false, "the hub URL does not verify the server", 0};
  EXPECT_EQ(CheckHubFacts(refused).result, CheckLine::kFail);
  HubFacts away{"postgresql://k@10.0.0.5/kindred?sslmode=verify-full", true, false, false, "timeout", 12};
  const CheckLine l = CheckHubFacts(away);
  EXPECT_EQ(l.result, CheckLine::kWarn);
  EXPECT_NE(l.detail.find("12 changes waiting"), std::string::npos) << l.detail;
  HubFacts fine{"postgresql://k@10.0.0.5/kindred?sslmode=verify-full", true, false, true, "", 1};
  EXPECT_EQ(CheckHubFacts(fine).result, CheckLine::kPass);
}

TEST(SelfCheckTest, JsonSaysOkOnlyWithoutAFailure) {
  std::vector<CheckLine> lines = {CheckSound(0), CheckSound(2)};
  nlohmann::json j = nlohmann::json::parse(ChecksJson(lines));
  EXPECT_TRUE(j["ok"].get<bool>()) << "a warning is not a failure";
  EXPECT_EQ(j["checks"][0]["result"], "warn");
  lines.push_back(CheckDisk("/nonexistent/kindred"));
  j = nlohmann::json::parse(ChecksJson(lines));
  EXPECT_FALSE(j["ok"].get<bool>());
  EXPECT_EQ(j["checks"][2]["check"], "disk");
  EXPECT_NE(ChecksText(lines).find("fail  disk:"), std::string::npos);
}

}  // namespace
}  // namespace kindred
