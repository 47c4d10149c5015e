#include "kiosk/pointer.h"

#include <gtest/gtest.h>

namespace kindred {
namespace {

// Events exactly as SDL 2.26.5 sends a touchscreen under KMSDRM
// (SDL_evdev.c -> SDL_SendTouch with no window): windowID 0, the device's
// fd as touchId, the kernel's tracking ID as fingerId, 0..1 coordinates.
SDL_Event Finger(Uint32 type, SDL_FingerID id, float x, float y) {
  SDL_Event ev{};
  ev.tfinger.type = type;
  ev.tfinger.touchId = 7;
  ev.tfinger.fingerId = id;
  ev.tfinger.x = x;
  ev.tfinger.y = y;
  ev.tfinger.pressure = 1.0f;
  ev.tfinger.windowID = 0;
  return ev;
}

// What SDL adds under X11/Wayland for the same touch (SDL_touch.c).
SDL_Event TouchMouse(Uint32 type, int x, int y) {
  SDL_Event ev{};
  ev.type = type;
  if (type == SDL_MOUSEMOTION) {
    ev.motion.which = SDL_TOUCH_MOUSEID;
    ev.motion.x = x, ev.motion.y = y;
  } else {
    ev.button.which = SDL_TOUCH_MOUSEID;
    ev.button.button = SDL_BUTTON_LEFT;
    ev.button.x = x, ev.button.y = y;
  }
  return ev;
}

SDL_Event Mouse(Uint32 type, int x, int y) {
  SDL_Event ev = TouchMouse(type, x, y);
  if (type == SDL_MOUSEMOTION) ev.motion.which = 0;
  else ev.button.which = 0;
  return ev;
}

class PointerTest : public ::testing::Test {
 protected:
  void SetUp() override { p_.Configure(800, 480, Orientation{}, 16); }
  Pointer p_;
};

TEST_F(PointerTest, AQuickTapBetweenTwoFramesIsAPressThenAReleaseThenNothingHovers) {
  EXPECT_TRUE(p_.OnEvent(Finger(SDL_FINGERDOWN, 11, 0.5f, 0.25f)));
  EXPECT_TRUE(p_.OnEvent(Finger(SDL_FINGERUP, 11, 0.5f, 0.25f)));
  Pointer::Frame f = p_.NextFrame();
  EXPECT_TRUE(f.down);
  EXPECT_TRUE(f.has_position);
  EXPECT_FLOAT_EQ(f.x, 400);
  EXPECT_FLOAT_EQ(f.y, 120);
  EXPECT_TRUE(f.touch);
  f = p_.NextFrame();
  EXPECT_FALSE(f.down);
  EXPECT_TRUE(f.has_position) << "the release is shown over the button";
  f = p_.NextFrame();
  EXPECT_FALSE(f.has_position) << "a lifted finger hovers nothing";
  EXPECT_FALSE(p_.busy());
}

TEST_F(PointerTest, ATapLandingBeforeTheLastReleaseWasShownIsStillATap) {
  // Typing fast: the hold on one key lifts and the next key is touched
  // between two frames. The interface must see up, then down.
  p_.OnEvent(Finger(SDL_FINGERDOWN, 1, 0.1f, 0.1f));
  EXPECT_TRUE(p_.NextFrame().down);
  p_.OnEvent(Finger(SDL_FINGERUP, 1, 0.1f, 0.1f));
  p_.OnEvent(Finger(SDL_FINGERDOWN, 2, 0.6f, 0.6f));
  p_.OnEvent(Finger(SDL_FINGERUP, 2, 0.6f, 0.6f));
  Pointer::Frame f = p_.NextFrame();
  EXPECT_FALSE(f.down);
  EXPECT_NEAR(f.x, 80, 0.01) << "the first key's release, where it was";
  f = p_.NextFrame();
  EXPECT_TRUE(f.down);
  EXPECT_NEAR(f.x, 480, 0.01);
  EXPECT_FALSE(p_.NextFrame().down);
  EXPECT_FALSE(p_.NextFrame().has_position);
  EXPECT_FALSE(p_.busy());
}

TEST_F(PointerTest, AHeldFingerStaysDown) {
  p_.OnEvent(Finger(SDL_FINGERDOWN, 3, 0.99f, 0.01f));
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(p_.NextFrame().down);
  EXPECT_TRUE(p_.busy());
  p_.OnEvent(Finger(SDL_FINGERUP, 3, 0.99f, 0.01f));
  EXPECT_FALSE(p_.NextFrame().down);
}

TEST_F(PointerTest, ASecondFingerIsNeverASecondTap) {
  p_.OnEvent(Finger(SDL_FINGERDOWN, 1, 0.1f, 0.1f));
  p_.OnEvent(Finger(SDL_FINGERDOWN, 2, 0.9f, 0.9f));
  Pointer::Frame f = p_.NextFrame();
  EXPECT_NEAR(f.x, 80, 0.01);
  p_.OnEvent(Finger(SDL_FINGERMOTION, 2, 0.8f, 0.8f));
  p_.OnEvent(Finger(SDL_FINGERUP, 1, 0.1f, 0.1f));
  f = p_.NextFrame();
  EXPECT_FALSE(f.down);
  EXPECT_NEAR(f.x, 80, 0.01) << "the second finger never moved the pointer";
  // The second finger lifts, and moves: still nothing.
  p_.OnEvent(Finger(SDL_FINGERUP, 2, 0.8f, 0.8f));
  f = p_.NextFrame();
  EXPECT_FALSE(f.down);
  EXPECT_FALSE(f.has_position);
  EXPECT_EQ(p_.touches(), 2u);
}

TEST_F(PointerTest, SdlsSynthesisedMouseEventsOfATouchDoNotCountTwice) {
  // X11 / Wayland order: the finger, then its mouse copy.
  p_.OnEvent(Finger(SDL_FINGERDOWN, 5, 0.5f, 0.5f));
  EXPECT_TRUE(p_.OnEvent(TouchMouse(SDL_MOUSEMOTION, 400, 240)));
  EXPECT_TRUE(p_.OnEvent(TouchMouse(SDL_MOUSEBUTTONDOWN, 400, 240)));
  p_.OnEvent(Finger(SDL_FINGERUP, 5, 0.5f, 0.5f));
  p_.OnEvent(TouchMouse(SDL_MOUSEBUTTONUP, 400, 240));
  int presses = 0;
  bool was_down = false;
  for (int i = 0; i < 4; ++i) {
    const bool down = p_.NextFrame().down;
    presses += down && !was_down;
    was_down = down;
  }
  EXPECT_EQ(presses, 1);
}

TEST_F(PointerTest, AMouseStillWorksAndHovers) {
  EXPECT_TRUE(p_.OnEvent(Mouse(SDL_MOUSEMOTION, 100, 50)));
  Pointer::Frame f = p_.NextFrame();
  EXPECT_TRUE(f.has_position);
  EXPECT_FALSE(f.down);
  EXPECT_FALSE(f.touch);
  p_.OnEvent(Mouse(SDL_MOUSEBUTTONDOWN, 100, 50));
  p_.OnEvent(Mouse(SDL_MOUSEBUTTONUP, 100, 50));
  EXPECT_TRUE(p_.NextFrame().down);
  f = p_.NextFrame();
  EXPECT_FALSE(f.down);
  EXPECT_TRUE(p_.NextFrame().has_position) << "a mouse keeps hovering";
  SDL_Event key{};
  key.type = SDL_KEYDOWN;
  EXPECT_FALSE(p_.OnEvent(key));
}

TEST_F(PointerTest, AFingerThatMovesScrollsAndTapsNothing) {
  p_.OnEvent(Finger(SDL_FINGERDOWN, 9, 0.5f, 0.8f));  // y = 384
  Pointer::Frame f = p_.NextFrame();
  EXPECT_TRUE(f.down);
  EXPECT_FALSE(f.dragging);
  p_.OnEvent(Finger(SDL_FINGERMOTION, 9, 0.5f, 0.79f));  // 4.8 px: still a tap
  f = p_.NextFrame();
  EXPECT_FALSE(f.dragging);
  EXPECT_FLOAT_EQ(f.scroll_dy, 0);
  p_.OnEvent(Finger(SDL_FINGERMOTION, 9, 0.5f, 0.7f));  // 48 px up: a drag
  f = p_.NextFrame();
  EXPECT_TRUE(f.dragging);
  EXPECT_FALSE(f.has_position) << "the button under the finger must not be tapped";
  EXPECT_NEAR(f.scroll_dy, -48, 0.01);
  EXPECT_NEAR(f.drag_y, 384, 0.01);
  p_.OnEvent(Finger(SDL_FINGERMOTION, 9, 0.5f, 0.5f));
  p_.OnEvent(Finger(SDL_FINGERUP, 9, 0.5f, 0.5f));
  f = p_.NextFrame();
  EXPECT_NEAR(f.scroll_dy, -96, 0.01);
  EXPECT_FALSE(f.down);
  EXPECT_FALSE(f.has_position) << "a drag's release is over nothing";
  EXPECT_FALSE(p_.NextFrame().has_position);
}

TEST(PointerOrientationTest, TouchesLandWhereTheTurnedInterfaceIsDrawn) {
  // A 800x480 panel with the interface turned a quarter: the interface is
  // 480 wide, 800 tall, its top-left corner at the panel's top-right.
  for (int degrees : {0, 90, 180, 270}) {
    Orientation o;
    o.degrees = degrees;
    int w, h;
    InterfaceSize(o, 800, 480, &w, &h);
    Pointer p;
    p.Configure(800, 480, o, 16);
    const PointF target{w * 0.2f, h * 0.7f};
    float tx, ty;
    InterfaceToTouch(o, target, 800, 480, &tx, &ty);
    p.OnEvent(Finger(SDL_FINGERDOWN, 1, tx, ty));
    Pointer::Frame f = p.NextFrame();
    EXPECT_NEAR(f.x, target.x, 0.01) << degrees;
    EXPECT_NEAR(f.y, target.y, 0.01) << degrees;
  }
}

TEST(OrientationTest, QuarterTurnsSwapTheInterfaceSize) {
  Orientation o;
  int w, h;
  std::string err;
  ASSERT_TRUE(ParseRotation("90", &o, &err));
  InterfaceSize(o, 1280, 720, &w, &h);
  EXPECT_EQ(w, 720);
  EXPECT_EQ(h, 1280);
  // The interface's top-left is the panel's top-right at 90 degrees clockwise.
  PointF p = InterfaceToPanel(o, {0, 0}, 1280, 720);
  EXPECT_FLOAT_EQ(p.x, 1280);
  EXPECT_FLOAT_EQ(p.y, 0);
  EXPECT_FALSE(ParseRotation("45", &o, &err));
  EXPECT_NE(err.find("0, 90, 180 or 270"), std::string::npos);
  for (int d : {0, 90, 180, 270}) {
    o.degrees = d;
    PointF q = PanelToInterface(o, InterfaceToPanel(o, {33, 71}, 1280, 720), 1280, 720);
    EXPECT_NEAR(q.x, 33, 1e-3);
    EXPECT_NEAR(q.y, 71, 1e-3);
  }
}

TEST(OrientationTest, TouchAxesParseAndPrint) {
  Orientation o;
  std::string err;
  ASSERT_TRUE(ParseTouchAxes("swap-xy,invert-y", &o, &err));
  EXPECT_TRUE(o.swap_xy);
  EXPECT_FALSE(o.invert_x);
  EXPECT_TRUE(o.invert_y);
  EXPECT_EQ(TouchAxesName(o), "swap-xy,invert-y");
  ASSERT_TRUE(ParseTouchAxes("none", &o, &err));
  EXPECT_FALSE(o.touch_fixed());
  EXPECT_FALSE(ParseTouchAxes("mirror", &o, &err));
}

TEST(OrientationTest, FourCornerTapsFindSwappedAndInvertedAxes) {
  for (int degrees : {0, 90, 180, 270}) {
    for (int fix = 0; fix < 8; ++fix) {
      // A panel wired with this fault reports each target's position so that
      // the fix undoes it.
      Orientation wired;
      wired.degrees = degrees;
      wired.swap_xy = fix & 1, wired.invert_x = fix & 2, wired.invert_y = fix & 4;
      PointF touched[4];
      for (int i = 0; i < 4; ++i) {
        int w, h;
        InterfaceSize(wired, 800, 480, &w, &h);
        // A person's aim is off by a little.
        InterfaceToTouch(wired, {kCornerTargets[i].x * w + 9, kCornerTargets[i].y * h - 7}, 800, 480,
                         &touched[i].x, &touched[i].y);
      }
      Orientation rotation_only;
      rotation_only.degrees = degrees;
      Orientation found;
      ASSERT_TRUE(TouchFixFromCorners(rotation_only, touched, &found)) << degrees << " " << fix;
      EXPECT_EQ(TouchAxesName(found), TouchAxesName(wired)) << degrees;
      EXPECT_EQ(found.degrees, degrees);
    }
  }
  PointF same[4] = {{0.5f, 0.5f}, {0.5f, 0.5f}, {0.52f, 0.5f}, {0.5f, 0.51f}};
  Orientation found;
  EXPECT_FALSE(TouchFixFromCorners(Orientation{}, same, &found)) << "one spot tapped four times says nothing";
}

}  // namespace
}  // namespace kindred
