#include "kiosk/input_feed.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace kindred {

namespace {

// The touchscreen's ID: SDL_evdev.c uses the device's file descriptor.
constexpr SDL_TouchID kTouchId = 5;

}  // namespace

InputFeed::~InputFeed() {
  if (fd_ >= 0) close(fd_);
}

bool InputFeed::Open(const std::string& path, int panel_w, int panel_h, std::string* err) {
  // O_RDWR on a FIFO: never blocks, and never sees end-of-file when a
  // writer closes, so the test may write in several goes.
  fd_ = ::open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd_ < 0) fd_ = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd_ < 0) {
    *err = "cannot read input events from " + path;
    return false;
  }
  panel_w_ = panel_w;
  panel_h_ = panel_h;
  return true;
}

bool InputFeed::Translate(const std::string& line, std::vector<SDL_Event>* events) {
  std::istringstream in(line);
  std::string verb;
  in >> verb;
  if (verb == "window") {
    std::string on;
    in >> on;
    window_ = on == "on";
    return on == "on" || on == "off";
  }
  long long id;
  float x, y;
  if (!(in >> id >> x >> y) || x < 0 || x > 1 || y < 0 || y > 1) return false;
  SDL_Event ev{};
  if (verb == "down") ev.type = SDL_FINGERDOWN;
  else if (verb == "move") ev.type = SDL_FINGERMOTION;
  else if (verb == "up") ev.type = SDL_FINGERUP;
  else return false;
  // SDL_SendTouch / SDL_SendTouchMotion: with a window, the mouse copy of
  // the first finger comes first (motion, then the button), then the finger.
  if (window_) {
    const int px = std::min(static_cast<int>(x * panel_w_), panel_w_ - 1);
    const int py = std::min(static_cast<int>(y * panel_h_), panel_h_ - 1);
    const bool follows = mouse_finger_ == id || (mouse_finger_ < 0 && ev.type == SDL_FINGERDOWN);
    if (follows) {
      SDL_Event m{};
      if (ev.type != SDL_FINGERUP) {
        m.type = SDL_MOUSEMOTION;
        m.motion.windowID = 1;
        m.motion.which = SDL_TOUCH_MOUSEID;
        m.motion.x = px, m.motion.y = py;
        events->push_back(m);
      }
      if (ev.type != SDL_FINGERMOTION) {
        m = SDL_Event{};
        m.type = ev.type == SDL_FINGERDOWN ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
        m.button.windowID = 1;
        m.button.which = SDL_TOUCH_MOUSEID;
        m.button.button = SDL_BUTTON_LEFT;
        m.button.state = ev.type == SDL_FINGERDOWN ? SDL_PRESSED : SDL_RELEASED;
        m.button.clicks = 1;
        m.button.x = px, m.button.y = py;
        events->push_back(m);
      }
      mouse_finger_ = ev.type == SDL_FINGERUP ? -1 : id;
    }
  }
  ev.tfinger.touchId = kTouchId;
  ev.tfinger.fingerId = id;
  ev.tfinger.x = x;
  ev.tfinger.y = y;
  ev.tfinger.pressure = ev.type == SDL_FINGERUP ? 0.0f : 1.0f;
  ev.tfinger.windowID = window_ ? 1 : 0;
  events->push_back(ev);
  return true;
}

int InputFeed::Poll() {
  if (fd_ < 0) return 0;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd_, buf, sizeof buf)) > 0) pending_.append(buf, static_cast<size_t>(n));
  int lines = 0;
  for (size_t nl; (nl = pending_.find('\n')) != std::string::npos; pending_.erase(0, nl + 1)) {
    std::vector<SDL_Event> events;
    if (!Translate(pending_.substr(0, nl), &events)) {
      std::fprintf(stderr, "kindred-kiosk: input event not understood: %s\n", pending_.substr(0, nl).c_str());
      continue;
    }
    for (SDL_Event& ev : events) SDL_PushEvent(&ev);
    ++lines;
  }
  return lines;
}

}  // namespace kindred
