// Several kiosks, one event, through a real PostgreSQL hub the test starts
// itself (initdb + pg_ctl in a temporary folder, Unix socket only, as
// "nobody" when run as root). After each fault, every kiosk and the hub must
// hold identical rows, nothing acknowledged lost, nothing duplicated.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <set>
#include <thread>

#include "storage/event_db.h"
#include "sync/hub.h"
#include "sync/hub_sync.h"
#include "tests/pg_server.h"
#include "tests/test_util.h"

namespace kindred::test {
namespace {

using namespace std::chrono_literals;

Attendee Person(int i) {
  Attendee a;
  const std::string n = std::to_string(i);
  a.badge_id = std::string("P").append(std::to_string(100 + i));
  a.name = std::string(i % 3 ? "Person " : "Jöhanna Ünal ").append(n);
  a.email = std::string("p").append(n).append("@example.org");
  a.passions = {i % 2 ? "urban beekeeping" : "jazz", "climbing"};
  a.consent = i % 4 != 0;
  return a;
}

class HubTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!PgServer::Available()) GTEST_SKIP() << "PostgreSQL 15 (postgresql) is not installed";
    dir_ = MakeTempDir();
    std::string err;
    ASSERT_TRUE(pg_.Start(&err)) << err;
    auto admin = Hub::Connect(pg_.AdminUrl(), false, &err);
    ASSERT_TRUE(admin) << err;
    ASSERT_TRUE(admin->Init("kiosk-secret", &err)) << err;
  }
  void TearDown() override {
    syncs_.clear();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  std::string KioskDb(int k) const { return dir_ + "/kiosk" + std::to_string(k) + ".db"; }
  // Opens kiosk k's database (a connection of its own, as the kiosk's UI has).
  std::unique_ptr<EventDb> Open(int k) {
    std::string err;
    auto db = EventDb::Open(KioskDb(k), &err);
    EXPECT_TRUE(db) << err;
    return db;
  }
  HubSync* StartSync(int k, int64_t skew_ms = 0) {
    syncs_.push_back(std::make_unique<HubSync>(KioskDb(k), pg_.KioskUrl(), "kiosk-" + std::to_string(k)));
    syncs_.back()->set_clock_skew_ms(skew_ms);
    std::string err;
    EXPECT_TRUE(syncs_.back()->Start(&err)) << err;
    return syncs_.back().get();
  }
  void ImportRoster(int k, int people) {
    std::vector<Attendee> roster;
    for (int i = 0; i < people; ++i) roster.push_back(Person(i));
    EventDb::UpsertCounts counts;
    std::string err;
    ASSERT_TRUE(Open(k)->UpsertAttendees(roster, &counts, &err)) << err;
  }
  // Every synced table, as rows, at kiosk k (0: the hub).
  std::vector<std::vector<EventDb::SyncRow>> Snapshot(int k) {
    std::vector<std::vector<EventDb::SyncRow>> tables;
    std::string err;
    std::unique_ptr<Hub> hub = k == 0 ? Hub::Connect(pg_.AdminUrl(), true, &err) : nullptr;
    std::unique_ptr<EventDb> db = k == 0 ? nullptr : Open(k);
    for (const SyncTable& t : SyncTables()) {
      std::vector<EventDb::SyncRow> rows;
      const bool ok = hub ? hub->ReadAll(t.name, &rows, &err) : db->ReadAllSyncRows(t.name, &rows, &err);
      EXPECT_TRUE(ok) << err;
      tables.push_back(std::move(rows));
    }
    return tables;
  }
  // Waits until kiosks 1..n and the hub hold identical rows; true when they do.
  bool Converged(int n, std::chrono::seconds timeout = 60s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto hub = Snapshot(0);
      bool same = true;
      for (int k = 1; k <= n && same; ++k) same = Snapshot(k) == hub;
      if (same) return true;
      std::this_thread::sleep_for(200ms);
    }
    const auto hub = Snapshot(0);
    for (int k = 1; k <= n; ++k) {
      const auto mine = Snapshot(k);
      for (size_t t = 0; t < hub.size(); ++t)
        ADD_FAILURE() << "kiosk " << k << " " << SyncTables()[t].name << ": " << mine[t].size() << " rows, hub "
                      << hub[t].size() << (mine[t] == hub[t] ? " (same)" : " (different)");
    }
    return false;
  }
  // Kiosk k saves `count` encounters between random people; returns their IDs.
  std::set<std::string> Meet(int k, int count, int people, unsigned seed) {
    auto db = Open(k);
    std::mt19937 rng(seed);
    std::set<std::string> ids;
    std::string err;
    for (int i = 0; i < count; ++i) {
      Encounter e;
      const int a = static_cast<int>(rng() % people), b = (a + 1 + static_cast<int>(rng() % (people - 1))) % people;
      e.a_id = Person(a).badge_id, e.b_id = Person(b).badge_id;
      e.kiosk_id = "kiosk-" + std::to_string(k);
      e.note = "note " + std::to_string(i) + " from kiosk " + std::to_string(k);
      e.shared = {"jazz"};
      EXPECT_TRUE(db->SaveEncounter(&e, 0, &err)) << err;
      ids.insert(e.id);
      if (i % 5 == 0) db->MarkSeen(e.a_id, e.kiosk_id, &err);  // presence never waits: may be skipped when busy
      if (i % 7 == 0) {
        EXPECT_TRUE(db->RecordSuggestionsShown(e.a_id, e.kiosk_id, {{e.b_id, "jazz"}}, &err)) << err;
      }
    }
    return ids;
  }
  int64_t Encounters(int k) {
    int64_t n = 0;
    std::string err;
    EXPECT_TRUE(Open(k)->CountEncounters(&n, &err)) << err;
    return n;
  }

  PgServer pg_;
  std::string dir_;
  std::vector<std::unique_ptr<HubSync>> syncs_;
};

TEST_F(HubTest, ThreeKiosksWritingAtOnceConverge) {
  ImportRoster(1, 30);
  for (int k = 1; k <= 3; ++k) StartSync(k);
  ASSERT_TRUE(Converged(3)) << "the roster imported at kiosk 1 reaches kiosks 2 and 3";
  std::set<std::string> saved[4];
  std::vector<std::thread> writers;
  for (int k = 1; k <= 3; ++k)
    writers.emplace_back([&, k] { saved[k] = Meet(k, 60, 30, 100 + k); });
  for (std::thread& w : writers) w.join();
  ASSERT_TRUE(Converged(3));
  // (A pair that meets twice within a second at one kiosk is one encounter.)
  std::set<std::string> all;
  for (int k = 1; k <= 3; ++k) all.insert(saved[k].begin(), saved[k].end());
  EXPECT_GT(all.size(), 150u);
  for (int k = 1; k <= 3; ++k)
    EXPECT_EQ(Encounters(k), static_cast<int64_t>(all.size())) << "kiosk " << k << ": nothing lost or duplicated";
  // Acting on it: a pair who met at kiosk 1 is known to have met at kiosk 3.
  std::string err;
  const std::string one = *saved[1].begin();
  auto db3 = Open(3);
  std::vector<Encounter> met;
  ASSERT_TRUE(db3->LoadEncounters(&met, &err));
  auto it = std::find_if(met.begin(), met.end(), [&](const Encounter& e) { return e.id == one; });
  ASSERT_NE(it, met.end());
  EXPECT_EQ(db3->HaveMet(it->a_id, it->b_id, &err), Lookup::kFound);
  EXPECT_EQ(syncs_[2]->state().waiting, 0);
}

TEST_F(HubTest, AHubStoppedMidwayIsCaughtUpWhenItReturns) {
  ImportRoster(1, 20);
  StartSync(1);
  StartSync(2);
  ASSERT_TRUE(Converged(2));
  std::set<std::string> all = Meet(1, 10, 20, 1);
  pg_.Stop(true);  // as a crash or a pulled cable would
  // The kiosks keep working alone: every save is still durable locally.
  for (const auto& ids : {Meet(1, 20, 20, 2), Meet(2, 20, 20, 3)}) all.insert(ids.begin(), ids.end());
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (syncs_[0]->state().online && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(100ms);
  EXPECT_FALSE(syncs_[0]->state().online);
  EXPECT_FALSE(syncs_[0]->state().problem.empty());
  EXPECT_GT(syncs_[0]->state().waiting, 0);
  std::string err;
  ASSERT_TRUE(pg_.Start(&err)) << err;
  ASSERT_TRUE(Converged(2));
  EXPECT_EQ(Encounters(1), static_cast<int64_t>(all.size()));
  EXPECT_EQ(Encounters(2), static_cast<int64_t>(all.size()));
}

TEST_F(HubTest, AKioskKilledMidSyncResumesWithoutLossOrDuplicates) {
  ImportRoster(1, 20);
  StartSync(1);
  ASSERT_TRUE(Converged(1));
  // Kiosk 2 syncs in its own process (kindred sync), killed with SIGKILL mid-way.
  {
    auto db2 = Open(2);  // creates it
  }
  Background sync2;
  const std::vector<std::string> argv = {Bin("kindred"), "sync", "--db", KioskDb(2), "--hub", pg_.KioskUrl(),
                                         "--kiosk-id", "kiosk-2"};
  ASSERT_TRUE(sync2.Start(argv, dir_ + "/sync2.log"));
  std::set<std::string> all;
  std::thread writer([&] { all = Meet(1, 40, 20, 7); });
  std::this_thread::sleep_for(700ms);
  sync2.Signal(SIGKILL);
  writer.join();
  const std::set<std::string> more = Meet(2, 15, 20, 8);  // written while its sync is dead
  all.insert(more.begin(), more.end());
  ASSERT_TRUE(sync2.Start(argv, dir_ + "/sync2.log"));
  ASSERT_TRUE(Converged(2)) << ReadFile(dir_ + "/sync2.log");
  EXPECT_EQ(Encounters(1), static_cast<int64_t>(all.size()));
  EXPECT_EQ(Encounters(2), static_cast<int64_t>(all.size()));
  sync2.Stop();
}

TEST_F(HubTest, AKioskWhoseClockIsTenMinutesBehindCannotUndoANewerChange) {
  ImportRoster(1, 10);
  StartSync(1);
  StartSync(2, -600'000);
  ASSERT_TRUE(Converged(2));
  std::string err;
  auto one = Open(1);
  ASSERT_TRUE(one->SetPassions("P100", {"sailing"}, &err)) << err;
  ASSERT_TRUE(Converged(2));
  // Kiosk 2, ten minutes behind, changes it afterwards: its change is the newer one.
  auto two = Open(2);
  two->set_clock_skew_ms(-600'000);
  ASSERT_TRUE(two->SetPassions("P100", {"knitting"}, &err)) << err;
  ASSERT_TRUE(Converged(2));
  Attendee p;
  ASSERT_EQ(one->FindAttendee("P100", &p, &err), Lookup::kFound);
  EXPECT_EQ(p.passions, std::vector<std::string>{"knitting"}) << "the later change wins everywhere";
  // And kiosk 1 changing it again wins over kiosk 2's stamp.
  ASSERT_TRUE(one->SetPassions("P100", {"sailing", "chess"}, &err)) << err;
  ASSERT_TRUE(Converged(2));
  ASSERT_EQ(two->FindAttendee("P100", &p, &err), Lookup::kFound);
  EXPECT_EQ(p.passions, (std::vector<std::string>{"sailing", "chess"}));
}

TEST_F(HubTest, APoisonedChangeIsSetAsideAndNeverBlocksTheQueue) {
  ImportRoster(1, 10);
  StartSync(1);
  StartSync(2);
  ASSERT_TRUE(Converged(2));
  syncs_.clear();  // stopped: the poison goes in while nobody syncs
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(KioskDb(1).c_str(), &raw), SQLITE_OK);
    const std::string big(5000, 'x');
    const std::string sql =
        "INSERT INTO encounter(id, a_id, b_id, met_at, updated_at, note) VALUES "
        "('bad-utf8', 'P100', 'P101', '2026-11-22T18:00:00Z', '2026-11-22T18:00:00.000Z', 'caf\xC3'), "
        "('too-long', 'P100', 'P102', '2026-11-22T18:00:00Z', '2026-11-22T18:00:00.000Z', '" + big + "')";
    ASSERT_EQ(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(raw);
    sqlite3_close(raw);
  }
  Meet(1, 5, 10, 3);
  HubSync* one = StartSync(1);
  StartSync(2);
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (Encounters(2) + 2 < Encounters(1) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(100ms);
  EXPECT_EQ(Encounters(2) + 2, Encounters(1)) << "the good changes went through";
  while (one->state().set_aside < 2 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(100ms);
  EXPECT_EQ(one->state().set_aside, 2);
  EXPECT_EQ(one->state().waiting, 0);
  EXPECT_EQ(Encounters(1), Encounters(2) + 2) << "set aside, not lost: still in the kiosk's own database";
}

TEST_F(HubTest, OrganisersSeeAndExportTheWholeEventFromTheHub) {
  WriteFile(dir_ + "/late.csv",
            "badge_id,name,email,consent\nL1,Late Comer,late@example.org,yes\nL2,Also Late,also@example.org,yes\n");
  ImportRoster(1, 10);
  StartSync(1);
  ASSERT_TRUE(Converged(1));
  Meet(1, 4, 10, 9);
  // A late registration, imported at the organiser's laptop, reaches the kiosk.
  RunResult r = RunCommand({Bin("kindred"), "import", dir_ + "/late.csv", "--hub", pg_.KioskUrl()},
                           {"XDG_DATA_HOME=" + dir_ + "/data"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(Converged(1));
  Attendee late;
  std::string err;
  EXPECT_EQ(Open(1)->FindAttendee("L2", &late, &err), Lookup::kFound);
  r = RunCommand({Bin("kindred"), "export", "--hub", pg_.KioskUrl(), "--out", dir_ + "/out"},
                 {"XDG_DATA_HOME=" + dir_ + "/data"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Exported 4 encounters"), std::string::npos) << r.out;
  r = RunCommand({Bin("kindred"), "status", "--hub", pg_.KioskUrl()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Hub: 12 attendees, 4 encounters"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("kiosk-1"), std::string::npos) << r.out;
  // Faults are one line and exit 1.
  r = RunCommand({Bin("kindred"), "status", "--hub", "postgresql://kindred_kiosk:pw@127.0.0.1:1/kindred"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("not in the URL"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("pw@"), std::string::npos);
  r = RunCommand({Bin("kindred"), "status", "--hub", "postgresql://kindred_kiosk@127.0.0.1:1/kindred"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot reach the hub"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

}  // namespace
}  // namespace kindred::test
