#include "web/form_text.h"

#include <gtest/gtest.h>

namespace kindred {
namespace {

using Tags = std::vector<std::string>;

TEST(FormTextTest, TheBrowsersLanguagesComeMostWantedFirst) {
  EXPECT_EQ(AcceptedLanguages("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5"), (Tags{"fr-CH", "fr", "en", "de"}));
  EXPECT_EQ(AcceptedLanguages("en;q=0.2, es;q=0.9,ja"), (Tags{"ja", "es", "en"}));
  EXPECT_EQ(AcceptedLanguages("de;q=0, fr"), (Tags{"fr"}));  // 0: not wanted
  EXPECT_EQ(AcceptedLanguages("en ; q=0.5 , pt-BR"), (Tags{"pt-BR", "en"}));
  EXPECT_EQ(AcceptedLanguages(""), Tags{});
  EXPECT_EQ(AcceptedLanguages(",,;q=,x;q=abc, y;q=7"), Tags{});  // nonsense weights: dropped
  EXPECT_EQ(AcceptedLanguages(std::string(100, ',') + "fr").size(), 1u);
}

TEST(FormTextTest, TypedListsAreOneItemPerLineTrimmedAndBounded) {
  EXPECT_EQ(TypedItems("  jazz \r\n\nurban beekeeping\n\tsailing; racing\n"),
            (Tags{"jazz", "urban beekeeping", "sailing  racing"}));
  EXPECT_EQ(TypedItems(std::string(30, 'x') + "\n" + std::string(30, 'y'), 1, 10), Tags{std::string(10, 'x')});
  // Cut before a character that would cross the limit, never inside it.
  EXPECT_EQ(TypedItems("ééééé", 5, 5), Tags{"éé"});
  EXPECT_EQ(TypedItems("セーリング", 5, 7), Tags{"セー"});
  EXPECT_EQ(TypedItems("ok\n\xff\xfe bad\nfine"), (Tags{"ok", "fine"}));  // not UTF-8: dropped
  Tags many = TypedItems(std::string(50, '\n') + "a\nb\nc\nd", 3);
  EXPECT_EQ(many, (Tags{"a", "b", "c"}));
}

TEST(FormTextTest, ATypedNoteIsOneTrimmedLineCutBetweenCharacters) {
  EXPECT_EQ(TypedLine("  send the dates;\r\nthen call\t ", 280), "send the dates;  then call");
  EXPECT_EQ(TypedLine("蜂蜜蜂蜜", 7), "蜂蜜");  // never inside a character
  EXPECT_EQ(TypedLine("ab   cd", 4), "ab");  // trimmed after the cut too
  EXPECT_EQ(TypedLine("ok \xff", 280), "");  // not UTF-8
  EXPECT_EQ(TypedLine(" \n\t ", 280), "");
}

}  // namespace
}  // namespace kindred
