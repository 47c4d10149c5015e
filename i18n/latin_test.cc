#include "i18n/latin.h"

#include <gtest/gtest.h>

namespace kindred::i18n {
namespace {

TEST(LatinSpellingTest, NamesInEveryScriptCanBeTypedOnALatinKeyboard) {
  EXPECT_EQ(LatinSpelling("José Álvarez"), "jose alvarez");
  EXPECT_EQ(LatinSpelling("Zoë De Peña"), "zoe de pena");
  EXPECT_EQ(ConsonantSkeleton(LatinSpelling("Ελένη Παππά")), "ln ppp") << "eleni or elene: the consonants agree";
  EXPECT_EQ(LatinSpelling("Анна Иванова"), "anna ivanova");
  EXPECT_EQ(LatinSpelling("やまだ たろう"), "yamada tarou");
  EXPECT_FALSE(LatinSpelling("عمر الحداد").empty());
  EXPECT_EQ(LatinSpelling("Maya Okafor"), "") << "plain ASCII needs no second spelling";
}

TEST(LatinSpellingTest, TheConsonantsOfANameFromAScriptWithoutVowels) {
  EXPECT_EQ(ConsonantSkeleton("omar"), "mr");
  EXPECT_EQ(ConsonantSkeleton(LatinSpelling("عمر")), "mr");
}

}  // namespace
}  // namespace kindred::i18n
