// The Raspberry Pi camera path (scanner/rpicam_camera.h) against a stand-in
// rpicam-vid that writes the real program's byte stream from test images:
// badges decode, the command asks for what a badge at 30 cm needs, and a
// crash or a stall of the camera program is recovered from.
#include "scanner/rpicam_camera.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "scanner/decoder.h"
#include "tests/support/test_support.h"

namespace kindred {
namespace {

using namespace std::chrono_literals;

class RpicamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::MakeTempDir();
    LumaImage badge;
    std::string err;
    ASSERT_TRUE(RenderQrCode("K-1001", 6, &badge, &err)) << err;
    ASSERT_TRUE(SaveLumaPng(badge, dir_ + "/badge.png", &err)) << err;
    setenv("KINDRED_FAKE_RPICAM_IMAGES", (dir_ + "/badge.png").c_str(), 1);
    setenv("KINDRED_FAKE_RPICAM_ARGS", (dir_ + "/args.txt").c_str(), 1);
    setenv("KINDRED_FAKE_RPICAM_STATE", (dir_ + "/runs").c_str(), 1);
    unsetenv("KINDRED_FAKE_RPICAM_FAULT");
    options_.program = test::Bin("tests/fake-rpicam/rpicam-vid");
    options_.width = 640;
    options_.height = 480;
    options_.fps = 30;
    options_.restart_ms = 100;
  }
  void TearDown() override {
    unsetenv("KINDRED_FAKE_RPICAM_FAULT");
    std::filesystem::remove_all(dir_);
  }

  // Waits up to `seconds` for a frame newer than *seq.
  static bool NextFrame(RpicamCamera& camera, LumaImage* frame, uint64_t* seq, double seconds = 10) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < until) {
      if (camera.TakeLatest(frame, seq)) return true;
      std::this_thread::sleep_for(5ms);
    }
    return false;
  }

  std::string dir_;
  RpicamOptions options_;
};

TEST_F(RpicamTest, TheLayoutIsTheWholeBufferWithPaddedRows) {
  RpicamLayout l = RpicamLayoutFor(1280, 960);
  EXPECT_EQ(l.stride, 1280);
  EXPECT_EQ(l.frame_bytes, 1280u * 960 * 3 / 2);
  l = RpicamLayoutFor(600, 400);
  EXPECT_EQ(l.stride, 640);
  EXPECT_EQ(l.frame_bytes, 640u * 400 * 3 / 2);
}

TEST_F(RpicamTest, TheCommandAsksForFocusOnTheScanGuideAndNoFlicker) {
  const std::vector<std::string> cmd = RpicamCommand(options_);
  auto has = [&](const std::string& a, const std::string& b) {
    for (size_t i = 0; i + 1 < cmd.size(); ++i)
      if (cmd[i] == a && cmd[i + 1] == b) return true;
    return false;
  };
  EXPECT_TRUE(has("--codec", "yuv420"));
  EXPECT_TRUE(has("--output", "-"));
  EXPECT_TRUE(has("--timeout", "0"));
  EXPECT_TRUE(has("--flicker-period", "10000us"));
  EXPECT_TRUE(has("--autofocus-mode", "continuous"));
  EXPECT_TRUE(has("--autofocus-window", "0.25,0.2,0.5,0.6"));
  RpicamOptions fixed = options_;
  fixed.lens_dioptres = 3.3;  // 30 cm
  fixed.mains_hz = 60;
  const std::vector<std::string> c2 = RpicamCommand(fixed);
  EXPECT_NE(std::find(c2.begin(), c2.end(), "3.30"), c2.end());
  EXPECT_NE(std::find(c2.begin(), c2.end(), "8333us"), c2.end());
}

TEST_F(RpicamTest, BadgesDecodeFromTheCameraProgramsByteStream) {
  options_.width = 600;  // rounded up to 640: no padded rows on any Pi
  RpicamCamera camera(options_);
  LumaImage frame;
  uint64_t seq = 0;
  ASSERT_TRUE(NextFrame(camera, &frame, &seq)) << camera.status();
  EXPECT_EQ(frame.width(), 640);
  EXPECT_EQ(frame.height(), 480);
  EXPECT_EQ(camera.status(), "");
  const std::vector<DecodedCode> codes = DecodeCodes(frame.view(), DecoderOptions{});
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0].text, "K-1001");
  const std::string args = test::ReadFile(dir_ + "/args.txt");
  EXPECT_NE(args.find("--width\n640\n"), std::string::npos) << args;
}

TEST_F(RpicamTest, ACrashedCameraProgramIsRestartedAndSaysSoMeanwhile) {
  setenv("KINDRED_FAKE_RPICAM_FAULT", "crash:5", 1);
  options_.restart_ms = 400;
  RpicamCamera camera(options_);
  LumaImage frame;
  uint64_t seq = 0;
  ASSERT_TRUE(NextFrame(camera, &frame, &seq));
  // It dies after five frames: the screen is told, then it comes back.
  bool said = false;
  for (int i = 0; i < 200 && !said; ++i) {
    said = camera.status().find("restarting") != std::string::npos;
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(said) << "no word of the restart: '" << camera.status() << "'";
  for (int i = 0; i < 300 && camera.starts() < 2; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(camera.starts(), 2);
  const uint64_t before = seq;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(NextFrame(camera, &frame, &seq));
  EXPECT_GT(seq, before + 2);
  EXPECT_EQ(DecodeCodes(frame.view(), DecoderOptions{}).size(), 1u);
  EXPECT_EQ(camera.status(), "");
}

TEST_F(RpicamTest, AStalledCameraProgramIsKilledAndRestarted) {
  setenv("KINDRED_FAKE_RPICAM_FAULT", "stall:5", 1);
  options_.stall_ms = 600;
  RpicamCamera camera(options_);
  LumaImage frame;
  uint64_t seq = 0;
  ASSERT_TRUE(NextFrame(camera, &frame, &seq));
  // Frames stop; within the stall time and a restart they flow again.
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 500 && camera.starts() < 2; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_EQ(camera.starts(), 2) << "the stalled program was not restarted";
  const uint64_t before = seq;
  ASSERT_TRUE(NextFrame(camera, &frame, &seq));
  while (seq <= before + 5) ASSERT_TRUE(NextFrame(camera, &frame, &seq));
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(s, 5.0) << "pictures came back only after " << s << " s";
}

TEST_F(RpicamTest, AUsbWebcamWinsAndAPiCameraModuleIsFoundInSysfs) {
  auto device = [&](const std::string& root, const std::string& node, const std::string& name,
                    const std::string& uevent) {
    std::filesystem::create_directories(root + "/class/video4linux/" + node + "/device");
    test::WriteFile(root + "/class/video4linux/" + node + "/name", name + "\n");
    test::WriteFile(root + "/class/video4linux/" + node + "/device/uevent", uevent);
  };
  // A Pi 4 with a camera module: unicam (raw Bayer) and the ISP's nodes.
  const std::string pi4 = dir_ + "/pi4";
  device(pi4, "video0", "unicam-image", "DRIVER=unicam\nOF_NAME=csi\n");
  device(pi4, "video14", "bcm2835-isp-capture0", "DRIVER=bcm2835-isp\n");
  EXPECT_EQ(DetectCamera(pi4), CameraKind::kPiModule);
  EXPECT_TRUE(UseRpicam(pi4, true));
  EXPECT_FALSE(UseRpicam(pi4, false)) << "without rpicam-apps the V4L2 path stays";
  // A Pi 5 with a module and a USB webcam: the webcam.
  const std::string pi5 = dir_ + "/pi5";
  device(pi5, "video0", "rp1-cfe-csi2_ch0", "DRIVER=rp1-cfe\n");
  device(pi5, "video8", "HD Pro Webcam C920", "DEVTYPE=usb_interface\nDRIVER=uvcvideo\n");
  EXPECT_EQ(DetectCamera(pi5), CameraKind::kUsb);
  EXPECT_FALSE(UseRpicam(pi5, true));
  EXPECT_EQ(DetectCamera(dir_ + "/nothing"), CameraKind::kNone);
}

TEST_F(RpicamTest, AMissingCameraProgramIsAStatusNotACrash) {
  options_.program = dir_ + "/no-such-rpicam-vid";
  EXPECT_FALSE(RpicamAvailable(options_.program));
  RpicamCamera camera(options_);
  std::this_thread::sleep_for(300ms);
  LumaImage frame;
  uint64_t seq = 0;
  EXPECT_FALSE(camera.TakeLatest(&frame, &seq));
  EXPECT_NE(camera.status(), "");
}

}  // namespace
}  // namespace kindred
