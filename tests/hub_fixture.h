// The hub tests' fixture: a real PostgreSQL hub the test starts itself
// (initdb + pg_ctl in a temporary folder, as "nobody" when run as root),
// reached as the kiosks reach it: over TLS on 127.0.0.1 with the hub's
// certificate verified, each kiosk signing in as its own role under the
// hub's row rules. Included by hub_test.cc (sync and faults),
// hub_access_test.cc (what a kiosk's password may do) and
// hub_privacy_test.cc (forgetting and shredding).
#pragma once

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

using namespace std::chrono_literals;

// Person i of the hub's roster: P100 + i, some names with accents, a quarter
// without consent.
inline Attendee Person(int i) {
  const std::string n = std::to_string(i);
  return Someone(std::string("P").append(std::to_string(100 + i)), std::string(i % 3 ? "Person " : "Jöhanna Ünal ").append(n))
      .Email(std::string("p").append(n).append("@example.org"))
      .Passions({i % 2 ? "urban beekeeping" : "jazz", "climbing"})
      .Consent(i % 4 != 0);
}

inline std::string KioskName(int k) { return "kiosk-" + std::to_string(k); }

// The line of `kindred status` output that starts with kiosk `name`.
inline std::string StatusLine(const std::string& out, const std::string& name) {
  size_t at = out.find("\n" + name + " ");
  if (at == std::string::npos) return "";
  return out.substr(at + 1, out.find('\n', at + 1) - at - 1);
}

// Word `i` (from 0) of `line`, split on spaces.
inline std::string Word(const std::string& line, int i) {
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
    HubSetup setup{pg_.Address(), ReadFile(pg_.RootCert()), ""};
    ASSERT_TRUE(admin->Init(setup, &err)) << err;
    organiser_url_ = AddMember(MemberKind::kOrganiser, "org");
  }
  void TearDown() override {
    syncs_.clear();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  std::unique_ptr<Hub> Admin() {
    std::string err;
    auto admin = Hub::Connect(AdminUrl(), {.check_schema = false}, &err);
    EXPECT_TRUE(admin) << err;
    return admin;
  }
  // What add-kiosk and join do: a role with a new password, installed in
  // the kiosk's own folder. Returns the URL it uses.
  std::string AddMember(MemberKind kind, const std::string& name) {
    std::string password, err, url;
    auto admin = Admin();
    EXPECT_TRUE(admin->AddMember(kind, name, &password, &err)) << err;
    const std::string role = (kind == MemberKind::kOrganiser ? kOrganiserRolePrefix : kKioskRolePrefix) + name;
    EXPECT_TRUE(InstallHubBundle({name, role, kiosk_address_.empty() ? pg_.Address() : kiosk_address_, password,
                                  ReadFile(pg_.RootCert())},
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
    std::unique_ptr<Hub> hub = k == 0 ? Hub::Connect(AdminUrl(), {.check_schema = false}, &err) : nullptr;
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
    RunResult r = Psql(AdminUrl(), sql);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    while (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
    return r.out;
  }

  // The hub's admin URL: the primary's, or ("" when it is pg_) the server
  // that took over.
  std::string AdminUrl() const { return admin_url_.empty() ? pg_.AdminUrl() : admin_url_; }

  PgServer pg_;
  std::string dir_, organiser_url_;
  std::string admin_url_;      // set when another server is the hub now
  std::string kiosk_address_;  // the addresses kiosks are given ("" for pg_'s)
  std::map<int, std::string> kiosk_urls_;
  std::vector<std::unique_ptr<HubSync>> syncs_;
};

}  // namespace kindred::test
