#include "event/event_context.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include "tests/support/test_support.h"

namespace kindred {
namespace {

TEST(EventContextTest, PeopleCheckedInOrSeenTodayComeFirst) {
  const test::TempDir tmp;
  std::string dir = tmp.path(), err;
  {
    auto db = EventDb::Open(dir + "/event.db", &err);
    ASSERT_TRUE(db) << err;
    std::vector<Attendee> people(4);
    const char* ids[] = {"ME", "STRONG", "CHECKEDIN", "SEEN"};
    for (int i = 0; i < 4; ++i) {
      people[i].badge_id = ids[i];
      people[i].name = ids[i];
      people[i].passions = {"jazz"};
    }
    people[0].passions = people[1].passions = {"jazz", "tea"};
    people[2].checked_in = true;
    EventDb::UpsertCounts counts;
    ASSERT_TRUE(db->UpsertAttendees(people, &counts, &err)) << err;
    ASSERT_TRUE(db->MarkSeen("SEEN", "kiosk-1", &err)) << err;
  }
  EventContext event;
  ASSERT_TRUE(OpenEvent(dir + "/event.db", KINDRED_TEST_ASSETS, &event, &err)) << err;
  auto s = event.matcher->Suggest("ME", 3);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_TRUE(s[0].present);
  EXPECT_TRUE(s[1].present);
  EXPECT_EQ(s[2].id, "STRONG") << "the strongest match, but not here (yet)";
  std::filesystem::remove_all(dir);
}

TEST(EventContextTest, AMissingDatabaseFolderIsAOneLineError) {
  EventContext event;
  std::string err;
  EXPECT_FALSE(OpenEvent("/nonexistent/event.db", KINDRED_TEST_ASSETS, &event, &err));
  EXPECT_EQ(err.find('\n'), std::string::npos);
  EXPECT_FALSE(err.empty());
}

}  // namespace
}  // namespace kindred
