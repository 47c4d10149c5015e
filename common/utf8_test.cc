#include "common/utf8.h"

#include <gtest/gtest.h>

namespace kindred {
namespace {

TEST(Utf8PrefixTest, CutsBetweenCharactersNeverInside) {
  EXPECT_EQ(Utf8Prefix("short", 280), "short");
  EXPECT_EQ(Utf8Prefix("abcdef", 3), "abc");
  // "é" is two bytes, "蜂" three, "🐝" four: a limit inside one leaves it out.
  EXPECT_EQ(Utf8Prefix("aé", 2), "a");
  EXPECT_EQ(Utf8Prefix("aé", 3), "aé");
  EXPECT_EQ(Utf8Prefix("蜂蜜", 5), "蜂");
  EXPECT_EQ(Utf8Prefix("🐝x", 3), "");
  EXPECT_EQ(Utf8Prefix("🐝x", 4), "🐝");
  EXPECT_EQ(Utf8Prefix("", 0), "");
  EXPECT_TRUE(IsValidUtf8(Utf8Prefix("日本語のメモ", 10)));
}

}  // namespace
}  // namespace kindred
