#include "event/room.h"

#include <gtest/gtest.h>

#include "common/utc_time.h"
#include "tests/support/people.h"
#include "tests/support/test_support.h"

namespace kindred {
namespace {

// Five people, three of whom agreed to share their details; encounters
// over two hours, the last hour's mostly about jazz.
class RoomTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string err;
    db_ = EventDb::Open(tmp_.file("event.db"), &err);
    ASSERT_TRUE(db_) << err;
    people_ = {test::Someone("K-1", "Maya Okafor").Passions({"urban beekeeping", "jazz"}).Consent(),
               test::Someone("K-2", "José Álvarez").Passions({"urban beekeeping", "jazz"}).Consent(),
               test::Someone("K-3", "Chloé Martin").Passions({"jazz", "climate"}).Consent(),
               test::Someone("K-4", "<script>alert(1)</script> Secret").Passions({"jazz", "climate"}),
               test::Someone("K-5", "Ana Lima").Passions({"urban beekeeping"})};
    EventDb::UpsertCounts counts;
    ASSERT_TRUE(db_->UpsertAttendees(people_, &counts, &err)) << err;
    matcher_ = std::make_unique<Matcher>(people_, TagSynonyms{});
  }
  void Met(const char* a, const char* b, std::vector<std::string> shared, int64_t minutes_ago) {
    Encounter e;
    e.a_id = std::min<std::string>(a, b);
    e.b_id = std::max<std::string>(a, b);
    e.met_at = FormatUtc(now_ - minutes_ago * 60);
    e.kiosk_id = "kiosk-1";
    e.shared = std::move(shared);
    std::string err;
    ASSERT_TRUE(db_->SaveEncounter(&e, 0, &err)) << err;
  }
  RoomStats Room() {
    RoomStats r;
    std::string err;
    EXPECT_TRUE(ComputeRoom(*db_, *matcher_, "en", now_, &r, &err)) << err;
    return r;
  }

  test::TempDir tmp_;
  std::unique_ptr<EventDb> db_;
  std::vector<Attendee> people_;
  std::unique_ptr<Matcher> matcher_;
  const int64_t now_ = 1796400000;  // 2026-12-03
};

TEST_F(RoomTest, AnEmptyRoomHasNothingToShow) {
  const RoomStats r = Room();
  EXPECT_EQ(r.conversations, 0);
  EXPECT_EQ(r.people, 0);
  EXPECT_TRUE(r.top.empty());
  EXPECT_TRUE(r.recent.empty());
}

TEST_F(RoomTest, CountsConversationsPeopleAndThePassionsSharedMostAndRisingNow) {
  Met("K-1", "K-5", {"urban beekeeping"}, 110);
  Met("K-2", "K-5", {"urban beekeeping"}, 100);
  Met("K-1", "K-2", {"urban beekeeping", "jazz"}, 90);
  Met("K-3", "K-4", {"jazz", "climate"}, 20);
  Met("K-1", "K-3", {"jazz"}, 10);
  const RoomStats r = Room();
  EXPECT_EQ(r.conversations, 5);
  EXPECT_EQ(r.last_hour, 2);
  EXPECT_EQ(r.people, 5);
  ASSERT_GE(r.top.size(), 3u);
  EXPECT_EQ(r.top[0], (std::pair<std::string, int>{"jazz", 3}));
  EXPECT_EQ(r.top[1], (std::pair<std::string, int>{"urban beekeeping", 3}));
  EXPECT_EQ(r.top[2], (std::pair<std::string, int>{"climate", 1}));
  // Jazz came up in both of the last hour's conversations, and in 3 of 5 in all.
  ASSERT_EQ(r.rising.size(), 1u);
  EXPECT_EQ(r.rising[0], (std::pair<std::string, int>{"jazz", 2}));
}

// "X and Y met over Z" names only people who both agreed; the newest first.
TEST_F(RoomTest, OnlyPeopleWhoBothAgreedAreNamedNewestFirst) {
  Met("K-1", "K-2", {"urban beekeeping", "jazz"}, 90);
  Met("K-3", "K-4", {"jazz", "climate"}, 20);  // K-4 did not agree
  Met("K-1", "K-5", {"urban beekeeping"}, 15);  // K-5 did not agree
  Met("K-1", "K-3", {"jazz"}, 10);
  const RoomStats r = Room();
  ASSERT_EQ(r.recent.size(), 2u);
  EXPECT_EQ(r.recent[0].a, "Maya");
  EXPECT_EQ(r.recent[0].b, "Chloé");
  EXPECT_EQ(r.recent[0].passion, "jazz");
  EXPECT_EQ(r.recent[1].a, "Maya");
  EXPECT_EQ(r.recent[1].b, "José");
  EXPECT_EQ(r.recent[1].passion, "urban beekeeping");
  for (const RoomMeeting& m : r.recent)
    for (const std::string& name : {m.a, m.b}) EXPECT_TRUE(name != "Ana" && name.find("Secret") == std::string::npos);
}

TEST_F(RoomTest, OnlyTheNewestFiveMeetingsOfALongEvening) {
  for (int i = 0; i < 40; ++i) Met(i % 2 ? "K-1" : "K-2", "K-3", {"jazz"}, 200 - i);
  const RoomStats r = Room();
  EXPECT_EQ(r.conversations, 40);
  ASSERT_EQ(r.recent.size(), 5u);
  EXPECT_EQ(r.recent[0].met_at, FormatUtc(now_ - 161 * 60));
}

}  // namespace
}  // namespace kindred
