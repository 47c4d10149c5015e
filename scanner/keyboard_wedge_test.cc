#include "scanner/keyboard_wedge.h"

#include <gtest/gtest.h>

namespace kindred {
namespace {

// Types `text` one character every `gap_ms`, starting at `start`; returns the end time.
int64_t Type(KeyboardWedge* w, const std::string& text, int64_t start, int64_t gap_ms) {
  int64_t t = start;
  for (char c : text) {
    w->OnText(std::string(1, c), t);
    t += gap_ms;
  }
  return t - gap_ms;
}

TEST(KeyboardWedgeTest, AFastBurstEndedByEnterIsOneScan) {
  KeyboardWedge w;
  int64_t t = Type(&w, "K-1001", 1000, 4);
  auto scan = w.OnEnter(t + 4);
  ASSERT_TRUE(scan);
  EXPECT_EQ(*scan, "K-1001");
  EXPECT_FALSE(w.pending());
}

TEST(KeyboardWedgeTest, AScannerWithoutEnterEndsWithAPause) {
  KeyboardWedge w;
  int64_t t = Type(&w, "K-1001", 1000, 5);
  EXPECT_FALSE(w.Poll(t + 50));
  auto scan = w.Poll(t + 200);
  ASSERT_TRUE(scan);
  EXPECT_EQ(*scan, "K-1001");
}

TEST(KeyboardWedgeTest, APersonTypingIsNotAScan) {
  KeyboardWedge w;
  int64_t t = Type(&w, "hello", 1000, 150);
  EXPECT_FALSE(w.OnEnter(t + 150));
  t = Type(&w, "maya", 5000, 120);
  EXPECT_FALSE(w.Poll(t + 1000));
}

TEST(KeyboardWedgeTest, AStrayKeyPressIsNotAScan) {
  KeyboardWedge w;
  w.OnText("x", 100);
  EXPECT_FALSE(w.OnEnter(102));
}

TEST(KeyboardWedgeTest, AScanRightAfterSlowTypingStillCounts) {
  KeyboardWedge w;
  Type(&w, "abc", 0, 200);
  int64_t t = Type(&w, "B-2002", 2000, 3);
  auto scan = w.OnEnter(t + 3);
  ASSERT_TRUE(scan);
  EXPECT_EQ(*scan, "B-2002");
}

TEST(KeyboardWedgeTest, AnEndlessBurstIsDroppedNotBuffered) {
  KeyboardWedgeOptions o;
  o.max_length = 16;
  KeyboardWedge w(o);
  int64_t t = Type(&w, std::string(40, 'a'), 0, 2);
  EXPECT_FALSE(w.OnEnter(t + 2));
}

}  // namespace
}  // namespace kindred
