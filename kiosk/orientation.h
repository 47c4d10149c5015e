// How the kiosk's picture and its touch panel sit on the screen: the picture
// turned by 0, 90, 180 or 270 degrees clockwise (a panel mounted on its side
// or upside down), and a touch panel whose axes are swapped or inverted
// relative to the picture. Plain arithmetic, no SDL: the display turns what
// it draws with it, the pointer maps touches back.
#pragma once

#include <string>

namespace kindred {

struct Orientation {
  int degrees = 0;        // the interface turned clockwise on the panel: 0, 90, 180, 270
  bool swap_xy = false;   // the touch panel reports x for y (applied first)
  bool invert_x = false;  // then x runs right to left
  bool invert_y = false;  // then y runs bottom to top

  bool quarter_turn() const { return degrees == 90 || degrees == 270; }
  bool touch_fixed() const { return swap_xy || invert_x || invert_y; }
};

// A point in pixels.
struct PointF {
  float x = 0, y = 0;
};

// "0", "90", "180", "270" into o->degrees; false with *err otherwise.
bool ParseRotation(const std::string& text, Orientation* o, std::string* err);
// "none", or a comma list of "swap-xy", "invert-x", "invert-y"; false with *err otherwise.
bool ParseTouchAxes(const std::string& text, Orientation* o, std::string* err);
// The touch fix as ParseTouchAxes reads it ("none" when there is none).
std::string TouchAxesName(const Orientation& o);

// The interface's size (what the UI lays out) for a panel of `panel_w` x
// `panel_h` pixels: the panel's, with width and height swapped for a quarter turn.
void InterfaceSize(const Orientation& o, int panel_w, int panel_h, int* w, int* h);

// Where the interface's point `p` (interface pixels) is drawn on the panel
// (panel pixels), and back. `panel_w` x `panel_h` is the panel's size.
PointF InterfaceToPanel(const Orientation& o, PointF p, int panel_w, int panel_h);
PointF PanelToInterface(const Orientation& o, PointF p, int panel_w, int panel_h);

// A touch as the panel reports it (0..1 on each of its axes, as SDL gives a
// finger) to interface pixels: the axis fix, then the turn undone.
PointF TouchToInterface(const Orientation& o, float touch_x, float touch_y, int panel_w, int panel_h);
// The inverse, for tests and the self-check: where the panel must report a
// touch for it to land on interface point `p`.
void InterfaceToTouch(const Orientation& o, PointF p, int panel_w, int panel_h, float* touch_x, float* touch_y);

// The self-check's four corner targets, as fractions of the interface's
// width and height: top-left, top-right, bottom-right, bottom-left.
inline constexpr PointF kCornerTargets[4] = {{0.1f, 0.1f}, {0.9f, 0.1f}, {0.9f, 0.9f}, {0.1f, 0.9f}};

// What the four corner taps of the self-check say about the touch panel.
// `touched[i]` is where the panel reported a tap (0..1) aimed at
// kCornerTargets[i], with `o`'s rotation in force (its axis fix ignored). Returns the fix that makes
// the taps land where they were aimed (swap, invert), or false when the taps
// are too close together to tell.
bool TouchFixFromCorners(const Orientation& o, const PointF touched[4], Orientation* fixed);

}  // namespace kindred
