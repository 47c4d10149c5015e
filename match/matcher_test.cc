#include "match/matcher.h"
#include "tests/event_generator.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include "tests/support/people.h"
#include "tests/support/scale.h"

namespace kindred {
namespace {

using test::Passionate;

// "R" + std::to_string(n), spelled so GCC 12 does not warn falsely (PR 105651).
std::string Named(const char* prefix, long n) {
  std::string s(prefix);
  s += std::to_string(n);
  return s;
}

std::vector<std::string> Ids(const std::vector<Suggestion>& list) {
  std::vector<std::string> ids;
  for (const Suggestion& s : list) ids.push_back(s.id);
  return ids;
}

// A roster where everybody loves "ai" and a few share rarer passions.
std::vector<Attendee> Crowd() {
  std::vector<Attendee> people;
  for (int i = 0; i < 40; ++i) people.push_back(Passionate(Named("X", 100 + i), {"ai"}, "software"));
  people.push_back(Passionate("ME", {"ai", "urban beekeeping", "jazz"}, "design", "founder"));
  people.push_back(Passionate("BEES", {"urban beekeeping"}, "finance"));
  people.push_back(Passionate("AIONLY", {"ai"}, "finance"));
  return people;
}

TEST(MatcherTest, ARarePassionOutweighsACommonOne) {
  Matcher m(Crowd(), {});
  auto s = m.Suggest("ME", 3);
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(s[0].id, "BEES");
  EXPECT_EQ(s[0].common.PassionWords(), (std::vector<std::string>{"urban beekeeping"}));
  EXPECT_GT(s[0].parts.passion, 2 * m.Suggest("AIONLY", 1)[0].parts.passion);
}

TEST(MatcherTest, NeverSuggestsSelfSomeoneAlreadyMetOrSomeoneWhoOptedOut) {
  std::vector<Attendee> people = Crowd();
  people.push_back(Passionate("SHY", {"urban beekeeping", "jazz"}, "arts"));
  people.back().opt_out = true;
  Matcher m(people, {});
  m.AddEncounter("ME", "BEES");
  for (const Suggestion& s : m.Suggest("ME", 10)) {
    EXPECT_NE(s.id, "ME");
    EXPECT_NE(s.id, "BEES");
    EXPECT_NE(s.id, "SHY");
  }
  for (const Suggestion& s : m.Suggest("BEES", 10)) EXPECT_NE(s.id, "ME");
}

TEST(MatcherTest, ComplementaryOffersCountInEitherDirection) {
  Matcher m({Passionate("A", {}, "design", "", {"mentoring"}, {"investors"}), Passionate("B", {}, "energy", "", {"investors"}, {}),
             Passionate("C", {}, "arts", "", {}, {"mentoring"}), Passionate("D", {}, "arts")},
            {});
  auto s = m.Suggest("A", 3);
  ASSERT_EQ(Ids(s), (std::vector<std::string>{"B", "C"}));
  EXPECT_EQ(s[0].parts.complement, MatcherWeights{}.complement_match);
  ASSERT_EQ(s[0].common.b_offers_a.size(), 1u);
  EXPECT_EQ(s[0].common.b_offers_a[0].seeker_word, "investors");
  ASSERT_EQ(s[1].common.a_offers_b.size(), 1u);
  EXPECT_EQ(s[1].common.a_offers_b[0].giver_word, "mentoring");
  EXPECT_NE(s[0].reason.find("which you are looking for"), std::string::npos) << s[0].reason;
  EXPECT_NE(s[1].reason.find("which you offer"), std::string::npos) << s[1].reason;
}

TEST(MatcherTest, ADifferentFieldEarnsABonusOnlyWithASharedPassion) {
  Matcher m({Passionate("A", {"jazz"}, "design"), Passionate("SAME", {"jazz"}, "design"), Passionate("OTHER", {"jazz"}, "energy"),
             Passionate("NOPASSION", {}, "energy", "", {"x"}, {}), Passionate("ASKS", {}, "", "", {}, {})},
            {});
  auto s = m.Suggest("A", 3);
  ASSERT_GE(s.size(), 2u);
  EXPECT_EQ(s[0].id, "OTHER");
  EXPECT_EQ(s[0].parts.field, MatcherWeights{}.different_field);
  EXPECT_EQ(s[1].id, "SAME");
  EXPECT_EQ(s[1].parts.field, 0);
  EXPECT_NE(s[0].reason.find("a different field"), std::string::npos);
}

TEST(MatcherTest, TheSameStageEarnsASmallerBonus) {
  Matcher m({Passionate("A", {"jazz"}, "x", "founder"), Passionate("PEER", {"jazz"}, "x", "Founder"), Passionate("NOT", {"jazz"}, "x", "student")},
            {});
  auto s = m.Suggest("A", 2);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].id, "PEER");
  EXPECT_EQ(s[0].parts.stage, MatcherWeights{}.same_stage);
  EXPECT_LT(MatcherWeights{}.same_stage, MatcherWeights{}.different_field);
}

TEST(MatcherTest, PeoplePresentNowComeFirst) {
  Matcher m({Passionate("A", {"jazz", "tea"}), Passionate("STRONG", {"jazz", "tea"}), Passionate("HERE", {"jazz"})}, {});
  EXPECT_EQ(m.Suggest("A", 1)[0].id, "STRONG");
  m.MarkPresent("HERE");
  auto s = m.Suggest("A", 2);
  EXPECT_EQ(s[0].id, "HERE");
  EXPECT_TRUE(s[0].present);
}

TEST(MatcherTest, AShortListIsDiverseNotThreePeopleOnOneTag) {
  // Four people share only "ai" with A (strongest by a little, via tie-free ids);
  // one shares "chess", weaker on its own.
  std::vector<Attendee> people{Passionate("A", {"ai", "chess"})};
  for (const char* id : {"AI1", "AI2", "AI3"}) people.push_back(Passionate(id, {"ai"}));
  people.push_back(Passionate("CHESS", {"chess"}));
  for (int i = 0; i < 3; ++i) people.push_back(Passionate(Named("CH", i), {"chess"}));
  for (int i = 0; i < 6; ++i) people.push_back(Passionate(Named("FILL", i), {"other"}));
  Matcher m(people, {});
  auto s = m.Suggest("A", 3);
  ASSERT_EQ(s.size(), 3u);
  std::set<std::string> topics;
  for (const Suggestion& x : s)
    for (const std::string& w : x.common.PassionWords()) topics.insert(w);
  EXPECT_EQ(topics, (std::set<std::string>{"ai", "chess"}));
}

TEST(MatcherTest, EverySuggestionExplainsItselfAndGivesAStarter) {
  Matcher m({Passionate("A", {"urban beekeeping"}), Passionate("MAYA", {"urban beekeeping"})}, {});
  auto s = m.Suggest("A", 3);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].reason, "You both love urban beekeeping.");
  EXPECT_EQ(s[0].starter, "Ask Person: what got you into urban beekeeping?");
}

TEST(MatcherTest, StartersComeFromEditableTemplates) {
  StarterTemplates t;
  std::string err;
  ASSERT_TRUE(t.Load("passion: Pregunta a {name}: ¿cómo empezaste con {passion}?\n", &err)) << err;
  Matcher m({Passionate("A", {"jazz"}), Passionate("B", {"jazz"})}, {}, t);
  EXPECT_EQ(m.Suggest("A", 1)[0].starter, "Pregunta a Person: ¿cómo empezaste con jazz?");
  EXPECT_FALSE(t.Load("question: {name}?\n", &err));
  EXPECT_NE(err.find("line 1"), std::string::npos);
  EXPECT_FALSE(t.Load("passion: no placeholder\n", &err));
}

TEST(MatcherTest, TheBundledStartersLoad) {
  StarterTemplates t;
  std::string err;
  ASSERT_TRUE(t.LoadFile(std::string(KINDRED_TEST_ASSETS) + "/starters.txt", &err)) << err;
}

TEST(MatcherTest, SomeoneWithNoPassionsStillGetsPeersFromTheirField) {
  Matcher m({Passionate("NEW", {}, "robotics", "student"), Passionate("R1", {"x"}, "robotics", "senior"),
             Passionate("R2", {"y"}, "robotics", "student"), Passionate("O", {"x"}, "arts")},
            {});
  auto s = m.Suggest("NEW", 3);
  ASSERT_EQ(Ids(s), (std::vector<std::string>{"R2", "R1"}));
  EXPECT_TRUE(s[0].fallback);
  EXPECT_NE(s[0].reason.find("robotics"), std::string::npos) << s[0].reason;
  EXPECT_NE(s[0].starter.find("robotics"), std::string::npos) << s[0].starter;
}

TEST(MatcherTest, PassionsChosenAtTheKioskCountAtOnce) {
  Matcher m({Passionate("NEW", {}), Passionate("BEES", {"urban beekeeping"}), Passionate("JAZZ", {"jazz"})}, {});
  EXPECT_TRUE(m.Suggest("NEW", 3).empty());
  m.UpdatePassions("NEW", {"Urban Beekeeping", "sailing"});
  auto s = m.Suggest("NEW", 3);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].id, "BEES");
  EXPECT_EQ(m.Suggest("BEES", 3).at(0).id, "NEW") << "both ways";
  m.UpdatePassions("NEW", {"jazz"});
  EXPECT_EQ(m.Suggest("NEW", 3).at(0).id, "JAZZ");
  EXPECT_TRUE(m.Suggest("BEES", 3).empty()) << "the old passion is gone from the index";
  EXPECT_EQ(Ids(m.Suggest("NEW", 3)), Ids(m.SuggestByScan("NEW", 3)));
}

TEST(MatcherTest, SynonymsAndPluralsMatch) {
  TagSynonyms syn;
  std::string err;
  ASSERT_TRUE(syn.Load("ml = machine learning\n", &err));
  Matcher m({Passionate("A", {"ML"}), Passionate("B", {"Machine Learning"}), Passionate("C", {"Board Games"}), Passionate("D", {"board game"})}, syn);
  EXPECT_EQ(m.Suggest("A", 1)[0].id, "B");
  EXPECT_EQ(m.Suggest("C", 1)[0].id, "D");
}

TEST(MatcherTest, TheEncounterCardSaysWhatTheyShare) {
  Matcher m({Passionate("A", {"jazz", "tea"}, "design", "", {"mentoring"}, {}), Passionate("B", {"tea", "jazz"}, "design", "", {}, {"mentoring"})},
            {});
  EncounterCard card = m.Card("A", "B");
  EXPECT_EQ(card.common.PassionWords().size(), 2u);
  EXPECT_TRUE(card.common.same_field);
  EXPECT_EQ(card.common.a_field, "design");
  ASSERT_EQ(card.common.a_offers_b.size(), 1u);
  EXPECT_EQ(card.common.a_offers_b[0].giver_word, "mentoring");
  EXPECT_TRUE(card.common.b_offers_a.empty());
  EXPECT_EQ(m.Card("B", "A").starter, card.starter) << "the same whichever badge came first";
}

TEST(MatcherTest, TheEncounterCardSpeaksToBothReadersAtOnce) {
  Attendee maya = Passionate("A", {"urban beekeeping"}), jose = Passionate("B", {"urban beekeeping"});
  maya.name = "Maya Okafor", jose.name = "José Álvarez";
  Matcher m({maya, jose}, {});
  const std::string starter = m.Card("A", "B").starter;
  EXPECT_EQ(starter.rfind("Ask each other", 0), 0u) << starter;
  EXPECT_EQ(starter.find("Maya"), std::string::npos) << "nobody is told to ask themselves: " << starter;
  EXPECT_EQ(starter.find("José"), std::string::npos) << starter;
  // A suggestion is read by one person, and names the other.
  EXPECT_EQ(m.Suggest("A", 1)[0].starter.rfind("Ask José", 0), 0u) << m.Suggest("A", 1)[0].starter;
}

// A random event: `n` people, `tags` distinct passions, 0-5 passions each.
std::vector<Attendee> RandomEvent(int n, int tags, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<Attendee> people;
  const char* fields[] = {"design", "energy", "software", "arts", "finance", ""};
  const char* stages[] = {"student", "early career", "mid career", "senior", "founder", ""};
  for (int i = 0; i < n; ++i) {
    Attendee a;
    a.badge_id = Named("R", i);
    a.name = Named("Person ", i);
    // Skewed popularity: low tag numbers are common, high ones rare.
    std::geometric_distribution<int> pick(4.0 / tags);
    for (int k = std::uniform_int_distribution<int>(0, 5)(rng); k > 0; --k)
      a.passions.push_back(Named("tag", pick(rng) % tags));
    if (rng() % 4 == 0) a.offers.push_back(Named("offer", rng() % 20));
    if (rng() % 4 == 0) a.seeking.push_back(Named("offer", rng() % 20));
    a.field = fields[rng() % 6];
    a.stage = stages[rng() % 6];
    a.opt_out = rng() % 50 == 0;
    people.push_back(std::move(a));
  }
  return people;
}

// Passions that look alike but are not the same (#22): what Kindred claims
// two people share must be a passion both hold.
std::vector<Attendee> NearMisses() {
  return {Passionate("HANNAH", {"urban gardening"}, "education"), Passionate("LARS", {"urban planning"}, "architecture"),
          Passionate("DANA", {"data science"}, "software"),       Passionate("JONAS", {"data journalism"}, "media"),
          Passionate("MIA", {"jazz"}, "design"),                  Passionate("TEO", {"jazz dance"}, "health"),
          Passionate("GARD", {"gardening"}, "finance")};
}

TEST(MatcherTruthTest, OneWordInCommonIsNotASharedPassion) {
  Matcher m(NearMisses(), {});
  for (const auto& [a, b] : {std::pair{"HANNAH", "LARS"}, std::pair{"DANA", "JONAS"}, std::pair{"MIA", "TEO"}}) {
    for (const auto& [x, y] : {std::pair{a, b}, std::pair{b, a}}) {
      EXPECT_TRUE(m.Card(x, y).common.PassionWords().empty()) << x << " / " << y;
      for (const Suggestion& s : m.Suggest(x, 6)) {
        if (s.id != y) continue;
        EXPECT_TRUE(s.common.PassionWords().empty()) << x << " / " << y << ": " << s.reason;
        EXPECT_EQ(s.reason.find("both love"), std::string::npos) << s.reason;
      }
    }
  }
}

TEST(MatcherTruthTest, OnePassionInsideAnotherIsSaidInEachOnesOwnWords) {
  Matcher m(NearMisses(), {});
  for (const Suggestion& s : m.Suggest("GARD", 6)) {
    if (s.id != "HANNAH") continue;
    EXPECT_TRUE(s.common.PassionWords().empty());
    ASSERT_EQ(s.common.related.size(), 1u);
    EXPECT_EQ(s.common.related[0].a_word, "gardening");
    EXPECT_EQ(s.common.related[0].b_word, "urban gardening");
    EXPECT_NE(s.reason.find("You love gardening and Person loves urban gardening"), std::string::npos) << s.reason;
    EXPECT_NE(s.starter.find("urban gardening"), std::string::npos) << "the question is about Hannah's passion";
  }
}

TEST(MatcherTruthTest, OnGeneratedEventsEveryClaimedSharedPassionIsHeldByBoth) {
  // Near-miss passions mixed into a generated event.
  std::vector<Attendee> people = test::MakeZipfEvent(600, 80, 7);
  const std::vector<std::vector<std::string>> near = {{"urban gardening"}, {"urban planning"}, {"data science"},
                                                      {"data journalism"}, {"jazz"},           {"jazz dance"}};
  for (size_t i = 0; i < people.size(); ++i)
    if (i % 3 == 0) people[i].passions.push_back(near[i % near.size()][0]);
  Matcher m(people, {});
  auto lower = [](std::string t) {
    for (char& ch : t) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return t;
  };
  auto holds = [&](const Attendee& a, const std::string& passion) {
    for (const std::string& p : a.passions)
      for (const std::string& one : SplitList(p))
        if (lower(one) == lower(passion)) return true;
    return false;
  };
  std::map<std::string, const Attendee*> by_id;
  for (const Attendee& a : people) by_id[a.badge_id] = &a;
  int claims = 0;
  for (size_t i = 0; i < people.size(); i += 7) {
    const Attendee& a = people[i];
    for (const Suggestion& s : m.Suggest(a.badge_id, 3)) {
      for (const std::string& shared : s.common.PassionWords()) {
        ++claims;
        EXPECT_TRUE(holds(a, shared)) << a.badge_id << " is told they share '" << shared << "'";
        // The other's wording may differ only by synonym or word form: the
        // card built from their side names a passion they hold.
        for (const std::string& theirs : m.Card(s.id, a.badge_id).common.PassionWords())
          EXPECT_TRUE(holds(*by_id[s.id], theirs)) << s.id << " / " << theirs;
      }
    }
  }
  EXPECT_GT(claims, 50) << "the event should have shared passions to check";
}

TEST(MatcherPropertyTest, TheIndexGivesExactlyWhatScanningEveryoneGives) {
  for (unsigned seed = 1; seed <= 5; ++seed) {
    std::vector<Attendee> people = RandomEvent(400, 30, seed);
    Matcher m(people, {});
    std::mt19937 rng(seed);
    for (int i = 0; i < 60; ++i) m.AddEncounter(Named("R", rng() % 400), Named("R", rng() % 400));
    for (int i = 0; i < 40; ++i) m.MarkPresent(Named("R", rng() % 400));
    for (int i = 0; i < 400; i += 7) {
      std::string id = Named("R", i);
      auto a = m.Suggest(id, 3), b = m.SuggestByScan(id, 3);
      ASSERT_EQ(Ids(a), Ids(b)) << id << " seed " << seed;
      for (size_t k = 0; k < a.size(); ++k) EXPECT_EQ(a[k].parts.total(), b[k].parts.total());
    }
  }
}

TEST(MatcherPropertyTest, TheIndexAgreesWithTheScanOnFreeTextWithExposureAndUpdates) {
  for (unsigned seed = 1; seed <= 3; ++seed) {
    test::FreeTextEvent e = test::MakeFreeTextEvent(300, 25, seed);
    // Words shared between several passions of one person, and sentences.
    e.people[0].passions = {"urban gardening", "gardening tools", "I love gardening at night"};
    e.people[1].passions = {"gardening"};
    Matcher m(e.people, {});
    std::mt19937 rng(seed);
    for (int i = 0; i < 200; ++i) m.AddExposure(e.people[rng() % 300].badge_id, 1 + static_cast<int>(rng() % 3));
    for (int i = 0; i < 30; ++i) m.MarkPresent(e.people[rng() % 300].badge_id);
    m.UpdatePassions(e.people[7].badge_id, {"Gardening, cyclist and philosphy"});
    for (int i = 0; i < 300; i += 3) {
      const std::string& id = e.people[static_cast<size_t>(i)].badge_id;
      auto a = m.Suggest(id, 3), b = m.SuggestByScan(id, 3);
      ASSERT_EQ(Ids(a), Ids(b)) << id << " seed " << seed;
      for (size_t k = 0; k < a.size(); ++k) {
        EXPECT_EQ(a[k].parts.total(), b[k].parts.total());
        EXPECT_EQ(a[k].parts.score(), b[k].parts.score());
      }
    }
  }
}

TEST(MatcherPropertyTest, NeverSelfMetOrOptedOutOnRandomEvents) {
  std::vector<Attendee> people = RandomEvent(600, 40, 42);
  Matcher m(people, {});
  std::mt19937 rng(7);
  std::set<std::pair<std::string, std::string>> met;
  for (int i = 0; i < 300; ++i) {
    std::string a = Named("R", rng() % 600), b = Named("R", rng() % 600);
    m.AddEncounter(a, b);
    met.insert({a, b});
    met.insert({b, a});
  }
  for (const Attendee& a : people) {
    for (const Suggestion& s : m.Suggest(a.badge_id, 5)) {
      EXPECT_NE(s.id, a.badge_id);
      EXPECT_FALSE(met.count({a.badge_id, s.id})) << a.badge_id << " already met " << s.id;
      EXPECT_FALSE(people[std::stoi(s.id.substr(1))].opt_out) << s.id << " opted out";
    }
  }
}

// Score of `b` in `a`'s full ranking, or -1 when not suggested at all.
double ScoreOf(const Matcher& m, const std::string& a, const std::string& b) {
  for (const Suggestion& s : m.SuggestByScan(a, 1000))
    if (s.id == b) return s.parts.total();
  return -1;
}

TEST(MatcherPropertyTest, AddingASharedRarePassionNeverLowersAScore) {
  std::mt19937 rng(3);
  for (int trial = 0; trial < 30; ++trial) {
    std::vector<Attendee> people = RandomEvent(120, 15, 100 + trial);
    int a = static_cast<int>(rng() % 120), b = static_cast<int>(rng() % 120);
    if (a == b || people[b].opt_out) continue;
    std::string ida = people[a].badge_id, idb = people[b].badge_id;
    double before = std::max(0.0, ScoreOf(Matcher(people, {}), ida, idb));
    people[a].passions.push_back(Named("rare passion ", trial));
    people[b].passions.push_back(Named("rare passion ", trial));
    double after = ScoreOf(Matcher(people, {}), ida, idb);
    EXPECT_GT(after, before) << ida << "/" << idb;
  }
}

TEST(MatcherPropertyTest, RemovingEverySharedPassionNeverRaisesAScore) {
  std::mt19937 rng(5);
  for (int trial = 0; trial < 30; ++trial) {
    std::vector<Attendee> people = RandomEvent(120, 15, 200 + trial);
    int a = static_cast<int>(rng() % 120), b = static_cast<int>(rng() % 120);
    if (a == b) continue;
    std::string ida = people[a].badge_id, idb = people[b].badge_id;
    double before = std::max(0.0, ScoreOf(Matcher(people, {}), ida, idb));
    std::set<std::string> of_b(people[b].passions.begin(), people[b].passions.end());
    std::erase_if(people[a].passions, [&](const std::string& t) { return of_b.count(t) > 0; });
    double after = std::max(0.0, ScoreOf(Matcher(people, {}), ida, idb));
    EXPECT_LE(after, before) << ida << "/" << idb;
  }
}

TEST(MatcherPropertyTest, DeterministicAndNobodyTwiceInAListOnA50000PersonEvent) {
  std::vector<Attendee> people = RandomEvent(50000, 200, 9);
  Matcher m(people, {});
  Matcher again(people, {});
  for (int i = 0; i < 50000; i += 25 * test::kSampleDivisor) {
    std::string id = Named("R", i);
    auto list = m.Suggest(id, 3);
    auto ids = Ids(list);
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), list.size()) << id;
    EXPECT_EQ(ids, Ids(again.Suggest(id, 3))) << id;
  }
}

TEST(MatcherPropertyTest, SuggestAllMatchesOneByOne) {
  std::vector<Attendee> people = RandomEvent(300, 20, 11);
  Matcher m(people, {});
  auto all = m.SuggestAll(3, 2);
  ASSERT_EQ(all.size(), 300u);
  std::vector<std::string> sorted_ids;
  for (const Attendee& a : people) sorted_ids.push_back(a.badge_id);
  std::sort(sorted_ids.begin(), sorted_ids.end());
  for (size_t i = 0; i < sorted_ids.size(); i += 13) EXPECT_EQ(Ids(all[i]), Ids(m.Suggest(sorted_ids[i], 3)));
}

}  // namespace
}  // namespace kindred

namespace kindred {
namespace {

// A passion written in one language meets the same passion in another, from
// the synonyms file organisers edit; each person reads their own word.
TEST(MatcherTest, PassionsMeetAcrossLanguagesInEachPersonsOwnWords) {
  TagSynonyms synonyms;
  std::string err;
  ASSERT_TRUE(synonyms.LoadFile(std::string(KINDRED_TEST_ASSETS) + "/synonyms.txt", &err)) << err;
  std::vector<Attendee> people = {Passionate("ingrid", {"Imkerei"}), Passionate("maya", {"beekeeping"}), Passionate("lea", {"photographie"}),
                                  Passionate("sam", {"photography"}), Passionate("hanako", {"写真"}), Passionate("tom", {"sailing"})};
  MatcherOptions options;
  options.languages = {"english", "german", "french"};
  Matcher m(people, synonyms, {}, options);
  const EncounterCard bees = m.Card("ingrid", "maya");
  ASSERT_EQ(bees.common.PassionWords().size(), 1u);
  EXPECT_EQ(bees.common.PassionWords()[0], "Imkerei");  // Ingrid's word on the card her badge opened
  EXPECT_EQ(m.Card("maya", "ingrid").common.PassionWords()[0], "beekeeping");
  const std::vector<Suggestion> for_lea = m.Suggest("lea", 3);
  std::set<std::string> ids;
  for (const Suggestion& s : for_lea) {
    ids.insert(s.id);
    if (s.id == "sam" || s.id == "hanako") {
      EXPECT_EQ(s.common.PassionWords(), (std::vector<std::string>{"photographie"}));
    }
  }
  EXPECT_TRUE(ids.count("sam") && ids.count("hanako")) << "photographie met neither photography nor 写真";
  EXPECT_TRUE(m.Card("hanako", "sam").common.PassionWords() == (std::vector<std::string>{"写真"}));
  EXPECT_TRUE(m.Card("tom", "ingrid").common.PassionWords().empty());
}

}  // namespace
}  // namespace kindred
