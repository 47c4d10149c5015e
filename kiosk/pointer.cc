#include "kiosk/pointer.h"

#include <cmath>

namespace kindred {

void Pointer::Configure(int panel_w, int panel_h, const Orientation& o, float drag_threshold) {
  panel_w_ = panel_w;
  panel_h_ = panel_h;
  orientation_ = o;
  threshold_ = drag_threshold;
}

void Pointer::Press(PointF at, bool touch) {
  if (down_) return;
  // The last release is not shown yet (fast typing: a finger lands within a
  // frame of the one before lifting): this press waits a frame, or the
  // interface would see one long press instead of two taps.
  if (released_ > 0 || pressed_) {
    queued_ = Queued{at, touch, false};
    return;
  }
  pos_ = origin_ = at;
  has_position_ = true;
  down_ = pressed_ = true;
  touch_ = touch;
  dragging_ = false;
  scroll_dy_ = 0;
}

void Pointer::Move(PointF to) {
  if (queued_) {
    if (!queued_->released) queued_->at = to;
    return;
  }
  if (down_ && !dragging_ && std::hypot(to.x - origin_.x, to.y - origin_.y) > threshold_) {
    dragging_ = true;
    scroll_dy_ += to.y - origin_.y;  // the whole way from where it started
  } else if (dragging_) {
    scroll_dy_ += to.y - pos_.y;
  }
  pos_ = to;
  has_position_ = true;
}

void Pointer::Release() {
  if (queued_) {
    queued_->released = true;
    return;
  }
  if (!down_) return;
  down_ = false;
  // The release is shown at the finger's last position (so the button under
  // it counts as tapped), unless it ends a drag: then over nothing.
  released_ = 1;
  hide_once_ = dragging_;
  dragging_ = false;
}

bool Pointer::OnEvent(const SDL_Event& ev) {
  switch (ev.type) {
    case SDL_FINGERDOWN: {
      ++touches_;
      last_raw_ = {ev.tfinger.x, ev.tfinger.y};
      if (finger_) return true;  // a second finger is not a second tap
      finger_ = ev.tfinger.fingerId;
      Press(TouchToInterface(orientation_, ev.tfinger.x, ev.tfinger.y, panel_w_, panel_h_), true);
      return true;
    }
    case SDL_FINGERMOTION:
    case SDL_FINGERUP:
      if (!finger_ || *finger_ != ev.tfinger.fingerId) return true;
      Move(TouchToInterface(orientation_, ev.tfinger.x, ev.tfinger.y, panel_w_, panel_h_));
      if (ev.type == SDL_FINGERUP) {
        Release();
        finger_.reset();
      }
      return true;
    case SDL_MOUSEMOTION:
      // SDL's own copy of a touch (X11, Wayland), or a mouse while a finger leads.
      if (ev.motion.which == SDL_TOUCH_MOUSEID || finger_) return true;
      touch_ = false;
      Move(PanelToInterface(orientation_, {static_cast<float>(ev.motion.x), static_cast<float>(ev.motion.y)},
                            panel_w_, panel_h_));
      return true;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP: {
      if (ev.button.which == SDL_TOUCH_MOUSEID || finger_ || ev.button.button != SDL_BUTTON_LEFT) return true;
      const PointF at = PanelToInterface(
          orientation_, {static_cast<float>(ev.button.x), static_cast<float>(ev.button.y)}, panel_w_, panel_h_);
      if (ev.type == SDL_MOUSEBUTTONDOWN) {
        Press(at, false);
      } else {
        Move(at);
        Release();
      }
      return true;
    }
    default:
      return false;
  }
}

Pointer::Frame Pointer::NextFrame() {
  Frame f;
  f.touch = touch_;
  f.down = down_ || pressed_;
  pressed_ = false;
  f.dragging = dragging_;
  f.drag_x = origin_.x;
  f.drag_y = origin_.y;
  f.scroll_dy = scroll_dy_;
  scroll_dy_ = 0;
  // The frame after a press shows its release where the finger lifted (so
  // the button under it counts as tapped); the frame after that, a finger
  // hovers nothing. A release that ends a drag is shown over nothing, so the
  // button the drag started on is not tapped.
  const bool show_release = !f.down && released_ > 0;
  if (show_release) --released_;
  else if (!f.down && touch_) has_position_ = false;
  f.has_position = has_position_ && !dragging_ && !(show_release && hide_once_);
  if (show_release) hide_once_ = false;
  f.x = pos_.x;
  f.y = pos_.y;
  if (queued_ && released_ == 0 && !pressed_) {
    const Queued q = *queued_;
    queued_.reset();
    Press(q.at, q.touch);
    if (q.released) Release();
  }
  return f;
}

}  // namespace kindred
