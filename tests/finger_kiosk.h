// Drives the real kindred-kiosk with touches exactly as a Raspberry Pi's
// touchscreen delivers them under SDL 2.26's KMSDRM driver: SDL_FINGER*
// events with windowID 0 and 0..1 coordinates on the panel's own axes, no
// mouse events, a mouse state that never moves (kiosk/input_feed.h). The
// kiosk renders offscreen (Mesa llvmpipe; no window system, as on the Pi)
// and writes its layout after every frame, which is how the effect of each
// touch is seen. Used by the finger tests and the tap benchmark.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/orientation.h"
#include "tests/kiosk_driver.h"
#include "tests/support/test_support.h"

namespace kindred::test {

class FingerKiosk {
 public:
  FingerKiosk() = default;
  ~FingerKiosk();  // stops the kiosk
  FingerKiosk(const FingerKiosk&) = delete;
  FingerKiosk& operator=(const FingerKiosk&) = delete;

  // Starts kindred-kiosk on a `panel_w` x `panel_h` panel turned as `o` says
  // (--rotate, --touch-axes), with `kiosk_args` (--db ...; no camera unless
  // they name one with --camera), and waits for its first frame.
  bool Start(const std::string& dir, int panel_w, int panel_h, const Orientation& o,
             const std::vector<std::string>& kiosk_args, std::string* err);

  // The layout of the last frame drawn, in interface pixels.
  nlohmann::json Layout() const;

  // Where the visible button labelled `text` is (its centre); false if none.
  bool Find(const std::string& text, PointF* centre) const;

  // One finger on the interface's point `p`: down, then up after `hold_ms`.
  // `window`: also send the mouse events SDL synthesises under X11/Wayland.
  void Touch(PointF p, int hold_ms = 30, bool window = false);
  // A second finger lands at `second` while the first is down at `first`.
  void TwoFingers(PointF first, PointF second);
  // A finger drags from `from` by `dy` interface pixels in `steps` moves.
  void Drag(PointF from, float dy, int steps = 8);

  // Taps the visible button `text`, then waits up to `timeout_ms` until
  // `effect` holds for a drawn frame. Returns the time from the finger's
  // release to that frame, in milliseconds, or -1 with *err.
  using Effect = LayoutEffect;
  double Tap(const std::string& text, const Effect& effect, int timeout_ms, std::string* err, bool window = false);
  // Waits up to `timeout_ms` for `effect`; the milliseconds it took, or -1.
  double WaitFor(const Effect& effect, int timeout_ms) const;

  // How the panel is really wired, when it differs from what the kiosk was
  // told (a panel whose touch axes are mirrored or swapped): touches are
  // sent as such a panel would report them.
  void set_wiring(const Orientation& wired) { orientation_ = wired; }
  // Waits up to `timeout_ms` for the kiosk to exit by itself; its exit code, or -1.
  int WaitForExit(int timeout_ms);

  int kiosk_pid() const { return kiosk_.pid(); }
  std::string kiosk_log() const { return ReadFile(log_path_); }
  int ui_width() const { return ui_w_; }
  int ui_height() const { return ui_h_; }

 private:
  void Send(const std::string& line);

  Background kiosk_;
  int fifo_ = -1;
  std::string layout_path_, log_path_;
  int panel_w_ = 0, panel_h_ = 0, ui_w_ = 0, ui_h_ = 0;
  Orientation orientation_;
  long long next_finger_ = 100;  // the kernel's tracking IDs grow
};

}  // namespace kindred::test
