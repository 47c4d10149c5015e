// Drives the real kindred-kiosk in a real X server (Xvfb) with real input
// events (xdotool), as a person at the screen would, and watches the screen.
// Used by the touch test and by the tap-latency benchmark.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/kiosk_driver.h"

namespace kindred::test {

class X11Kiosk {
 public:
  X11Kiosk() = default;
  ~X11Kiosk();  // stops the kiosk (SIGTERM) and the X server
  X11Kiosk(const X11Kiosk&) = delete;
  X11Kiosk& operator=(const X11Kiosk&) = delete;

  // True when Xvfb and xdotool are installed.
  static bool Available();

  // Starts Xvfb on a free display, then kindred-kiosk in a window of
  // `width` x `height` with `kiosk_args` (--db ...), and waits for its first
  // frame. The kiosk writes its layout after every frame to a file in `dir`.
  bool Start(const std::string& dir, int width, int height, const std::vector<std::string>& kiosk_args,
             std::string* err);

  // The layout of the last frame drawn ({"screen", "items": [{"text", "x0"...}]}).
  nlohmann::json Layout() const;

  // Clicks the centre of the visible button labelled `text` with real pointer
  // events, then waits up to `timeout_ms` until `effect` holds for the layout
  // and the window's pixels have changed and settled. Returns the time from
  // the click to that, in milliseconds, or -1 with *err on failure or timeout.
  using Effect = LayoutEffect;
  double Tap(const std::string& text, const Effect& effect, int timeout_ms, std::string* err);

  // The kiosk process, for CPU measurements.
  pid_t kiosk_pid() const { return kiosk_; }
  std::string kiosk_log() const;

 private:
  bool Capture(std::vector<char>* pixels) const;

  pid_t xvfb_ = -1;
  pid_t kiosk_ = -1;
  std::string display_;
  std::string window_;
  std::string layout_path_;
  std::string log_path_;
  int width_ = 0, height_ = 0;
  void* x_ = nullptr;  // Display*
};

}  // namespace kindred::test
