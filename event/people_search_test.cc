#include "event/people_search.h"

#include <gtest/gtest.h>

#include "tests/support/people.h"
#include "tests/support/test_support.h"

namespace kindred {
namespace {

// A roster with names in six scripts, spelled in Latin letters the way the
// import does (ICU, unless the roster gave its own spelling).
class PeopleSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string err;
    db_ = EventDb::Open(tmp_.file("event.db"), &err);
    ASSERT_TRUE(db_) << err;
    std::vector<Attendee> people = {
        test::Someone("K-1", "José Álvarez"),  test::Someone("K-2", "Ελένη Παππά"),
        test::Someone("K-3", "عمر الحداد"),    test::Someone("K-4", "田中 由紀"),
        test::Someone("K-5", "Анна Иванова"), test::Someone("K-6", "Maya Okafor"),
        test::Someone("K-7", "Josefine Berg")};
    people[3].name_latin = "Tanaka Yuki";  // the roster's own spelling wins over ICU's Chinese reading
    for (Attendee& a : people) AddLatinSpelling(&a);
    EventDb::UpsertCounts counts;
    ASSERT_TRUE(db_->UpsertAttendees(people, &counts, &err)) << err;
  }

  // The badge IDs found for `text`, best first.
  std::vector<std::string> Find(const std::string& text, int limit = 5) {
    std::vector<Attendee> found;
    std::string err;
    EXPECT_TRUE(FindPeople(*db_, text, limit, &found, &err)) << err;
    std::vector<std::string> ids;
    for (const Attendee& a : found) ids.push_back(a.badge_id);
    return ids;
  }

  test::TempDir tmp_;
  std::unique_ptr<EventDb> db_;
};

TEST_F(PeopleSearchTest, EveryNameCanBeFoundFromALatinKeyboard) {
  EXPECT_EQ(Find("alvarez"), std::vector<std::string>{"K-1"});
  EXPECT_EQ(Find("tanaka"), std::vector<std::string>{"K-4"});
  EXPECT_EQ(Find("ivanova"), std::vector<std::string>{"K-5"});
  EXPECT_EQ(Find("omar"), std::vector<std::string>{"K-3"}) << "Arabic writes few vowels: by its consonants";
  EXPECT_EQ(Find("eleni"), std::vector<std::string>{"K-2"}) << "Greek η read as i or e";
  EXPECT_EQ(Find("elene"), std::vector<std::string>{"K-2"});
}

TEST_F(PeopleSearchTest, ANameTypedInItsOwnScriptOrWithAccentsAndCapitals) {
  EXPECT_EQ(Find("田中"), std::vector<std::string>{"K-4"});
  EXPECT_EQ(Find("عمر"), std::vector<std::string>{"K-3"});
  EXPECT_EQ(Find("ÁLVAREZ"), std::vector<std::string>{"K-1"}) << "SQLite folds only ASCII case";
}

TEST_F(PeopleSearchTest, ABadgeIdWholeComesFirstAndANameStartBeatsAMiddle) {
  EXPECT_EQ(Find("k-6"), std::vector<std::string>{"K-6"});
  // "jos" starts José's and Josefine's names; "berg" only ends Josefine's.
  EXPECT_EQ(Find("jos").size(), 2u);
  EXPECT_EQ(Find("berg"), std::vector<std::string>{"K-7"});
}

TEST_F(PeopleSearchTest, NoMatchIsAnEmptyListAndTheLimitHolds) {
  EXPECT_TRUE(Find("zzz").empty());
  EXPECT_TRUE(Find("o", 2).size() <= 2u);
  EXPECT_TRUE(Find("om").empty()) << "two letters are too few to guess consonants from";
}

TEST_F(PeopleSearchTest, ALabelTellsTwoSimilarSpellingsApart) {
  Attendee a;
  std::string err;
  ASSERT_EQ(db_->FindAttendee("K-3", &a, &err), Lookup::kFound);
  EXPECT_EQ(SearchLabel(a), "عمر الحداد (" + a.name_latin + ")");
  ASSERT_EQ(db_->FindAttendee("K-1", &a, &err), Lookup::kFound);
  EXPECT_EQ(SearchLabel(a), "José Álvarez") << "Latin letters with accents need no second spelling";
  ASSERT_EQ(db_->FindAttendee("K-4", &a, &err), Lookup::kFound);
  EXPECT_EQ(SearchLabel(a), "田中 由紀 (Tanaka Yuki)");
}

}  // namespace
}  // namespace kindred
