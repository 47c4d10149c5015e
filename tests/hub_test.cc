// Several kiosks, one event, through a real PostgreSQL hub the test starts
// itself (initdb + pg_ctl in a temporary folder, as "nobody" when run as
// root), reached as the kiosks reach it: over TLS on 127.0.0.1 with the
// hub's certificate verified, each kiosk signing in as its own role under
// the hub's row rules. After each fault, every kiosk and the hub must hold
// identical rows, nothing acknowledged lost, nothing duplicated.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "storage/event_db.h"
#include "sync/hub.h"
#include "sync/hub_bundle.h"
#include "sync/hub_sync.h"
#include "tests/pg_server.h"
#include "tests/support/test_support.h"
#include "tests/support/people.h"

namespace kindred::test {
namespace {

using namespace std::chrono_literals;

// Person i of the hub's roster: P100 + i, some names with accents, a quarter
// without consent.
Attendee Person(int i) {
  const std::string n = std::to_string(i);
  return Someone(std::string("P").append(std::to_string(100 + i)), std::string(i % 3 ? "Person " : "Jöhanna Ünal ").append(n))
      .Email(std::string("p").append(n).append("@example.org"))
      .Passions({i % 2 ? "urban beekeeping" : "jazz", "climbing"})
      .Consent(i % 4 != 0);
}

std::string KioskName(int k) { return "kiosk-" + std::to_string(k); }

// The line of `kindred status` output that starts with kiosk `name`.
std::string StatusLine(const std::string& out, const std::string& name) {
  size_t at = out.find("\n" + name + " ");
  if (at == std::string::npos) return "";
  return out.substr(at + 1, out.find('\n', at + 1) - at - 1);
}

// Word `i` (from 0) of `line`, split on spaces.
std::string Word(const std::string& line, int i) {
  std::istringstream in(line);
  std::string w;
  for (int n = 0; n <= i && (in >> w); ++n) {
  }
  return w;
}

class HubTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!PgServer::Available()) GTEST_SKIP() << "PostgreSQL 15 (postgresql) or openssl is not installed";
    dir_ = MakeTempDir();
    pg_.set_tls(true);
    std::string err;
    ASSERT_TRUE(pg_.Start(&err)) << err;
    auto admin = Admin();
    ASSERT_TRUE(admin);
    HubSetup setup{pg_.Address(), ReadFile(pg_.RootCert())};
    ASSERT_TRUE(admin->Init(setup, &err)) << err;
    organiser_url_ = AddMember(MemberKind::kOrganiser, "org");
  }
  void TearDown() override {
    syncs_.clear();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  std::unique_ptr<Hub> Admin() {
    std::string err;
    auto admin = Hub::Connect(pg_.AdminUrl(), {.check_schema = false}, &err);
    EXPECT_TRUE(admin) << err;
    return admin;
  }
  // What add-kiosk and join do: a role with a new password, installed in
  // the kiosk's own folder. Returns the URL it uses.
  std::string AddMember(MemberKind kind, const std::string& name) {
    std::string password, err, url;
    auto admin = Admin();
    EXPECT_TRUE(admin->AddMember(kind, name, &password, &err)) << err;
    const std::string role = (kind == MemberKind::kKiosk ? kKioskRolePrefix : kOrganiserRolePrefix) + name;
    EXPECT_TRUE(InstallHubBundle({name, role, pg_.Address(), password, ReadFile(pg_.RootCert())},
                                 dir_ + "/etc-" + name, "", &url, &err))
        << err;
    return url;
  }
  std::string KioskUrl(int k) {
    if (!kiosk_urls_.count(k)) kiosk_urls_[k] = AddMember(MemberKind::kKiosk, KioskName(k));
    return kiosk_urls_[k];
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
    syncs_.push_back(std::make_unique<HubSync>(KioskDb(k), KioskUrl(k), KioskName(k)));
    syncs_.back()->set_clock_skew_ms(skew_ms);
    std::string err;
    EXPECT_TRUE(syncs_.back()->Start(&err)) << err;
    return syncs_.back().get();
  }
  // The roster, as the organiser imports it with kindred import --hub.
  void ImportRoster(int people) {
    std::vector<Attendee> roster;
    for (int i = 0; i < people; ++i) roster.push_back(Person(i));
    EventDb::UpsertCounts counts;
    std::string err;
    auto db = EventDb::Open(dir_ + "/organiser.db", &err);
    ASSERT_TRUE(db) << err;
    ASSERT_TRUE(db->UpsertAttendees(roster, &counts, &err)) << err;
    ASSERT_TRUE(db->EnableHubOutbox(organiser_url_, &err)) << err;
    auto hub = Hub::Connect(organiser_url_, {}, &err);
    ASSERT_TRUE(hub) << err;
    ASSERT_TRUE(hub->Exchange(*db, nullptr, nullptr, &err)) << err;
  }
  // Every synced table, as rows, at kiosk k (0: the hub).
  std::vector<std::vector<EventDb::SyncRow>> Snapshot(int k) {
    std::vector<std::vector<EventDb::SyncRow>> tables;
    std::string err;
    std::unique_ptr<Hub> hub = k == 0 ? Hub::Connect(pg_.AdminUrl(), {}, &err) : nullptr;
    std::unique_ptr<EventDb> db = k == 0 ? nullptr : Open(k);
    for (const SyncTable& t : SyncTables()) {
      std::vector<EventDb::SyncRow> rows;
      const bool ok = hub ? hub->ReadAll(t.name, &rows, &err) : db->ReadAllSyncRows(t.name, &rows, &err);
      EXPECT_TRUE(ok) << err;
      tables.push_back(std::move(rows));
    }
    return tables;
  }
  // Waits until the given kiosks and the hub hold identical rows; true when they do.
  bool ConvergedAt(const std::vector<int>& kiosks, std::chrono::seconds timeout = 60s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto hub = Snapshot(0);
      bool same = true;
      for (size_t i = 0; i < kiosks.size() && same; ++i) same = Snapshot(kiosks[i]) == hub;
      if (same) return true;
      std::this_thread::sleep_for(200ms);
    }
    const auto hub = Snapshot(0);
    for (int k : kiosks) {
      const auto mine = Snapshot(k);
      for (size_t t = 0; t < hub.size(); ++t)
        ADD_FAILURE() << "kiosk " << k << " " << SyncTables()[t].name << ": " << mine[t].size() << " rows, hub "
                      << hub[t].size() << (mine[t] == hub[t] ? " (same)" : " (different)");
    }
    return false;
  }
  bool Converged(int n, std::chrono::seconds timeout = 60s) {
    std::vector<int> kiosks;
    for (int k = 1; k <= n; ++k) kiosks.push_back(k);
    return ConvergedAt(kiosks, timeout);
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
      e.kiosk_id = KioskName(k);
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
  // psql as someone holding `url` would use it, outside Kindred's code.
  RunResult Psql(const std::string& url, const std::string& sql) {
    return RunCommand({"/usr/bin/psql", url, "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", sql});
  }
  // One value from the hub, read by the admin.
  std::string HubValue(const std::string& sql) {
    RunResult r = Psql(pg_.AdminUrl(), sql);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    while (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
    return r.out;
  }

  PgServer pg_;
  std::string dir_, organiser_url_;
  std::map<int, std::string> kiosk_urls_;
  std::vector<std::unique_ptr<HubSync>> syncs_;
};

TEST_F(HubTest, ThreeKiosksWritingAtOnceConverge) {
  ImportRoster(30);
  for (int k = 1; k <= 3; ++k) StartSync(k);
  ASSERT_TRUE(Converged(3)) << "the roster the organiser imported reaches every kiosk";
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
  ImportRoster(20);
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
  ImportRoster(20);
  StartSync(1);
  ASSERT_TRUE(Converged(1));
  // Kiosk 2 syncs in its own process (kindred sync), killed with SIGKILL mid-way.
  {
    auto db2 = Open(2);  // creates it
  }
  Background sync2;
  const std::vector<std::string> argv = {Bin("kindred"), "sync", "--db", KioskDb(2), "--hub", KioskUrl(2)};
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
  ImportRoster(10);
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
  ImportRoster(10);
  StartSync(1);
  StartSync(2);
  ASSERT_TRUE(Converged(2));
  syncs_.clear();  // stopped: the poison goes in while nobody syncs
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(KioskDb(1).c_str(), &raw), SQLITE_OK);
    const std::string big(5000, 'x');
    const std::string sql =
        "INSERT INTO encounter(id, a_id, b_id, met_at, updated_at, kiosk_id, note) VALUES "
        "('bad-utf8', 'P100', 'P101', '2026-11-22T18:00:00Z', '2026-11-22T18:00:00.000Z', 'kiosk-1', 'caf\xC3'), "
        "('too-long', 'P100', 'P102', '2026-11-22T18:00:00Z', '2026-11-22T18:00:00.000Z', 'kiosk-1', '" + big +
        "')";
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
  ImportRoster(10);
  StartSync(1);
  ASSERT_TRUE(Converged(1));
  Meet(1, 4, 10, 9);
  const std::vector<std::string> env = {"XDG_DATA_HOME=" + dir_ + "/data"};
  // The roster is the organisers': a kiosk's sign-in may not import it.
  RunResult r = RunCommand({Bin("kindred"), "import", dir_ + "/late.csv", "--hub", KioskUrl(1)}, env);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("organiser"), std::string::npos) << r.err;
  // A late registration, imported at the organiser's laptop, reaches the kiosk.
  r = RunCommand({Bin("kindred"), "import", dir_ + "/late.csv", "--hub", organiser_url_}, env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(Converged(1));
  Attendee late;
  std::string err;
  EXPECT_EQ(Open(1)->FindAttendee("L2", &late, &err), Lookup::kFound);
  r = RunCommand({Bin("kindred"), "export", "--hub", organiser_url_, "--out", dir_ + "/out"}, env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Exported 4 encounters"), std::string::npos) << r.out;
  r = RunCommand({Bin("kindred"), "status", "--hub", organiser_url_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Hub: 12 attendees, 4 encounters"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("kiosk-1"), std::string::npos) << r.out;
  // Faults are one line and exit 1.
  r = RunCommand({Bin("kindred"), "status", "--hub", "postgresql://kindred_kiosk:pw@127.0.0.1:1/kindred"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("not in the URL"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("pw@"), std::string::npos);
  r = RunCommand({Bin("kindred"), "status", "--hub",
                  "postgresql://kindred_kiosk_x@127.0.0.1:1/kindred?sslmode=verify-full&sslrootcert=" + pg_.RootCert()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot reach the hub"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

// Someone with a kiosk's password (a pulled SD card) and psql: it may read
// the event, and change nothing that is not that kiosk's own.
TEST_F(HubTest, AKioskMayNotTouchAnotherKiosksRows) {
  ImportRoster(10);
  StartSync(1);
  StartSync(2);
  ASSERT_TRUE(Converged(2));
  const std::string theirs = *Meet(1, 3, 10, 4).begin();
  ASSERT_TRUE(Converged(2));
  const std::string mine = *Meet(2, 1, 10, 5).begin();
  ASSERT_TRUE(Converged(2));
  syncs_.clear();
  const std::string before = HubValue("SELECT note || '|' || kiosk_id || '|' || seq FROM encounter WHERE id = '" +
                                      theirs + "'");
  const std::string stolen = KioskUrl(2);
  // Reading is allowed: a kiosk needs everyone's encounters.
  RunResult r = Psql(stolen, "SELECT count(*) FROM encounter");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Another kiosk's encounter: no update, no delete, no insert in its name.
  r = Psql(stolen, "UPDATE encounter SET note = 'rewritten' WHERE id = '" + theirs + "'");
  EXPECT_EQ(r.exit_code, 0) << "row-level security hides the row from the update: " << r.err;
  r = Psql(stolen, "UPDATE encounter SET kiosk_id = 'kiosk-2' WHERE id = '" + theirs + "' RETURNING id");
  EXPECT_EQ(r.out, "") << "no row of kiosk-1's is reachable";
  r = Psql(stolen, "UPDATE encounter SET kiosk_id = 'kiosk-1', note = 'moved' WHERE id = '" + mine + "'");
  EXPECT_NE(r.exit_code, 0) << "its own row may not be handed to another kiosk";
  EXPECT_NE(r.err.find("row-level security"), std::string::npos) << r.err;
  r = Psql(stolen, "DELETE FROM encounter WHERE id = '" + theirs + "'");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("permission denied"), std::string::npos) << r.err;
  r = Psql(stolen, "DELETE FROM encounter");
  EXPECT_NE(r.exit_code, 0) << "kiosks delete nothing, not even their own";
  r = Psql(stolen, "INSERT INTO encounter VALUES ('forged', 'P100', 'P101', '2026-11-22T18:00:00Z', "
                   "'2026-11-22T18:00:00Z', 'kiosk-1', '', '', '', 'forged', 0, 0, nextval('change_seq'))");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("row-level security"), std::string::npos) << r.err;
  EXPECT_EQ(HubValue("SELECT note || '|' || kiosk_id || '|' || seq FROM encounter WHERE id = '" + theirs + "'"),
            before)
      << "kiosk-1's encounter is unchanged";
  EXPECT_EQ(HubValue("SELECT count(*) FROM encounter WHERE id = 'forged'"), "0");
  // The roster: no names, contact details or consent changed, nobody added
  // but a walk-in, presence only its own; passions may change, and say who.
  r = Psql(stolen, "UPDATE attendee SET name = 'Hacked', email = 'evil@example.org' WHERE badge_id = 'P100'");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("permission denied"), std::string::npos) << r.err;
  r = Psql(stolen, "UPDATE attendee SET consent = 1");
  EXPECT_NE(r.exit_code, 0);
  r = Psql(stolen, "INSERT INTO attendee SELECT 'X1', 'Fake Person', 'f@example.org', '', '', '', '', '', '', '', "
                   "1, 0, '2026-11-22T18:00:00Z', 0, '', '', 0, nextval('change_seq')");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("row-level security"), std::string::npos) << r.err;
  r = Psql(stolen, "UPDATE attendee SET last_seen_at = '2099-01-01T00:00:00Z', last_seen_kiosk = 'kiosk-1' "
                   "WHERE badge_id = 'P100'");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("own presence"), std::string::npos) << r.err;
  EXPECT_EQ(HubValue("SELECT name || '|' || email FROM attendee WHERE badge_id = 'P100'"),
            Person(0).name + "|" + Person(0).email);
  r = Psql(stolen, "UPDATE attendee SET passions = 'sailing', updated_at = '2099-01-01T00:00:00Z' "
                   "WHERE badge_id = 'P101'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(HubValue("SELECT changed_by FROM attendee WHERE badge_id = 'P101'"), "kiosk-2");
  // Its own sync state only; and nothing but the event's database.
  r = Psql(stolen, "UPDATE kiosk SET waiting = 0 WHERE kiosk_id = 'kiosk-1' RETURNING kiosk_id");
  EXPECT_EQ(r.out, "");
  r = Psql(stolen, "CREATE TABLE mine(x int)");
  EXPECT_NE(r.exit_code, 0);
  r = Psql(stolen, "SET ROLE kindred_organiser");
  EXPECT_NE(r.exit_code, 0);
  // Without TLS the server does not even answer a password prompt.
  const std::string plain = "postgresql://kindred_kiosk_kiosk-2@" + pg_.Address() + "/kindred?sslmode=disable&passfile=" +
                            dir_ + "/etc-kiosk-2/pgpass";
  r = Psql(plain, "SELECT 1");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("no encryption"), std::string::npos) << r.err;
}

TEST_F(HubTest, ARevokedKioskIsShutOutAtOnceAndItsChangesArriveWhenAddedAgain) {
  ImportRoster(20);
  StartSync(1);
  StartSync(2);
  HubSync* lost = StartSync(3);
  ASSERT_TRUE(Converged(3));
  std::set<std::string> all = Meet(3, 5, 20, 11);
  ASSERT_TRUE(Converged(3));
  const std::string old_pgpass = ReadFile(dir_ + "/etc-kiosk-3/pgpass");
  ASSERT_EQ(HubValue("SELECT count(*) > 0 FROM pg_stat_activity WHERE usename = 'kindred_kiosk_kiosk-3'"), "t")
      << "kiosk 3 is connected when it is revoked";
  std::string err;
  int ended = 0;
  const auto revoked = std::chrono::steady_clock::now();
  ASSERT_TRUE(Admin()->Revoke("kiosk-3", &ended, &err)) << err;
  EXPECT_GE(ended, 1);
  // Its open connection is gone and no new one gets in, within a second.
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(HubValue("SELECT count(*) FROM pg_stat_activity WHERE usename = 'kindred_kiosk_kiosk-3'"), "0");
  RunResult r = Psql(KioskUrl(3), "SELECT 1");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - revoked, 1s);
  // It keeps saving locally; nothing of that reaches the hub.
  const std::set<std::string> kept = Meet(3, 6, 20, 12);
  all.insert(kept.begin(), kept.end());
  // The others carry on.
  const std::set<std::string> others = Meet(1, 8, 20, 13);
  all.insert(others.begin(), others.end());
  ASSERT_TRUE(ConvergedAt({1, 2}));
  EXPECT_EQ(HubValue("SELECT count(*) FROM encounter WHERE kiosk_id = 'kiosk-3'"), "5");
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (lost->state().online && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(100ms);
  EXPECT_FALSE(lost->state().online);
  EXPECT_GT(lost->state().waiting, 0) << "its changes wait in its outbox";
  r = RunCommand({Bin("kindred"), "status", "--hub", organiser_url_});
  EXPECT_EQ(Word(StatusLine(r.out, "kiosk-3"), 1), "revoked") << r.out;
  // Added again (a new bundle, installed where the old one was): what it kept arrives.
  kiosk_urls_.erase(3);
  KioskUrl(3);
  EXPECT_NE(ReadFile(dir_ + "/etc-kiosk-3/pgpass"), old_pgpass) << "a new password";
  ASSERT_TRUE(Converged(3, 90s));
  for (int k = 1; k <= 3; ++k) EXPECT_EQ(Encounters(k), static_cast<int64_t>(all.size())) << "kiosk " << k;
  // The old password stays dead.
  WriteFile(dir_ + "/old-pgpass", old_pgpass);
  chmod((dir_ + "/old-pgpass").c_str(), 0600);
  r = Psql("postgresql://kindred_kiosk_kiosk-3@" + pg_.Address() + "/kindred?sslmode=verify-full&sslrootcert=" +
               pg_.RootCert() + "&passfile=" + dir_ + "/old-pgpass",
           "SELECT 1");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("password authentication failed"), std::string::npos) << r.err;
}

TEST_F(HubTest, AServerThatIsNotTheHubIsRefused) {
  ImportRoster(5);
  const std::string good = KioskUrl(1);
  // A laptop answering as the hub has a certificate from another authority.
  const std::string impostor = MakeHubUrl(pg_.Address(), "kindred_kiosk_kiosk-1", pg_.OtherRootCert(),
                                          dir_ + "/etc-kiosk-1/pgpass");
  std::string err;
  EXPECT_FALSE(Hub::Connect(impostor, {}, &err));
  EXPECT_NE(err.find("not the event's hub"), std::string::npos) << err;
  RunResult r = RunCommand({Bin("kindred"), "sync", "--once", "--db", KioskDb(1), "--hub", impostor});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("certificate"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  // A URL that does not verify the server: refused unless asked for.
  std::string unverified = good;
  unverified.replace(unverified.find("verify-full"), 11, "require");
  r = RunCommand({Bin("kindred"), "sync", "--once", "--db", KioskDb(1), "--hub", unverified});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--insecure-hub"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  r = RunCommand({Bin("kindred"), "sync", "--once", "--insecure-hub", "--db", KioskDb(1), "--hub", unverified});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // The kiosk's sync thread: a problem to show, and the kiosk keeps saving.
  syncs_.push_back(std::make_unique<HubSync>(KioskDb(1), impostor, KioskName(1)));
  ASSERT_TRUE(syncs_.back()->Start(&err)) << err;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (syncs_.back()->state().problem.empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(100ms);
  EXPECT_NE(syncs_.back()->state().problem.find("certificate"), std::string::npos) << syncs_.back()->state().problem;
  EXPECT_FALSE(syncs_.back()->state().online);
  const int64_t before = Encounters(1);
  Meet(1, 3, 5, 2);
  EXPECT_GT(Encounters(1), before) << "saving never waits for the hub";
  HubSync refused(KioskDb(1), unverified, KioskName(1));
  EXPECT_FALSE(refused.Start(&err));
  HubSync insecure(KioskDb(1), unverified, KioskName(1));
  insecure.set_allow_insecure(true);
  ASSERT_TRUE(insecure.Start(&err)) << err;
  EXPECT_TRUE(insecure.state().insecure) << "organiser mode says so";
}

// The organiser's commands, as an organiser types them.
TEST_F(HubTest, AddKioskJoinStatusAndRevokeFromTheCommandLine) {
  const std::string bundle = dir_ + "/hall-a.kindred-hub", pgpass = dir_ + "/hall-a.pgpass";
  RunResult r = RunCommand({Bin("kindred"), "hub", "add-kiosk", "hall-a", "--hub", pg_.AdminUrl(), "--pgpass", pgpass,
                            "--bundle", bundle});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string last = r.out.substr(0, r.out.size() - 1);
  last = last.substr(last.rfind('\n') + 1);
  EXPECT_EQ(last, "postgresql://kindred_kiosk_hall-a@" + pg_.Address() +
                      "/kindred?sslmode=verify-full&sslrootcert=/etc/kindred/hub-ca.crt&channel_binding=require");
  struct stat st {};
  ASSERT_EQ(stat(pgpass.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(stat(bundle.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // On the kiosk: one step, nothing retyped.
  r = RunCommand({Bin("kindred"), "hub", "join", bundle, "--dir", dir_ + "/etc-hall-a"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string written = ReadFile(dir_ + "/etc-hall-a/hub.url");
  ASSERT_FALSE(written.empty());
  EXPECT_TRUE(r.out.ends_with(written)) << "the URL is the last line: " << r.out;
  const std::string kiosk_url = written.substr(0, written.size() - 1);
  ASSERT_TRUE(EventDb::Open(dir_ + "/hall-a.db", &last)) << last;
  r = RunCommand({Bin("kindred"), "sync", "--once", "--db", dir_ + "/hall-a.db", "--hub", kiosk_url});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = RunCommand({Bin("kindred"), "status", "--hub", organiser_url_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Word(StatusLine(r.out, "hall-a"), 1), "online") << r.out;
  // Again for the same kiosk: a new password; the old one is over.
  const std::string first = ReadFile(pgpass);
  r = RunCommand({Bin("kindred"), "hub", "add-kiosk", "hall-a", "--hub", pg_.AdminUrl(), "--pgpass", pgpass});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(ReadFile(pgpass), first);
  r = RunCommand({Bin("kindred"), "sync", "--once", "--db", dir_ + "/hall-a.db", "--hub", kiosk_url});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("password authentication failed"), std::string::npos) << r.err;
  r = RunCommand({Bin("kindred"), "hub", "revoke", "hall-a", "--hub", pg_.AdminUrl()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = RunCommand({Bin("kindred"), "status", "--hub", organiser_url_});
  EXPECT_EQ(Word(StatusLine(r.out, "hall-a"), 1), "revoked") << r.out;
  // Mistakes are one line.
  r = RunCommand({Bin("kindred"), "hub", "revoke", "hall-b", "--hub", pg_.AdminUrl()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no kiosk or organiser called 'hall-b'"), std::string::npos) << r.err;
  r = RunCommand({Bin("kindred"), "hub", "add-kiosk", "Hall A", "--hub", pg_.AdminUrl(), "--pgpass", pgpass});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("a-z, 0-9"), std::string::npos) << r.err;
  WriteFile(dir_ + "/broken", "kiosk=hall-a\n");
  r = RunCommand({Bin("kindred"), "hub", "join", dir_ + "/broken", "--dir", dir_ + "/etc-x"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("not a whole Kindred hub bundle"), std::string::npos) << r.err;
}

// Every text value of every table at kiosk k (0: the hub), one per line.
std::string EverythingAt(int k, PgServer& pg, const std::string& dir) {
  if (k != 0) {
    RunResult r = RunCommand({"/usr/bin/sqlite3", dir + "/kiosk" + std::to_string(k) + ".db",
                              "SELECT name FROM sqlite_master WHERE type = 'table'"});
    std::string all;
    std::istringstream tables(r.out);
    for (std::string t; std::getline(tables, t);)
      all += RunCommand({"/usr/bin/sqlite3", dir + "/kiosk" + std::to_string(k) + ".db", "SELECT * FROM \"" + t + "\""})
                 .out;
    return all;
  }
  std::string all;
  for (const char* t : {"attendee", "encounter", "suggestion_shown", "forgotten", "kiosk", "member", "kindred_meta",
                        "event_summary"})
    all += RunCommand({"/usr/bin/psql", pg.AdminUrl(), "-X", "-q", "-t", "-A", "-c",
                       std::string("SELECT row_to_json(t)::text FROM ") + t + " t"})
               .out;
  return all;
}

// Someone asks to be forgotten while kiosk 3 is offline with an encounter
// and a passion change about them waiting: when it returns, they are gone
// from every table of every kiosk and the hub, and from the exports; the
// people they met keep the conversation, without them.
TEST_F(HubTest, SomeoneForgottenWhileAKioskIsOfflineIsGoneEverywhereWhenItReturns) {
  ImportRoster(12);
  StartSync(1);
  StartSync(2);
  StartSync(3);
  ASSERT_TRUE(Converged(3));
  std::string err;
  Encounter met_at_1;
  met_at_1.a_id = "P100", met_at_1.b_id = "P105", met_at_1.kiosk_id = "kiosk-1";
  met_at_1.note = "Person 5 sails in Split", met_at_1.shared = {"urban beekeeping"};
  ASSERT_TRUE(Open(1)->SaveEncounter(&met_at_1, 0, &err)) << err;
  ASSERT_TRUE(Open(2)->RecordSuggestionsShown("P101", "kiosk-2", {{"P105", "urban beekeeping"}}, &err)) << err;
  ASSERT_TRUE(Converged(3));
  syncs_.pop_back();  // kiosk 3 goes offline
  {
    auto three = Open(3);
    Encounter offline;
    offline.a_id = "P103", offline.b_id = "P105", offline.kiosk_id = "kiosk-3", offline.note = "Person 5 again";
    ASSERT_TRUE(three->SaveEncounter(&offline, 0, &err)) << err;
    ASSERT_TRUE(three->SetPassions("P105", {"sailing"}, &err)) << err;
    ASSERT_TRUE(three->MarkSeen("P105", "kiosk-3", &err)) << err;
  }
  const std::vector<std::string> env = {"XDG_DATA_HOME=" + dir_ + "/data"};
  RunResult r = RunCommand({Bin("kindred"), "forget", "P105", "--hub", organiser_url_}, env);
  EXPECT_EQ(r.exit_code, 1) << "asks first: no terminal, no --yes";
  r = RunCommand({Bin("kindred"), "forget", "P105", "--hub", organiser_url_, "--yes"}, env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Forgot Person 5 (P105)"), std::string::npos) << r.out;
  StartSync(3);
  ASSERT_TRUE(Converged(3, 90s));
  for (int k = 0; k <= 3; ++k) {
    const std::string all = EverythingAt(k, pg_, dir_);
    for (const char* trace : {"Person 5", "p5@example.org", "P105", "Split", "sailing"})
      EXPECT_EQ(all.find(trace), std::string::npos) << trace << " at " << (k ? "kiosk " + std::to_string(k) : "the hub");
  }
  // The people they met keep both conversations, without them.
  for (const char* other : {"P100", "P103"}) {
    std::vector<Encounter> theirs;
    ASSERT_TRUE(Open(2)->EncountersOf(other, &theirs, &err)) << err;
    ASSERT_EQ(theirs.size(), 1u) << other;
    EXPECT_TRUE(IsForgottenId(theirs[0].a_id == other ? theirs[0].b_id : theirs[0].a_id));
    EXPECT_TRUE(theirs[0].note.empty());
  }
  r = RunCommand({Bin("kindred"), "export", "--hub", organiser_url_, "--out", dir_ + "/out"}, env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const auto& f : std::filesystem::recursive_directory_iterator(dir_ + "/out")) {
    if (!f.is_regular_file()) continue;
    const std::string text = ReadFile(f.path());
    for (const char* trace : {"Person 5", "p5@example.org", "P105"})
      EXPECT_EQ(text.find(trace), std::string::npos) << trace << " in " << f.path();
  }
  EXPECT_NE(ReadFile(dir_ + "/out/attendees/P100.md").find("Someone who asked to be forgotten"), std::string::npos);
  // A later import leaves them out, unless the organiser says so.
  WriteFile(dir_ + "/again.csv", "badge_id,name,email,consent\nP105,Person 5,p5@example.org,yes\n");
  r = RunCommand({Bin("kindred"), "import", dir_ + "/again.csv", "--hub", organiser_url_}, env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1 left out"), std::string::npos) << r.out;
  EXPECT_EQ(HubValue("SELECT count(*) FROM attendee WHERE badge_id = 'P105'"), "0");
  r = RunCommand({Bin("kindred"), "import", dir_ + "/again.csv", "--hub", organiser_url_, "--include-forgotten"},
                 env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(HubValue("SELECT name FROM attendee WHERE badge_id = 'P105'"), "Person 5");
  Attendee back;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (Open(1)->FindAttendee("P105", &back, &err) != Lookup::kFound && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(200ms);
  EXPECT_EQ(back.name, "Person 5") << "back at the kiosks too";
}

TEST_F(HubTest, ShreddingTheHubShredsEveryKioskAtItsNextSync) {
  ImportRoster(10);
  StartSync(1);
  StartSync(2);
  StartSync(3);
  ASSERT_TRUE(Converged(3));
  Meet(1, 6, 10, 21);
  ASSERT_TRUE(Converged(3));
  syncs_.pop_back();  // kiosk 3 is away
  const std::vector<std::string> env = {"XDG_DATA_HOME=" + dir_ + "/data"};
  RunResult r = RunCommand({Bin("kindred"), "shred", "--hub", organiser_url_, "--yes"}, env);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("neither exported nor sent"), std::string::npos) << r.err;
  EXPECT_NE(HubValue("SELECT count(*) FROM encounter"), "0") << "nothing shredded";
  ASSERT_EQ(RunCommand({Bin("kindred"), "export", "--hub", organiser_url_, "--out", dir_ + "/out"}, env).exit_code, 0);
  r = RunCommand({Bin("kindred"), "shred", "--hub", organiser_url_, "--yes"}, env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(HubValue("SELECT count(*) FROM attendee") + HubValue("SELECT count(*) FROM encounter"), "00");
  EXPECT_NE(HubValue("SELECT sum(count) FROM event_summary WHERE kind = 'encounters_per_hour'"), "0");
  auto gone = [&](int k) { return Encounters(k) == 0 && EverythingAt(k, pg_, dir_).find("Person") == std::string::npos; };
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (!(gone(1) && gone(2)) && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(200ms);
  EXPECT_TRUE(gone(1));
  EXPECT_TRUE(gone(2));
  EXPECT_FALSE(gone(3)) << "offline: not yet";
  auto state = [&](const char* kiosk) {
    RunResult s = RunCommand({Bin("kindred"), "status", "--hub", organiser_url_}, env);
    return Word(StatusLine(s.out, kiosk), 1);
  };
  const auto reported = std::chrono::steady_clock::now() + 15s;
  while (state("kiosk-1") != "shredded" && std::chrono::steady_clock::now() < reported)
    std::this_thread::sleep_for(300ms);
  EXPECT_EQ(state("kiosk-1"), "shredded");
  EXPECT_EQ(state("kiosk-3"), "unshredded");
  StartSync(3);
  const auto back = std::chrono::steady_clock::now() + 30s;
  while (!gone(3) && std::chrono::steady_clock::now() < back) std::this_thread::sleep_for(200ms);
  EXPECT_TRUE(gone(3)) << "back online, it shreds its own copy";
  // Nothing comes in any more, not even from a kiosk that kept something back.
  r = Psql(KioskUrl(2), "INSERT INTO encounter VALUES ('late', 'P100', 'P101', '2026-11-22T18:00:00Z', "
                        "'2026-11-22T18:00:00Z', 'kiosk-2', '', '', '', 'late', 0, 0, nextval('change_seq'))");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(HubValue("SELECT count(*) FROM encounter"), "0");
}

TEST_F(HubTest, AHubSetToShredAfterSomeDaysDoesItByItself) {
  ImportRoster(6);
  StartSync(1);
  ASSERT_TRUE(Converged(1));
  std::string err;
  Encounter long_ago;
  long_ago.a_id = "P100", long_ago.b_id = "P101", long_ago.kiosk_id = "kiosk-1";
  long_ago.met_at = "2026-01-10T19:00:00Z";
  ASSERT_TRUE(Open(1)->SaveEncounter(&long_ago, 0, &err)) << err;
  ASSERT_TRUE(Converged(1));
  RunResult r = RunCommand({Bin("kindred"), "shred", "--hub", organiser_url_, "--after", "30"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("30 days after its last encounter"), std::string::npos) << r.out;
  // The event's last encounter was long before: the next sign-in shreds it,
  // and the kiosk its own copy.
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (Encounters(1) > 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(200ms);
  EXPECT_EQ(Encounters(1), 0);
  EXPECT_EQ(HubValue("SELECT count(*) FROM attendee"), "0");
  EXPECT_NE(HubValue("SELECT value FROM kindred_meta WHERE key = 'shredded_at'"), "");
}

}  // namespace
}  // namespace kindred::test
