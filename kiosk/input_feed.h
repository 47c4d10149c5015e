// Touches from a file or FIFO, delivered to the kiosk as SDL delivers a
// touchscreen: for tests and benchmarks, which cannot put a finger on a
// Raspberry Pi's panel. Each line is one contact event, on the panel's own
// axes (0..1, as the panel reports them):
//   down ID X Y     a finger (ID: the kernel's tracking ID) touches
//   move ID X Y     it moves
//   up ID X Y       it lifts
//   window on|off   from now on, also send the mouse events SDL synthesises
//                   for the first finger when the touch has a window (X11,
//                   Wayland); off (the default) is KMSDRM: finger events only,
//                   windowID 0, and no mouse event at all
// The events are pushed into SDL's queue with SDL_PushEvent, as
// SDL_SendTouch (src/events/SDL_touch.c, SDL 2.26.5) pushes them.
#pragma once

#include <SDL_events.h>

#include <string>
#include <vector>

namespace kindred {

class InputFeed {
 public:
  InputFeed() = default;
  ~InputFeed();
  InputFeed(const InputFeed&) = delete;
  InputFeed& operator=(const InputFeed&) = delete;

  // Opens `path` (a FIFO or a file) without blocking. False with *err.
  bool Open(const std::string& path, int panel_w, int panel_h, std::string* err);
  bool open() const { return fd_ >= 0; }

  // Reads what has arrived and pushes its events; returns how many lines.
  int Poll();

  // The SDL events one line stands for (exposed for tests). Returns false
  // for a line that is not one of the above.
  bool Translate(const std::string& line, std::vector<SDL_Event>* events);

 private:
  int fd_ = -1;
  std::string pending_;
  int panel_w_ = 800, panel_h_ = 480;
  bool window_ = false;              // also synthesise mouse events
  long long mouse_finger_ = -1;      // the finger SDL's mouse copy follows
};

}  // namespace kindred
