// One pointer for the interface, from whatever points at the screen.
//
// A touchscreen as SDL 2.26 gives it on a Raspberry Pi (KMSDRM): only
// SDL_FINGERDOWN / SDL_FINGERMOTION / SDL_FINGERUP, windowID 0, x and y
// normalised to 0..1 on the panel's own axes; no mouse events, and a mouse
// state that never moves (src/core/linux/SDL_evdev.c sends touches with no
// window, and src/events/SDL_touch.c synthesises mouse events only when
// there is one). Under X11 or Wayland SDL sends the same finger events plus
// synthesised mouse events (which == SDL_TOUCH_MOUSEID): those are ignored
// here, so every tap counts once. A real mouse works as a mouse.
//
// The first finger down is the pointer until it lifts; a second finger never
// becomes a second tap. A finger that moves more than a few millimetres
// becomes a drag: its press is withdrawn (the button under it is not tapped)
// and its vertical movement scrolls the list it started on.
#pragma once

#include <SDL_events.h>

#include <cstdint>
#include <optional>

#include "kiosk/orientation.h"

namespace kindred {

class Pointer {
 public:
  // The panel's size in pixels, how the interface sits on it, and how far
  // (interface pixels) a finger may wander before a press becomes a drag.
  void Configure(int panel_w, int panel_h, const Orientation& o, float drag_threshold);

  // Takes a pointer event (finger, mouse motion, mouse button); false for any
  // other event, which the caller passes on (keyboard, text, wheel).
  bool OnEvent(const SDL_Event& ev);

  // What the interface sees in the frame about to be built. A press and its
  // release in the same frame still show as a press, then a release, so a
  // quick tap is never lost.
  struct Frame {
    bool has_position = false;  // false: nothing hovers (a lifted finger)
    float x = 0, y = 0;         // interface pixels
    bool down = false;          // the (left) button or finger is pressed
    bool touch = false;         // the pointer is a finger
    bool dragging = false;      // a drag is under way: scroll, do not tap
    float drag_x = 0, drag_y = 0;  // where the drag started (interface pixels)
    float scroll_dy = 0;        // vertical movement since the last frame
  };
  Frame NextFrame();

  // True while something is pressed or a release is still to be shown: the
  // caller keeps drawing frames.
  bool busy() const { return down_ || pressed_ || released_ > 0 || queued_; }
  // Fingers seen (for the self-check's corner taps): where the last one went
  // down, on the panel's own axes (0..1, no fix or turn applied), and a count.
  uint64_t touches() const { return touches_; }
  PointF last_touch_raw() const { return last_raw_; }

 private:
  void Press(PointF at, bool touch);
  void Move(PointF to);
  void Release();

  int panel_w_ = 800, panel_h_ = 480;
  Orientation orientation_;
  float threshold_ = 16;
  std::optional<SDL_FingerID> finger_;  // the finger that is the pointer
  bool has_position_ = false;
  PointF pos_, origin_;
  bool down_ = false;      // pressed now
  bool pressed_ = false;   // a press not yet shown in a frame
  int released_ = 0;       // frames still to show the position after a finger lifted
  bool hide_once_ = false; // the release ends a drag: shown over nothing
  struct Queued {
    PointF at;
    bool touch;
    bool released;
  };
  std::optional<Queued> queued_;  // a press that waits for the last release to be shown
  bool touch_ = false;
  bool dragging_ = false;
  float scroll_dy_ = 0;
  uint64_t touches_ = 0;
  PointF last_raw_;
};

}  // namespace kindred
