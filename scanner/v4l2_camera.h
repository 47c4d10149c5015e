// A V4L2 camera (USB UVC webcams; Raspberry Pi camera modules through
// libcamera's V4L2 compatibility layer) captured on its own thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "scanner/frame_source.h"

namespace kindred {

struct CameraOptions {
  std::string device;   // e.g. "/dev/video0"; empty picks the first capture device
  int width = 640;      // requested; the driver may choose the nearest size
  int height = 480;
  int reconnect_ms = 500;  // how often to look for an unplugged camera coming back
};

// Returns the first /dev/video* node that can capture video, or "" if none.
std::string FindCaptureDevice();

class V4l2Camera final : public FrameSource {
 public:
  // Starts the capture thread. It opens the device, negotiates GREY, YUYV,
  // NV12 or MJPEG, streams with mmap buffers and, if the camera goes away,
  // keeps trying to reopen it every `reconnect_ms`. Never fails: status()
  // says what is wrong meanwhile.
  explicit V4l2Camera(CameraOptions options);
  ~V4l2Camera() override;
  V4l2Camera(const V4l2Camera&) = delete;
  V4l2Camera& operator=(const V4l2Camera&) = delete;

  bool TakeLatest(LumaImage* out, uint64_t* seq) override;
  std::string status() const override;

  // The negotiated format ("YUYV 640x480"), empty before the first frame.
  std::string format() const;

 private:
  void Run();
  bool Stream(int fd);  // returns when the device fails or stop_ is set

  const CameraOptions options_;
  mutable std::mutex mu_;
  std::condition_variable stop_cv_;
  LumaImage latest_;        // guarded by mu_
  uint64_t latest_seq_ = 0; // guarded by mu_
  std::string status_;      // guarded by mu_
  std::string format_;      // guarded by mu_
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace kindred
