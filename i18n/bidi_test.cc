#include "i18n/bidi.h"

#include <gtest/gtest.h>

namespace kindred::i18n {
namespace {

TEST(BidiTest, LeftToRightTextIsUntouched) {
  EXPECT_FALSE(HasRightToLeft("Zoë De Peña · 李雷 · Ελένη"));
  EXPECT_EQ(VisualOrder("Zoë De Peña"), "Zoë De Peña");
  EXPECT_EQ(VisualOrder(""), "");
}

TEST(BidiTest, HebrewIsReversedIntoVisualOrder) {
  // שרה לוי (Sarah Levi), logical order: shin resh he, space, lamed vav yod.
  EXPECT_TRUE(HasRightToLeft("שרה לוי"));
  EXPECT_EQ(VisualOrder("שרה לוי"), "יול הרש");
  // Inside a left-to-right sentence only the name's run turns round.
  EXPECT_EQ(VisualOrder("Hi, שרה!"), "Hi, הרש!");
}

// #30: a Hebrew name inside a Japanese sentence stayed a name only when the
// paragraph is the reader's direction (left to right) and the name isolated:
// 「？さんに聞いてみましょう：...נועה」 and 「kiosk-1（3נועה」 were drawn.
TEST(BidiTest, AHebrewNameStaysInItsPlaceInAJapaneseSentence) {
  const std::string noa = "נועה", shown = "העונ";
  EXPECT_EQ(VisualOrder(Isolated(noa) + "さんに聞いてみましょう：写真で次にやってみたいことは？"),
            shown + "さんに聞いてみましょう：写真で次にやってみたいことは？");
  // A name and digits after it: the digits stay after the name.
  EXPECT_EQ(VisualOrder("最後に見かけた場所：" + Isolated(noa) + "（3分前）"), "最後に見かけた場所：" + shown + "（3分前）");
  // Not isolated, a sentence that starts with the name would turn round.
  EXPECT_NE(VisualOrder(noa + " 3"), shown + " 3") << "the check has teeth";
  EXPECT_EQ(Isolated("Maya"), "Maya");
  EXPECT_EQ(WithoutBidiMarks(Isolated(noa)), noa);
}

TEST(BidiTest, ArabicLettersAreJoinedAndInVisualOrder) {
  // محمد (Muhammad): meem hah meem dal, which join: initial meem, medial hah,
  // medial meem, final dal; drawn right to left, so the final dal comes first.
  const std::string visual = VisualOrder("محمد");
  EXPECT_EQ(visual, "\uFEAA\uFEE4\uFEA4\uFEE3");
  // Joined forms only: no isolated letter (U+0600..U+06FF) is left.
  for (size_t i = 0; i < visual.size(); ++i) EXPECT_NE(static_cast<unsigned char>(visual[i]) & 0xF0, 0xD0u);
}

TEST(BidiTest, InvalidUtf8IsReturnedAsItIs) {
  const std::string bad = "\xD7\x90\xFF\xFE";
  EXPECT_EQ(VisualOrder(bad).empty(), false);
}

}  // namespace
}  // namespace kindred::i18n
