#include "i18n/catalog.h"

#include <gtest/gtest.h>

namespace kindred::i18n {
namespace {

TEST(LanguagesTest, RegistrationSystemsTagsAreTheLanguagesKindredSpeaks) {
  EXPECT_EQ(Normalize("de"), "de");
  EXPECT_EQ(Normalize("de-DE"), "de");
  EXPECT_EQ(Normalize("de-informal"), "de");  // pretix's informal German
  EXPECT_EQ(Normalize("fr_FR.UTF-8"), "fr");
  EXPECT_EQ(Normalize("JA"), "ja");
  EXPECT_EQ(Normalize("pt-BR"), "");  // not (yet) spoken: the event's language then
  EXPECT_EQ(Normalize(""), "");
  EXPECT_EQ(Normalize("qps"), kPseudo);
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
  EXPECT_EQ(Tr(c.For("de"), "People to talk to"), "Mit wem du reden könntest");
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
