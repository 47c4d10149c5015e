#include "i18n/catalog.h"

#include <gtest/gtest.h>

namespace kindred::i18n {
namespace {

TEST(LanguagesTest, RegistrationSystemsTagsAreTheLanguagesKindredSpeaks) {
  EXPECT_EQ(Normalize("de"), "de");
  EXPECT_EQ(Normalize("de-DE"), "de");
  // pretix's two Germans: "de" is Sie, "de-informal" du.
  EXPECT_EQ(Normalize("de-informal"), "de-informal");
  EXPECT_EQ(Normalize("de_informal"), "de-informal");
  EXPECT_EQ(Normalize("de-formal"), "de");
  // A German tag saying no register takes the event's.
  EXPECT_EQ(Resolve("de-AT", Register::kInformal), "de-informal");
  EXPECT_EQ(Resolve("de-formal", Register::kInformal), "de");
  EXPECT_EQ(Resolve("fr", Register::kInformal), "fr");
  EXPECT_EQ(Base("de-informal"), "de");
  EXPECT_EQ(CatalogFolder("de-informal"), "de@informal");
  EXPECT_EQ(Normalize("fr_FR.UTF-8"), "fr");
  EXPECT_EQ(Normalize("JA"), "ja");
  EXPECT_EQ(Normalize("pt-BR"), "");  // not (yet) spoken: the event's language then
  EXPECT_EQ(Normalize(""), "");
  EXPECT_EQ(Normalize("qps"), kPseudo);
}

TEST(FillTest, ANameInAnotherScriptIsIsolatedInTheSentence) {
  EXPECT_EQ(Fill("{name}さんに聞いてみましょう", {{"name", "נועה"}}), "\u2068נועה\u2069さんに聞いてみましょう");
  EXPECT_EQ(Fill("Hi, {name}!", {{"name", "Maya"}}), "Hi, Maya!") << "left-to-right names need nothing";
}

TEST(MeetingTimeTest, InTheEventsTimeZoneNamed) {
  const Catalog& c = Default();
  // 2026-11-18T11:06:40Z
  EXPECT_EQ(FormatDateTimeIn(c.For("de"), 1795000000, "Europe/Berlin"),
            "18. November 2026 um 12:06 (Mitteleuropäische Zeit)");
  EXPECT_EQ(FormatDateTimeIn(c.For("en"), 1795000000, "America/New_York"),
            "November 18, 2026 at 6:06\u202fAM (Eastern Time)");
  EXPECT_NE(FormatDateTimeIn(c.For("ja"), 1795000000, "Asia/Tokyo").find("2026年11月18日 20:06"), std::string::npos);
  EXPECT_TRUE(IsTimeZone("Europe/Berlin"));
  EXPECT_FALSE(IsTimeZone("Mars/Olympus"));
  EXPECT_FALSE(IsTimeZone("../../etc/passwd"));
}

TEST(FillTest, PlaceholdersAreFilledOnceAndValuesAreNotSearchedAgain) {
  EXPECT_EQ(Fill("Hi, {name}!", {{"name", "Maya"}}), "Hi, Maya!");
  EXPECT_EQ(Fill("{a} and {b}", {{"a", "{b}"}, {"b", "x"}}), "{b} and x");
  EXPECT_EQ(Fill("{unknown} stays", {{"name", "x"}}), "{unknown} stays");
  EXPECT_EQ(Fill("open { brace", {}), "open { brace");
}

TEST(CatalogTest, EachLanguageHasItsCatalogueAndSpeaksIt) {
  const Catalog& c = Default();
  for (const std::string& lang : Languages()) {
    if (lang == "en") continue;  // the source language: the msgids themselves
    SCOPED_TRACE(lang);
    EXPECT_TRUE(c.Has(lang)) << c.dir();
    EXPECT_NE(Tr(c.For(lang), "People to talk to"), "People to talk to");
  }
  EXPECT_EQ(Tr(c.For("en"), "People to talk to"), "People to talk to");
  EXPECT_EQ(Tr(c.For("de"), "People to talk to"), "Mit wem Sie reden könnten");
  EXPECT_EQ(Tr(c.For("de-informal"), "People to talk to"), "Mit wem du reden könntest");
  EXPECT_EQ(TrN(c.For("de-informal"), "{n} encounter", "{n} encounters", 2), "{n} Begegnungen");
  // Unknown languages are English, never an error.
  EXPECT_EQ(Tr(c.For("xx"), "People to talk to"), "People to talk to");
  // The pseudo-language marks every string.
  EXPECT_EQ(Tr(c.For(kPseudo), "People to talk to"), "[[People to talk to]]");
}

TEST(CatalogTest, ListsAreJoinedTheLanguagesWay) {
  const Catalog& c = Default();
  EXPECT_EQ(JoinAnd(c.For("en"), {"jazz", "climate", "cycling"}), "jazz, climate and cycling");
  EXPECT_EQ(JoinAnd(c.For("de"), {"Jazz", "Klima"}), "Jazz und Klima");
  EXPECT_EQ(JoinAnd(c.For("ja"), {"ジャズ", "気候"}), "ジャズと気候");
  EXPECT_EQ(JoinAnd(c.For("en"), {"jazz"}), "jazz");
}

TEST(CatalogTest, PluralsFollowEachLanguagesRule) {
  const Catalog& c = Default();
  EXPECT_EQ(Fill(TrN(c.For("en"), "{n} encounter", "{n} encounters", 1), {{"n", "1"}}), "1 encounter");
  EXPECT_EQ(Fill(TrN(c.For("en"), "{n} encounter", "{n} encounters", 2), {{"n", "2"}}), "2 encounters");
  EXPECT_EQ(Fill(TrN(c.For("fr"), "{n} encounter", "{n} encounters", 0), {{"n", "0"}}), "0 rencontre");  // French: 0 is singular
  EXPECT_EQ(Fill(TrN(c.For("de"), "{n} encounter", "{n} encounters", 0), {{"n", "0"}}), "0 Begegnungen");
}

}  // namespace
}  // namespace kindred::i18n
