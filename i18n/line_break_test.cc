#include "i18n/line_break.h"

#include <gtest/gtest.h>

namespace kindred::i18n {
namespace {

// Every character one unit wide (a UTF-8 character's continuation bytes count nothing).
float Width(std::string_view s) {
  float w = 0;
  for (unsigned char c : s) w += (c & 0xC0) == 0x80 ? 0 : 1;
  return w;
}

TEST(LineBreakTest, LatinBreaksBetweenWordsOnly) {
  EXPECT_EQ(WrapLines("tap it again to close it", 12, Width),
            (std::vector<std::string>{"tap it again", "to close it"}));
  EXPECT_EQ(WrapLines("short", 12, Width), (std::vector<std::string>{"short"}));
}

TEST(LineBreakTest, JapaneseBreaksBetweenCharactersButNeverInsideALatinWord) {
  // 「designについて」: the Latin word stays whole whenever it fits a line.
  for (float width = 6; width <= 12; ++width) {
    SCOPED_TRACE(width);
    for (const std::string& line : WrapLines("お二人ともdesignについて話しましょう。", width, Width)) {
      EXPECT_LE(Width(line), width);
      const size_t d = line.find('d');
      if (d != std::string::npos) {
        EXPECT_NE(line.find("design"), std::string::npos) << line;
      }
    }
  }
}

TEST(LineBreakTest, NoLineStartsWithAClosingMarkOrEndsWithAnOpeningOne) {
  for (const std::string& line : WrapLines("「写真」を始めたきっかけは何ですか？", 5, Width)) {
    EXPECT_NE(line.rfind("」", 0), 0u) << line;
    EXPECT_NE(line.rfind("？", 0), 0u) << line;
    EXPECT_FALSE(line.size() >= 3 && line.compare(line.size() - 3, 3, "「") == 0) << line;
  }
}

TEST(LineBreakTest, OnlyAWordLongerThanALineIsCut) {
  EXPECT_EQ(WrapLines("Donaudampfschifffahrt ok", 10, Width),
            (std::vector<std::string>{"Donaudampf", "schifffahr", "t ok"}));
}

}  // namespace
}  // namespace kindred::i18n
