#include "match/tags.h"

#include <gtest/gtest.h>

namespace kindred {
namespace {

TEST(TagsTest, FoldsCasePunctuationAndSpacing) {
  EXPECT_EQ(FoldTag("Urban Beekeeping"), FoldTag("urban-beekeeping"));
  EXPECT_EQ(FoldTag("  Jazz!! "), "jazz");
  EXPECT_EQ(FoldTag("C++"), "c++");
  EXPECT_NE(FoldTag("C#"), FoldTag("C"));
  EXPECT_EQ(FoldTag("!!!"), "");
}

TEST(TagsTest, FoldsAccentsAndOtherScriptsCase) {
  EXPECT_EQ(FoldTag("Café Culture"), FoldTag("cafe culture"));
  EXPECT_EQ(FoldTag("Ørsted"), "orsted");
  EXPECT_EQ(FoldTag("ŁÓDŹ"), "lodz");
  EXPECT_EQ(FoldTag("ΜΟΥΣΙΚΗ"), FoldTag("μουσικη"));
  EXPECT_EQ(FoldTag("ШАХМАТЫ"), FoldTag("шахматы"));
  EXPECT_EQ(FoldTag("书法"), "书法");
}

TEST(TagsTest, FoldsPluralsAndVerbForms) {
  EXPECT_EQ(FoldTag("board games"), FoldTag("board game"));
  EXPECT_EQ(FoldTag("hobbies"), FoldTag("hobby"));
  EXPECT_EQ(FoldTag("beekeepers"), FoldTag("beekeeping"));
  EXPECT_EQ(FoldTag("mentoring"), FoldTag("mentor"));
  EXPECT_EQ(FoldTag("chess"), "chess");
  EXPECT_EQ(FoldTag("analysis"), "analysis");
}

TEST(TagsTest, InvalidUtf8FoldsToNothing) { EXPECT_EQ(FoldTag("\xff\xfe"), ""); }

TEST(TagsTest, SynonymsMapOntoOneCanonicalTag) {
  TagSynonyms s;
  std::string err;
  ASSERT_TRUE(s.Load("# comment\nML = machine learning\nclimate tech = Climate\n\n", &err)) << err;
  EXPECT_EQ(s.Canonical("ml"), s.Canonical("Machine Learning"));
  EXPECT_EQ(s.Canonical("Climate-Tech"), "climate");
  EXPECT_EQ(s.Canonical("jazz"), "jazz");
  EXPECT_EQ(s.size(), 2u);
}

TEST(TagsTest, AMalformedSynonymLineNamesItsNumber) {
  TagSynonyms s;
  std::string err;
  EXPECT_FALSE(s.Load("ml = machine learning\nno equals sign here\n", &err));
  EXPECT_NE(err.find("line 2"), std::string::npos) << err;
}

TEST(TagsTest, TheBundledSynonymsLoad) {
  TagSynonyms s;
  std::string err;
  ASSERT_TRUE(s.LoadFile(std::string(KINDRED_TEST_ASSETS) + "/synonyms.txt", &err)) << err;
  EXPECT_EQ(s.Canonical("ML"), s.Canonical("machine learning"));
}

}  // namespace
}  // namespace kindred
