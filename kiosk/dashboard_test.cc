#include "kiosk/dashboard.h"
#include "common/utc_time.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include "tests/support/test_support.h"

namespace kindred {
namespace {

TEST(DashboardTest, CountsEncountersByHourPassionAndPerson) {
  const test::TempDir tmp;
  std::string dir = tmp.path(), err;
  auto db = EventDb::Open(dir + "/event.db", &err);
  ASSERT_TRUE(db) << err;
  std::vector<Attendee> people(4);
  for (int i = 0; i < 4; ++i) {
    people[i].badge_id = std::string(1, static_cast<char>('A' + i));
    people[i].name = "Person " + people[i].badge_id;
  }
  people[0].checked_in = true;
  EventDb::UpsertCounts c;
  ASSERT_TRUE(db->UpsertAttendees(people, &c, &err));
  auto meet = [&](const char* a, const char* b, const char* at, std::vector<std::string> shared) {
    Encounter e;
    e.a_id = a, e.b_id = b, e.met_at = at, e.shared = std::move(shared);
    ASSERT_TRUE(db->SaveEncounter(&e, 0, &err)) << err;
  };
  meet("A", "B", "2026-11-22T17:10:00Z", {"jazz"});
  meet("A", "C", "2026-11-22T17:50:00Z", {"jazz", "tea"});
  meet("B", "D", "2026-11-22T19:05:00Z", {"tea"});
  DashboardStats s;
  ASSERT_TRUE(ComputeDashboard(*db, Matcher(people, TagSynonyms{}), "en", &s, &err)) << err;
  EXPECT_EQ(s.attendees, 4);
  EXPECT_EQ(s.present, 1);
  EXPECT_EQ(s.encounters, 3);
  ASSERT_EQ(s.per_hour.size(), 3u) << "17:00, a quiet 18:00, 19:00";
  EXPECT_EQ(s.per_hour[0].second, 2);
  EXPECT_EQ(s.per_hour[1].second, 0);
  EXPECT_EQ(s.per_hour[2].second, 1);
  ASSERT_EQ(s.top_passions.size(), 2u);
  EXPECT_EQ(s.top_passions[0], (std::pair<std::string, int>{"jazz", 2}));
  EXPECT_EQ(s.people.size(), 4u);
  EXPECT_EQ(s.people[0], "Person A") << "the most connected first";
  EXPECT_EQ(s.met.size(), 3u);
  // People who met someone today are here today, scanned or not (#22:
  // "0 here today - 17 encounters").
  meet("C", "D", UtcNow().c_str(), {});
  ASSERT_TRUE(ComputeDashboard(*db, Matcher(people, TagSynonyms{}), "en", &s, &err)) << err;
  EXPECT_EQ(s.present, 3) << "A checked in; C and D met today";
  // While the event is on, the chart runs to this hour, quiet hours included.
  ASSERT_FALSE(s.per_hour.empty());
  EXPECT_EQ(s.per_hour.back().second, 1) << "this hour's encounter is the last bar";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kindred
