#include "storage/event_db.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>
#include "tests/support/people.h"
#include "tests/support/test_support.h"

namespace kindred {
namespace {

// Someone who loves jazz and bees, with an e-mail address.
Attendee JazzFan(const std::string& id, const std::string& name, bool consent = true) {
  return test::Someone(id, name).Email(id + "@example.org").Passions({"jazz", "urban beekeeping"}).Consent(consent);
}

class EventDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::MakeTempDir();
    path_ = dir_ + "/event.db";
    std::string err;
    db_ = EventDb::Open(path_, &err);
    ASSERT_TRUE(db_) << err;
    EventDb::UpsertCounts counts;
    ASSERT_TRUE(db_->UpsertAttendees({JazzFan("A1", "Maya"), JazzFan("B2", "José", false), JazzFan("C3", "李雷")},
                                     &counts, &err))
        << err;
  }
  void TearDown() override {
    db_.reset();
    chmod(path_.c_str(), 0644);
    std::filesystem::remove_all(dir_);
  }

  std::string dir_, path_;
  std::unique_ptr<EventDb> db_;
};

TEST_F(EventDbTest, SuggestionsShownAreCountedAndTellWhoIsLookingForWhom) {
  std::string err;
  ASSERT_TRUE(db_->RecordSuggestionsShown("A1", "kiosk-2", {{"B2", "urban beekeeping"}, {"C3", ""}}, &err)) << err;
  ASSERT_TRUE(db_->RecordSuggestionsShown("C3", "kiosk-1", {{"B2", "jazz"}}, &err)) << err;
  std::vector<std::pair<std::string, int64_t>> counts;
  ASSERT_TRUE(db_->CountSuggestionsSince("2000-01-01T00:00:00Z", &counts, &err)) << err;
  std::sort(counts.begin(), counts.end());
  EXPECT_EQ(counts, (std::vector<std::pair<std::string, int64_t>>{{"B2", 2}, {"C3", 1}}));
  ASSERT_TRUE(db_->CountSuggestionsSince("2999-01-01T00:00:00Z", &counts, &err));
  EXPECT_TRUE(counts.empty()) << "only since the given time";

  EventDb::Seeker seeker;
  ASSERT_EQ(db_->FindSeeker("B2", "2000-01-01T00:00:00Z", &seeker, &err), Lookup::kFound) << err;
  EXPECT_EQ(seeker.id, "C3") << "the latest";
  EXPECT_EQ(seeker.shared, "jazz");
  EXPECT_EQ(seeker.last_seen_kiosk, "kiosk-1") << "where C3 was shown B2: C3 never scanned since";
  Encounter e;
  e.a_id = "B2", e.b_id = "C3";
  ASSERT_TRUE(db_->SaveEncounter(&e, 3600, &err)) << err;
  ASSERT_TRUE(db_->MarkSeen("A1", "kiosk-3", &err)) << err;
  ASSERT_EQ(db_->FindSeeker("B2", "2000-01-01T00:00:00Z", &seeker, &err), Lookup::kFound) << err;
  EXPECT_EQ(seeker.id, "A1") << "once met, no longer looking";
  EXPECT_EQ(seeker.name, "Maya");
  EXPECT_EQ(seeker.shared, "urban beekeeping");
  EXPECT_EQ(seeker.last_seen_kiosk, "kiosk-3") << "A1's own later scan wins";
  EXPECT_EQ(db_->FindSeeker("A1", "2000-01-01T00:00:00Z", &seeker, &err), Lookup::kNotFound);

  // Merged with the rest, and wiped with the rest.
  const std::string other = dir_ + "/other.db";
  {
    auto o = EventDb::Open(other, &err);
    ASSERT_TRUE(o) << err;
    EventDb::UpsertCounts uc;
    ASSERT_TRUE(o->UpsertAttendees({JazzFan("A1", "Maya"), JazzFan("B2", "José", false)}, &uc, &err)) << err;
    ASSERT_TRUE(o->RecordSuggestionsShown("B2", "kiosk-9", {{"A1", "tea"}}, &err)) << err;
  }
  EventDb::MergeCounts mc;
  ASSERT_TRUE(db_->MergeFrom(other, &mc, &err)) << err;
  ASSERT_TRUE(db_->MergeFrom(other, &mc, &err)) << err;
  ASSERT_TRUE(db_->CountSuggestionsSince("2000-01-01T00:00:00Z", &counts, &err));
  std::sort(counts.begin(), counts.end());
  EXPECT_EQ(counts, (std::vector<std::pair<std::string, int64_t>>{{"A1", 1}, {"B2", 2}, {"C3", 1}}))
      << "merging twice adds once";
  ASSERT_TRUE(db_->Wipe(&err)) << err;
  ASSERT_TRUE(db_->CountSuggestionsSince("2000-01-01T00:00:00Z", &counts, &err));
  EXPECT_TRUE(counts.empty());
}

TEST_F(EventDbTest, AttendeesRoundTripWithTheirLists) {
  Attendee a;
  std::string err;
  ASSERT_EQ(db_->FindAttendee("C3", &a, &err), Lookup::kFound);
  EXPECT_EQ(a.name, "李雷");
  EXPECT_EQ(a.passions, (std::vector<std::string>{"jazz", "urban beekeeping"}));
  EXPECT_EQ(db_->FindAttendee("ZZ", &a, &err), Lookup::kNotFound);
}

TEST_F(EventDbTest, CheckInSurvivesAReimportWithoutIt) {
  Attendee here = JazzFan("A1", "Maya");
  here.checked_in = true;
  EventDb::UpsertCounts counts;
  std::string err;
  ASSERT_TRUE(db_->UpsertAttendees({here}, &counts, &err));
  ASSERT_TRUE(db_->UpsertAttendees({JazzFan("A1", "Maya")}, &counts, &err));
  Attendee a;
  ASSERT_EQ(db_->FindAttendee("A1", &a, &err), Lookup::kFound);
  EXPECT_TRUE(a.checked_in) << "a later roster without check-ins does not undo one";
}

TEST_F(EventDbTest, ReimportUpdatesAndNeverDuplicates) {
  EventDb::UpsertCounts counts;
  std::string err;
  ASSERT_TRUE(db_->UpsertAttendees({JazzFan("A1", "Maya Okafor"), JazzFan("D4", "Dee")}, &counts, &err));
  EXPECT_EQ(counts.inserted, 1);
  EXPECT_EQ(counts.updated, 1);
  int64_t n = 0;
  ASSERT_TRUE(db_->CountAttendees(&n, &err));
  EXPECT_EQ(n, 4);
  Attendee a;
  ASSERT_EQ(db_->FindAttendee("A1", &a, &err), Lookup::kFound);
  EXPECT_EQ(a.name, "Maya Okafor");
}

TEST_F(EventDbTest, AnEncounterIsSavedWithAUuidAndBothConsents) {
  Encounter e;
  e.a_id = "B2";
  e.b_id = "A1";
  e.shared = {"jazz"};
  std::string err;
  ASSERT_TRUE(db_->SaveEncounter(&e, 3600, &err)) << err;
  EXPECT_EQ(e.id.size(), 36u);
  EXPECT_EQ(e.id[14], '4') << "UUID version 4";
  EXPECT_EQ(e.a_id, "A1") << "the pair is stored in order";
  EXPECT_TRUE(e.consent_a);
  EXPECT_FALSE(e.consent_b);
  std::vector<Encounter> all;
  ASSERT_TRUE(db_->LoadEncounters(&all, &err));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].id, e.id);
  EXPECT_EQ(all[0].shared, (std::vector<std::string>{"jazz"}));
  EXPECT_EQ(db_->HaveMet("B2", "A1", &err), Lookup::kFound);
  EXPECT_EQ(db_->HaveMet("A1", "C3", &err), Lookup::kNotFound);
}

TEST_F(EventDbTest, TheSamePairWithinTheWindowUpdatesInsteadOfDuplicating) {
  std::string err;
  Encounter first;
  first.a_id = "A1";
  first.b_id = "C3";
  first.met_at = "2026-11-22T18:00:00Z";
  first.intents = {"send-contact"};
  ASSERT_TRUE(db_->SaveEncounter(&first, 3600, &err)) << err;
  Encounter again;
  again.a_id = "C3";
  again.b_id = "A1";
  again.met_at = "2026-11-22T18:30:00Z";
  again.intents = {"introduce"};
  again.note = "talk about bees";
  ASSERT_TRUE(db_->SaveEncounter(&again, 3600, &err)) << err;
  EXPECT_EQ(again.id, first.id);
  Encounter later;
  later.a_id = "A1";
  later.b_id = "C3";
  later.met_at = "2026-11-22T21:00:00Z";
  ASSERT_TRUE(db_->SaveEncounter(&later, 3600, &err)) << err;
  EXPECT_NE(later.id, first.id) << "outside the window it is a new encounter";
  std::vector<Encounter> all;
  ASSERT_TRUE(db_->LoadEncounters(&all, &err));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].intents, (std::vector<std::string>{"send-contact", "introduce"}));
  EXPECT_EQ(all[0].note, "talk about bees");
  EXPECT_EQ(all[0].met_at, "2026-11-22T18:00:00Z");
}

TEST_F(EventDbTest, EitherOfThePairAndNobodyElseChangesTheirNoteAndFollowUps) {
  std::string err;
  Encounter e;
  e.a_id = "A1";
  e.b_id = "B2";
  e.kiosk_id = "kiosk-1";
  e.intents = {"send-contact"};
  e.note = "bees";
  ASSERT_TRUE(db_->SaveEncounter(&e, 3600, &err)) << err;
  std::vector<Encounter> all;
  ASSERT_TRUE(db_->LoadEncounters(&all, &err));
  const std::string saved_at = all.at(0).met_at;
  EXPECT_EQ(db_->SetFollowUp(e.id, "B2", {"meet-again", "introduce"}, "hive visit in May", &err), Lookup::kFound)
      << err;
  ASSERT_TRUE(db_->LoadEncounters(&all, &err));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].intents, (std::vector<std::string>{"meet-again", "introduce"}));
  EXPECT_EQ(all[0].note, "hive visit in May");
  EXPECT_EQ(all[0].kiosk_id, "kiosk-1") << "the encounter stays the kiosk's that recorded it";
  EXPECT_EQ(all[0].met_at, saved_at);
  // Someone else, or an encounter that is not there, changes nothing.
  EXPECT_EQ(db_->SetFollowUp(e.id, "C3", {}, "mine now", &err), Lookup::kNotFound);
  EXPECT_EQ(db_->SetFollowUp("no-such-encounter", "A1", {}, "", &err), Lookup::kNotFound);
  ASSERT_TRUE(db_->LoadEncounters(&all, &err));
  EXPECT_EQ(all[0].note, "hive visit in May");
  // Emptied by either of them: nothing to do, nothing noted.
  EXPECT_EQ(db_->SetFollowUp(e.id, "A1", {}, "", &err), Lookup::kFound);
  ASSERT_TRUE(db_->LoadEncounters(&all, &err));
  EXPECT_TRUE(all[0].intents.empty());
  EXPECT_EQ(all[0].note, "");
}

TEST_F(EventDbTest, UnknownOrIdenticalBadgesAreRefused) {
  std::string err;
  Encounter e;
  e.a_id = "A1";
  e.b_id = "NOPE";
  EXPECT_FALSE(db_->SaveEncounter(&e, 3600, &err));
  EXPECT_NE(err.find("NOPE is not in the roster"), std::string::npos) << err;
  e.b_id = "A1";
  EXPECT_FALSE(db_->SaveEncounter(&e, 3600, &err));
  EXPECT_NE(err.find("same badge"), std::string::npos) << err;
  int64_t n = -1;
  ASSERT_TRUE(db_->CountEncounters(&n, &err));
  EXPECT_EQ(n, 0);
}

TEST_F(EventDbTest, ReopeningKeepsEverything) {
  std::string err;
  Encounter e;
  e.a_id = "A1";
  e.b_id = "B2";
  ASSERT_TRUE(db_->SaveEncounter(&e, 3600, &err));
  db_.reset();
  db_ = EventDb::Open(path_, &err);
  ASSERT_TRUE(db_) << err;
  int64_t n = 0;
  ASSERT_TRUE(db_->CountEncounters(&n, &err));
  EXPECT_EQ(n, 1);
}

TEST_F(EventDbTest, AReadOnlyDatabaseGivesAClearErrorAndLosesNothing) {
  if (geteuid() == 0) GTEST_SKIP() << "root ignores file permissions";
  std::string err;
  Encounter e;
  e.a_id = "A1";
  e.b_id = "B2";
  ASSERT_TRUE(db_->SaveEncounter(&e, 3600, &err));
  db_.reset();
  ASSERT_EQ(chmod(path_.c_str(), 0444), 0);
  db_ = EventDb::Open(path_, &err);
  if (db_) {
    Encounter f;
    f.a_id = "A1";
    f.b_id = "C3";
    EXPECT_FALSE(db_->SaveEncounter(&f, 3600, &err));
    EXPECT_FALSE(err.empty());
  } else {
    EXPECT_FALSE(err.empty());
  }
}

TEST_F(EventDbTest, AnInjectedWriteFailureAcknowledgesNothing) {
  // Another connection holds the write lock: the save must fail, not pretend.
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "PRAGMA busy_timeout=0; BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  std::string err;
  Encounter e;
  e.a_id = "A1";
  e.b_id = "B2";
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(db_->SaveEncounter(&e, 3600, &err));
  EXPECT_NE(err.find("not saved"), std::string::npos) << err;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  ASSERT_TRUE(db_->SaveEncounter(&e, 3600, &err)) << err;
}

TEST_F(EventDbTest, MergingAnotherKioskTwiceChangesNothingTheSecondTime) {
  std::string err;
  auto other = EventDb::Open(dir_ + "/kiosk2.db", &err);
  ASSERT_TRUE(other) << err;
  EventDb::UpsertCounts uc;
  Attendee newcomer = JazzFan("D4", "Dee");
  Attendee maya_edited = JazzFan("A1", "Maya Okafor");
  maya_edited.checked_in = true;
  std::this_thread::sleep_for(std::chrono::milliseconds(5));  // edited after the main kiosk's import
  ASSERT_TRUE(other->UpsertAttendees({JazzFan("B2", "José", false), newcomer, maya_edited}, &uc, &err)) << err;
  Encounter e;
  e.a_id = "A1", e.b_id = "D4";
  ASSERT_TRUE(other->SaveEncounter(&e, 3600, &err)) << err;
  other.reset();
  EventDb::MergeCounts c;
  ASSERT_TRUE(db_->MergeFrom(dir_ + "/kiosk2.db", &c, &err)) << err;
  EXPECT_EQ(c.attendees_added, 1);
  EXPECT_EQ(c.encounters_added, 1);
  Attendee a;
  ASSERT_EQ(db_->FindAttendee("A1", &a, &err), Lookup::kFound);
  EXPECT_EQ(a.name, "Maya Okafor") << "the copy changed last wins";
  EXPECT_TRUE(a.checked_in);
  ASSERT_TRUE(db_->MergeFrom(dir_ + "/kiosk2.db", &c, &err)) << err;
  EXPECT_EQ(c.attendees_added + c.attendees_updated + c.encounters_added + c.encounters_updated, 0);
  int64_t n = 0;
  ASSERT_TRUE(db_->CountEncounters(&n, &err));
  EXPECT_EQ(n, 1);
}

TEST_F(EventDbTest, AnOlderCopyDoesNotOverwriteANewerEdit) {
  std::string err;
  ASSERT_TRUE(std::filesystem::copy_file(path_, dir_ + "/old.db"));
  std::filesystem::copy_file(path_ + "-wal", dir_ + "/old.db-wal", std::filesystem::copy_options::skip_existing);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_TRUE(db_->SetPassions("A1", {"chess"}, &err)) << err;
  EventDb::MergeCounts c;
  ASSERT_TRUE(db_->MergeFrom(dir_ + "/old.db", &c, &err)) << err;
  Attendee a;
  ASSERT_EQ(db_->FindAttendee("A1", &a, &err), Lookup::kFound);
  EXPECT_EQ(a.passions, (std::vector<std::string>{"chess"}));
}

TEST_F(EventDbTest, MergingSomethingThatIsNotADatabaseMergesNothing) {
  std::string err;
  std::ofstream(dir_ + "/junk.db") << "junk";
  EventDb::MergeCounts c;
  EXPECT_FALSE(db_->MergeFrom(dir_ + "/junk.db", &c, &err));
  EXPECT_NE(err.find("junk.db"), std::string::npos) << err;
  EXPECT_FALSE(db_->MergeFrom(dir_ + "/missing.db", &c, &err));
  int64_t n = 0;
  ASSERT_TRUE(db_->CountAttendees(&n, &err));
  EXPECT_EQ(n, 3);
}

TEST_F(EventDbTest, ABackupIsACompleteIndependentCopy) {
  std::string err;
  Encounter e;
  e.a_id = "A1", e.b_id = "B2";
  ASSERT_TRUE(db_->SaveEncounter(&e, 3600, &err));
  ASSERT_TRUE(db_->BackupTo(dir_ + "/backup.db", &err)) << err;
  auto copy = EventDb::Open(dir_ + "/backup.db", &err);
  ASSERT_TRUE(copy) << err;
  int64_t n = 0;
  ASSERT_TRUE(copy->CountEncounters(&n, &err));
  EXPECT_EQ(n, 1);
  EXPECT_FALSE(db_->BackupTo("/nonexistent-dir/b.db", &err));
}

TEST_F(EventDbTest, WipeLeavesNoPersonalDataInTheFile) {
  std::string err;
  Encounter e;
  e.a_id = "A1", e.b_id = "C3";
  e.note = "a very particular note";
  ASSERT_TRUE(db_->SaveEncounter(&e, 3600, &err));
  ASSERT_TRUE(db_->Wipe(&err)) << err;
  int64_t n = -1;
  ASSERT_TRUE(db_->CountAttendees(&n, &err));
  EXPECT_EQ(n, 0);
  db_.reset();
  for (const std::string& file : {path_, path_ + "-wal"}) {
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes.find("a very particular note"), std::string::npos) << file;
    EXPECT_EQ(bytes.find("A1@example.org"), std::string::npos) << file;
  }
}

TEST(EventDbOpenTest, RefusesANewerSchemaAndLeavesItUntouched) {
  const test::TempDir tmp;
  std::string dir = tmp.path(), path = dir + "/new.db", err;
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  const std::string sql = "PRAGMA application_id=1263095364; PRAGMA user_version=" +
                          std::to_string(kSchemaVersion + 1) + "; CREATE TABLE future(x)";
  sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr);
  sqlite3_close(raw);
  auto size_before = std::filesystem::file_size(path);
  EXPECT_FALSE(EventDb::Open(path, &err));
  EXPECT_NE(err.find("newer Kindred"), std::string::npos) << err;
  EXPECT_EQ(std::filesystem::file_size(path), size_before);
  EXPECT_FALSE(std::filesystem::exists(path + "-wal"));
  std::filesystem::remove_all(dir);
}

TEST(EventDbOpenTest, MigratesADatabaseFromTheFirstVersion) {
  const test::TempDir tmp;
  std::string dir = tmp.path(), path = dir + "/v1.db", err;
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  // Schema version 1 exactly as Kindred 0.1 wrote it, with one attendee.
  ASSERT_EQ(sqlite3_exec(raw,
                         "CREATE TABLE attendee(badge_id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, "
                         "email TEXT NOT NULL DEFAULT '', company TEXT NOT NULL DEFAULT '', title TEXT NOT NULL "
                         "DEFAULT '', field TEXT NOT NULL DEFAULT '', stage TEXT NOT NULL DEFAULT '', passions "
                         "TEXT NOT NULL DEFAULT '', offers TEXT NOT NULL DEFAULT '', seeking TEXT NOT NULL DEFAULT "
                         "'', consent INTEGER NOT NULL DEFAULT 0, opt_out INTEGER NOT NULL DEFAULT 0, updated_at "
                         "TEXT NOT NULL);"
                         "CREATE TABLE encounter(id TEXT PRIMARY KEY NOT NULL, a_id TEXT NOT NULL, b_id TEXT NOT "
                         "NULL, met_at TEXT NOT NULL, updated_at TEXT NOT NULL, kiosk_id TEXT NOT NULL DEFAULT '', "
                         "shared TEXT NOT NULL DEFAULT '', starter TEXT NOT NULL DEFAULT '', intents TEXT NOT NULL "
                         "DEFAULT '', note TEXT NOT NULL DEFAULT '', consent_a INTEGER NOT NULL DEFAULT 0, "
                         "consent_b INTEGER NOT NULL DEFAULT 0, CHECK (a_id < b_id));"
                         "INSERT INTO attendee(badge_id, name, passions, updated_at) VALUES('A1', 'Maya', 'jazz', "
                         "'2026-01-01T00:00:00Z');"
                         "PRAGMA application_id=1263095364; PRAGMA user_version=1;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  auto db = EventDb::Open(path, &err);
  ASSERT_TRUE(db) << err;
  Attendee a;
  ASSERT_EQ(db->FindAttendee("A1", &a, &err), Lookup::kFound) << err;
  EXPECT_EQ(a.passions, (std::vector<std::string>{"jazz"}));
  EXPECT_FALSE(a.checked_in);
  EXPECT_TRUE(a.last_seen_at.empty());
  ASSERT_TRUE(db->MarkSeen("A1", "kiosk-2", &err)) << err;
  ASSERT_EQ(db->FindAttendee("A1", &a, &err), Lookup::kFound);
  EXPECT_FALSE(a.last_seen_at.empty());
  db.reset();
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(raw, "PRAGMA user_version", -1, &st, nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), kSchemaVersion);
  sqlite3_finalize(st);
  sqlite3_close(raw);
  std::filesystem::remove_all(dir);
}

TEST(EventDbOpenTest, RefusesAnotherProgramsDatabase) {
  const test::TempDir tmp;
  std::string dir = tmp.path(), path = dir + "/other.db", err;
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  sqlite3_exec(raw, "CREATE TABLE accounts(x)", nullptr, nullptr, nullptr);
  sqlite3_close(raw);
  EXPECT_FALSE(EventDb::Open(path, &err));
  EXPECT_NE(err.find("another program"), std::string::npos) << err;
  std::filesystem::remove_all(dir);
}

TEST(EventDbOpenTest, AnUnopenablePathIsAnError) {
  std::string err;
  EXPECT_FALSE(EventDb::Open("/nonexistent-dir/x/event.db", &err));
  EXPECT_NE(err.find("/nonexistent-dir/x/event.db"), std::string::npos) << err;
}

}  // namespace
}  // namespace kindred
