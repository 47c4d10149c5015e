// The Raspberry Pi's own camera modules (v2, v3, HQ) through the Pi's camera
// stack. On Raspberry Pi OS 12 they give raw Bayer frames through V4L2, with
// no exposure, white balance or focus; the picture a scanner needs comes out
// of libcamera's Pi pipeline. Kindred runs `rpicam-vid` (rpicam-apps-lite,
// on Raspberry Pi OS Lite) as a child process and reads its raw output:
//   rpicam-vid -t 0 -n --codec yuv420 -o - ...
// which writes, for every frame, the whole YUV420 buffer: the Y plane
// (stride x height bytes, each row padded to the stride), then U and V
// (stride/2 x height/2 each). Kindred keeps the Y plane: it is the luma the
// decoder reads.
//
// Why a child process and not libcamera itself: libcamera has no stable ABI
// (each 0.x release breaks it, and `apt upgrade` has broken programs built
// against it), and Debian 12's libcamera 0.0.3 does not know a Pi 5. The
// byte stream of rpicam-vid is stable and the Pi's own packages keep it
// matched to the Pi's libcamera. A crash of the camera stack also takes down
// only the child, which is restarted.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "scanner/frame_source.h"

namespace kindred {

struct RpicamOptions {
  std::string program = "rpicam-vid";  // found on PATH unless a path
  int width = 1280;        // rounded up to a multiple of 128 (see RpicamLayout); a 30 mm
  int height = 960;        // badge's modules are 2 px at 35 cm (at 640x480, one: unreadable)
  int fps = 15;            // plenty for a badge held still; half the Pi's work of 30
  int mains_hz = 50;       // 50 or 60: exposure in whole mains periods, no flicker bands; 0: off
  double lens_dioptres = -1;  // < 0: continuous autofocus on the scan guide; else a fixed lens
                              // position in dioptres (1 / metres: 3.3 is 30 cm)
  int stall_ms = 3000;     // no frame for this long: the camera is restarted
  int restart_ms = 1000;   // wait before a restart, doubling up to 8 s while it keeps failing
};

// The frame layout rpicam-vid writes for a width x height YUV420 stream:
// rows padded to a multiple of 64 bytes (the Pi 5 ISP's alignment; the Pi 4's
// is 32, and a width that is a multiple of 128 pads on neither).
struct RpicamLayout {
  int width = 0, height = 0;
  int stride = 0;          // bytes per Y row
  size_t frame_bytes = 0;  // stride * height * 3 / 2
};
RpicamLayout RpicamLayoutFor(int width, int height);

// The command line run: program and arguments. The autofocus window is the
// scan guide (the middle of the picture), where the badge is held.
std::vector<std::string> RpicamCommand(const RpicamOptions& o);

// True when the camera stack's program can be found.
bool RpicamAvailable(const std::string& program = "rpicam-vid");

// Which camera a kiosk with no camera named uses, from what sysfs (under
// `sys_root`, "/sys" on a Pi) lists in class/video4linux: a USB (UVC)
// webcam if there is one, else a Pi camera module (the Pi 4's unicam, the
// Pi 5's rp1-cfe) if there is one and `rpicam_installed`, else V4L2's first
// capture device (which may be none).
enum class CameraKind { kUsb, kPiModule, kNone };
CameraKind DetectCamera(const std::string& sys_root);
bool UseRpicam(const std::string& sys_root, bool rpicam_installed);

class RpicamCamera final : public FrameSource {
 public:
  // Starts the reader thread, which starts the program and restarts it when
  // it exits or stalls. Never fails: status() says what is wrong meanwhile.
  explicit RpicamCamera(RpicamOptions options);
  ~RpicamCamera() override;  // stops the program (SIGTERM, then SIGKILL)
  RpicamCamera(const RpicamCamera&) = delete;
  RpicamCamera& operator=(const RpicamCamera&) = delete;

  bool TakeLatest(LumaImage* out, uint64_t* seq) override;
  std::string status() const override;

  // How many times the program was started (1 while the first one runs).
  int starts() const { return starts_; }

 private:
  void Run();
  // Runs one instance until it ends, stalls or stop_ is set; true when it
  // delivered at least one frame.
  bool RunOnce();
  void SetStatus(const std::string& s);

  const RpicamOptions options_;
  const RpicamLayout layout_;
  mutable std::mutex mu_;
  std::condition_variable stop_cv_;
  LumaImage latest_;        // guarded by mu_
  uint64_t latest_seq_ = 0; // guarded by mu_
  std::string status_;      // guarded by mu_
  std::atomic<bool> stop_{false};
  std::atomic<int> starts_{0};
  std::atomic<pid_t> child_{-1};
  std::thread thread_;
};

}  // namespace kindred
