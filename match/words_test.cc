#include "match/words.h"

#include <gtest/gtest.h>

namespace kindred {
namespace {

std::vector<std::string> Folded(std::string_view passion) {
  std::vector<std::string> out;
  for (const PassionWord& w : ContentWords(passion)) out.push_back(w.folded);
  return out;
}

TEST(WordsTest, CellsAndSentencesSplitIntoPassions) {
  EXPECT_EQ(SplitPassions("cycling, urban gardening & jazz"),
            (std::vector<std::string>{"cycling", "urban gardening", "jazz"}));
  EXPECT_EQ(SplitPassions("Sailing and woodworking / tea; chess"),
            (std::vector<std::string>{"Sailing", "woodworking", "tea", "chess"}));
  EXPECT_EQ(SplitPassions("Radfahren und Wandern"), (std::vector<std::string>{"Radfahren", "Wandern"}));
  EXPECT_EQ(SplitPassions("C++ + Rust"), (std::vector<std::string>{"C++", "Rust"}));
  EXPECT_EQ(SplitPassions("I spend my weekends restoring old boats."),
            (std::vector<std::string>{"I spend my weekends restoring old boats"}));
  EXPECT_TRUE(SplitPassions(" ; , ").empty());
}

TEST(WordsTest, FillerWordsAreDropped) {
  EXPECT_EQ(Folded("I spend my weekends restoring old boats"), (std::vector<std::string>{"restoring", "old", "boats"}));
  EXPECT_EQ(Folded("PASSIONATE about Urban Gardening!"), (std::vector<std::string>{"urban", "gardening"}));
  EXPECT_EQ(Folded("j'aime la randonnée"), (std::vector<std::string>{"randonnee"}));
  EXPECT_EQ(ContentWords("Randonnée")[0].written, "randonnée") << "people read their own accents";
}

TEST(WordsTest, WordFormsShareAKey) {
  WordKeys keys;
  auto same = [&](const char* x, const char* y) { return keys.Key(x) == keys.Key(y); };
  EXPECT_TRUE(same("cycling", "cyclist"));
  EXPECT_TRUE(same("restoring", "restoration"));
  EXPECT_TRUE(same("gardening", "gardener"));
  EXPECT_TRUE(same("running", "runner"));
  EXPECT_TRUE(same("photography", "photographer"));
  EXPECT_TRUE(same("philosophy", "philosopher"));
  EXPECT_TRUE(same("boats", "boat"));
  EXPECT_TRUE(same("baking", "baker"));
  // False friends stay apart.
  EXPECT_FALSE(same("art", "artificial"));
  EXPECT_FALSE(same("java", "javascript"));
  EXPECT_FALSE(same("hiking", "biking"));
  EXPECT_FALSE(same("chess", "ches"));
}

TEST(WordsTest, OtherLanguagesStemTheirOwnWords) {
  WordKeys keys({"en", "de", "fr", "es"});
  EXPECT_EQ(keys.languages().size(), 4u);
  EXPECT_EQ(keys.Key("garten"), keys.Key("garten"));
  EXPECT_EQ(keys.Key("randonnee"), keys.Key("randonnees"));
  EXPECT_EQ(keys.Key("ciclismo"), keys.Key("ciclismos"));
  EXPECT_EQ(keys.Key("wanderungen"), keys.Key("wanderung"));
  EXPECT_EQ(keys.Key("cycling"), keys.Key("cyclist")) << "English still folds with others on";
  WordKeys odd({"klingon", "english"});
  EXPECT_EQ(odd.unknown(), (std::vector<std::string>{"klingon"}));
  EXPECT_EQ(odd.languages(), (std::vector<std::string>{"english"}));
}

TEST(WordsTest, OneEditApart) {
  EXPECT_TRUE(WithinOneEdit("philosophi", "philosphi"));  // a letter left out
  EXPECT_TRUE(WithinOneEdit("photograph", "photogarph"));  // two swapped
  EXPECT_TRUE(WithinOneEdit("woodwork", "woodwerk"));      // one wrong
  EXPECT_TRUE(WithinOneEdit("sailing", "sailings"));
  EXPECT_FALSE(WithinOneEdit("philosophi", "psychologi"));
  EXPECT_FALSE(WithinOneEdit("abc", "abcde"));
  EXPECT_FALSE(WithinOneEdit("abcd", "badc"));
}

}  // namespace
}  // namespace kindred
