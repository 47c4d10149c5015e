#include "kiosk/orientation.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace kindred {

bool ParseRotation(const std::string& text, Orientation* o, std::string* err) {
  for (int d : {0, 90, 180, 270}) {
    if (text == std::to_string(d)) {
      o->degrees = d;
      return true;
    }
  }
  *err = "the rotation must be 0, 90, 180 or 270 (degrees clockwise), not '" + text + "'";
  return false;
}

bool ParseTouchAxes(const std::string& text, Orientation* o, std::string* err) {
  Orientation fixed = *o;
  fixed.swap_xy = fixed.invert_x = fixed.invert_y = false;
  if (text != "none" && !text.empty()) {
    std::stringstream in(text);
    std::string word;
    while (std::getline(in, word, ',')) {
      if (word == "swap-xy") fixed.swap_xy = true;
      else if (word == "invert-x") fixed.invert_x = true;
      else if (word == "invert-y") fixed.invert_y = true;
      else {
        *err = "the touch axes must be 'none' or a list of swap-xy, invert-x, invert-y, not '" + text + "'";
        return false;
      }
    }
  }
  *o = fixed;
  return true;
}

std::string TouchAxesName(const Orientation& o) {
  std::string s;
  if (o.swap_xy) s += "swap-xy,";
  if (o.invert_x) s += "invert-x,";
  if (o.invert_y) s += "invert-y,";
  if (s.empty()) return "none";
  s.pop_back();
  return s;
}

void InterfaceSize(const Orientation& o, int panel_w, int panel_h, int* w, int* h) {
  *w = o.quarter_turn() ? panel_h : panel_w;
  *h = o.quarter_turn() ? panel_w : panel_h;
}

PointF InterfaceToPanel(const Orientation& o, PointF p, int panel_w, int panel_h) {
  const float pw = static_cast<float>(panel_w), ph = static_cast<float>(panel_h);
  switch (o.degrees) {
    case 90: return {pw - p.y, p.x};
    case 180: return {pw - p.x, ph - p.y};
    case 270: return {p.y, ph - p.x};
    default: return p;
  }
}

PointF PanelToInterface(const Orientation& o, PointF p, int panel_w, int panel_h) {
  const float pw = static_cast<float>(panel_w), ph = static_cast<float>(panel_h);
  switch (o.degrees) {
    case 90: return {p.y, pw - p.x};
    case 180: return {pw - p.x, ph - p.y};
    case 270: return {ph - p.y, p.x};
    default: return p;
  }
}

PointF TouchToInterface(const Orientation& o, float tx, float ty, int panel_w, int panel_h) {
  if (o.swap_xy) std::swap(tx, ty);
  if (o.invert_x) tx = 1.0f - tx;
  if (o.invert_y) ty = 1.0f - ty;
  return PanelToInterface(o, {tx * static_cast<float>(panel_w), ty * static_cast<float>(panel_h)}, panel_w, panel_h);
}

void InterfaceToTouch(const Orientation& o, PointF p, int panel_w, int panel_h, float* touch_x, float* touch_y) {
  const PointF q = InterfaceToPanel(o, p, panel_w, panel_h);
  float tx = q.x / static_cast<float>(panel_w), ty = q.y / static_cast<float>(panel_h);
  if (o.invert_x) tx = 1.0f - tx;
  if (o.invert_y) ty = 1.0f - ty;
  if (o.swap_xy) std::swap(tx, ty);
  *touch_x = tx;
  *touch_y = ty;
}

bool TouchFixFromCorners(const Orientation& o, const PointF touched[4], Orientation* fixed) {
  float min_x = 1, max_x = 0, min_y = 1, max_y = 0;
  for (int i = 0; i < 4; ++i) {
    min_x = std::min(min_x, touched[i].x), max_x = std::max(max_x, touched[i].x);
    min_y = std::min(min_y, touched[i].y), max_y = std::max(max_y, touched[i].y);
  }
  if (max_x - min_x < 0.3f || max_y - min_y < 0.3f) return false;  // not four corners
  // Any panel size does: the targets are fractions of the interface.
  const int pw = 1000, ph = 1000;
  float best = 1e9f;
  for (int fix = 0; fix < 8; ++fix) {
    Orientation candidate = o;
    candidate.swap_xy = fix & 1;
    candidate.invert_x = fix & 2;
    candidate.invert_y = fix & 4;
    float error = 0;
    for (int i = 0; i < 4; ++i) {
      const PointF p = TouchToInterface(candidate, touched[i].x, touched[i].y, pw, ph);
      error += std::hypot(p.x / pw - kCornerTargets[i].x, p.y / ph - kCornerTargets[i].y);
    }
    if (error < best) best = error, *fixed = candidate;
  }
  return best / 4 < 0.2f;  // on average within a fifth of the screen of each target
}

}  // namespace kindred
