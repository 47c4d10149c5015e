// Several kiosks, one event, through a real PostgreSQL hub (tests/hub_fixture.h).
// After each fault, every kiosk and the hub must hold identical rows,
// nothing acknowledged lost, nothing duplicated; the organiser's hub
// commands as they are typed.
#include "tests/hub_fixture.h"

#include <sys/inotify.h>
#include <unistd.h>

namespace kindred::test {
namespace {

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

// A change told while the kiosk's connection is busy (its round's pull)
// arrives with that query's result; it must still wake the kiosk, not wait
// for the next change or the idle round (seen in hub-bench as 5 s stalls).
TEST_F(HubTest, AChangeToldWhileAKioskIsBusyStillWakesIt) {
  ImportRoster(4);
  std::string err;
  auto kiosk = Hub::Connect(KioskUrl(1), {}, &err);  // listening, as every kiosk's connection is
  ASSERT_TRUE(kiosk) << err;
  EXPECT_FALSE(kiosk->WaitForChange(-1, 100)) << "nothing changed yet";
  RunResult told = Psql(AdminUrl(), "SELECT pg_notify('kindred_changes', '')");
  ASSERT_EQ(told.exit_code, 0) << told.err;
  std::vector<KioskState> kiosks;
  ASSERT_TRUE(kiosk->Kiosks(&kiosks, &err)) << err;  // busy: the notice comes in with this result
  EXPECT_TRUE(kiosk->WaitForChange(-1, 3000)) << "woken by the notice it already had, not left to time out";
}

// SQLite writes temporary tables and statement journals (pages of the
// event, names among them) to files in its temporary folder unless told not
// to: on a kiosk, /var/tmp on the SD card, for every pull it applied,
// unlinked at once but never erased, where no wipe or shred reaches (and the
// kiosk's core paid for it). A kiosk taking what others saved writes nothing
// there.
TEST_F(HubTest, AKioskTakingOthersChangesWritesNothingToTemporaryFiles) {
  ImportRoster(20);
  HubSync* one = StartSync(1);
  auto sync_two = [&](const std::vector<std::string>& env) {
    RunResult r = RunCommand({Bin("kindred"), "sync", "--once", "--db", KioskDb(2), "--hub", KioskUrl(2)}, env);
    EXPECT_EQ(r.exit_code, 0) << r.err;
  };
  sync_two({});
  ASSERT_TRUE(ConvergedAt({1, 2}, 60s));
  // A kiosk well into the event: its encounter table spans many pages, so
  // a few new ones change pages all over it (what made SQLite spill).
  Meet(2, 1500, 20, 10);
  sync_two({});
  const std::string tmp = dir_ + "/tmp";
  std::filesystem::create_directories(tmp);
  const int watch = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  ASSERT_GE(watch, 0);
  ASSERT_GE(inotify_add_watch(watch, tmp.c_str(), IN_CREATE | IN_MODIFY), 0);
  // Kiosk 1 saves a few at a time; kiosk 2 takes them, round after round.
  for (int round = 0; round < 3; ++round) {
    Meet(1, 20, 20, 11 + round);
    for (int waited = 0; (one->state().waiting > 0 || !one->state().online) && waited < 100; ++waited)
      std::this_thread::sleep_for(100ms);
    std::this_thread::sleep_for(300ms);
    sync_two({"SQLITE_TMPDIR=" + tmp});
  }
  EXPECT_EQ(std::to_string(Encounters(2)), HubValue("SELECT count(*) FROM encounter")) << "it took them all";
  char events[4096];
  const ssize_t n = read(watch, events, sizeof events);
  close(watch);
  EXPECT_LE(n, 0) << "SQLite wrote a temporary file";
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
  // Kiosk 2 has the roster (it saves encounters below while its sync is
  // dead), however slow the machine; then it is killed mid-way through
  // taking kiosk 1's encounters.
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  for (int64_t people = 0; people < 20;) {
    std::string err;
    ASSERT_TRUE(Open(2)->CountAttendees(&people, &err)) << err;
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << ReadFile(dir_ + "/sync2.log");
    std::this_thread::sleep_for(50ms);
  }
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

// The merge and forget rules exist twice, in SQLite (kindred merge, and a
// kiosk applying what it pulls) and in the hub's PostgreSQL; both are made
// from one description of each table (storage/tables.h). On the same random
// histories of three offline kiosks (encounters met and met again with new
// notes, passions changed at several kiosks, presence, suggestions, people
// forgotten at one kiosk whom another met), folding the kiosks' files
// together with kindred merge and syncing them through the hub must give
// the same rows.
TEST_F(HubTest, TheHubAndKindredMergeGiveTheSameEventOnRandomHistories) {
  constexpr int kPeople = 24;
  ImportRoster(kPeople);
  for (int k = 1; k <= 3; ++k) StartSync(k);
  ASSERT_TRUE(Converged(3));
  syncs_.clear();  // offline from here
  std::mt19937 rng(20261203);
  auto pick = [&rng] { return Person(static_cast<int>(rng() % kPeople)).badge_id; };
  std::string err;
  std::set<std::string> forgotten;
  for (int round = 0; round < 120; ++round) {
    const int k = 1 + static_cast<int>(rng() % 3);
    auto db = Open(k);
    if (k == 3) db->set_clock_skew_ms(-10 * 60 * 1000);  // a Pi without a real-time clock
    const std::string a = pick(), b = pick();
    switch (rng() % 8) {
      case 0:
      case 1: {  // a meeting; the same pair again soon at the same kiosk updates it
        if (a == b) break;
        Encounter e;
        e.a_id = a, e.b_id = b, e.kiosk_id = KioskName(k);
        e.note = "round " + std::to_string(round);
        e.intents = {rng() % 2 ? "introduce" : "meet-again"};
        e.shared = {"jazz"};
        std::string why;
        db->SaveEncounter(&e, 3600, &why);  // fails only for someone forgotten here: fine
        break;
      }
      case 2:
        db->SetPassions(a, {rng() % 2 ? "sailing" : "jazz", "round " + std::to_string(round)}, &err);
        break;
      case 3:
        db->MarkSeen(a, KioskName(k), &err);
        break;
      case 4:
        if (a != b) db->RecordSuggestionsShown(a, KioskName(k), {{b, "jazz"}}, &err);
        break;
      case 5:  // within every kiosk's hourly allowance; never the same person twice
        if (forgotten.size() < 6 && !forgotten.count(a) && round > 30) {
          EventDb::ForgetCounts counts;
          ASSERT_TRUE(db->Forget(a, &counts, &err)) << err;
          forgotten.insert(a);
        }
        break;
      case 6: {  // a walk-in joins at this kiosk
        Attendee w = Someone("W" + std::to_string(k) + "-" + std::to_string(round), "Walk-in " + std::to_string(round))
                         .Passions({"jazz"});
        w.walk_in = true;
        w.checked_in = true;
        EventDb::UpsertCounts counts;
        ASSERT_TRUE(db->UpsertAttendees({w}, &counts, &err)) << err;
        break;
      }
      case 7: {  // checked in at this kiosk's desk
        if (forgotten.count(a)) break;
        Attendee here = Person(std::stoi(a.substr(1)) - 100);
        here.checked_in = true;
        EventDb::UpsertCounts counts;
        ASSERT_TRUE(db->UpsertAttendees({here}, &counts, &err)) << err;
        break;
      }
    }
  }
  ASSERT_GE(forgotten.size(), 3u) << "the history forgets people";
  // Kindred merge: kiosk 1's file, then 2's and 3's folded in.
  for (int k = 1; k <= 3; ++k) ASSERT_TRUE(Open(k)->BackupTo(dir_ + "/copy" + std::to_string(k) + ".db", &err)) << err;
  {
    auto merged = EventDb::Open(dir_ + "/copy1.db", &err);
    ASSERT_TRUE(merged) << err;
    EventDb::MergeCounts counts;
    ASSERT_TRUE(merged->MergeFrom(dir_ + "/copy2.db", &counts, &err)) << err;
    ASSERT_TRUE(merged->MergeFrom(dir_ + "/copy3.db", &counts, &err)) << err;
  }
  // The hub: every kiosk pushes and pulls until all agree.
  for (int k = 1; k <= 3; ++k) StartSync(k);
  ASSERT_TRUE(Converged(3, 90s));
  syncs_.clear();
  std::vector<std::vector<EventDb::SyncRow>> hub = Snapshot(0), merged;
  {
    auto db = EventDb::Open(dir_ + "/copy1.db", &err);
    ASSERT_TRUE(db) << err;
    for (const SyncTable& t : SyncTables()) {
      std::vector<EventDb::SyncRow> rows;
      ASSERT_TRUE(db->ReadAllSyncRows(t.name, &rows, &err)) << err;
      merged.push_back(std::move(rows));
    }
  }
  for (size_t t = 0; t < hub.size(); ++t) {
    EXPECT_EQ(hub[t].size(), merged[t].size()) << SyncTables()[t].name;
    for (size_t i = 0; i < std::min(hub[t].size(), merged[t].size()); ++i)
      EXPECT_EQ(hub[t][i], merged[t][i]) << SyncTables()[t].name << " row " << i;
  }
}

}  // namespace
}  // namespace kindred::test
