// A hub that fails (tests/hub_fixture.h): put back to an earlier backup, or
// replaced by a new, empty one for the same event. Kiosks notice by
// themselves, offer everything again and take everything again, until every
// kiosk and the hub hold the same rows, nothing lost, nobody forgotten come
// back; another event's hub is refused.
#include "tests/hub_fixture.h"

#include <atomic>
#include <mutex>

namespace kindred::test {
namespace {

TEST_F(HubTest, AHubPutBackToAnEarlierBackupGetsBackWhatKiosksSavedSince) {
  ImportRoster(20);
  StartSync(1);
  StartSync(2);
  ASSERT_TRUE(Converged(2));
  std::set<std::string> all = Meet(1, 3, 20, 1);
  for (const std::string& id : Meet(2, 3, 20, 2)) all.insert(id);
  ASSERT_TRUE(Converged(2));
  // The hub's backups, as install-hub.sh's timer writes them: the newest kept.
  const std::string backups = dir_ + "/backups";
  RunResult r;
  for (int i = 0; i < 3; ++i) {
    r = RunCommand({Bin("kindred"), "hub", "backup", "--hub", pg_.AdminUrl(), "--to", backups, "--keep", "2"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::vector<std::string> kept;
  for (const auto& f : std::filesystem::directory_iterator(backups)) kept.push_back(f.path());
  std::sort(kept.begin(), kept.end());
  ASSERT_EQ(kept.size(), 2u) << "the newest two";
  const std::string dump = kept.back();
  EXPECT_TRUE(dump.ends_with(".dump")) << dump;
  // And one sealed to the organiser's key: only their secret key opens it.
  r = RunCommandWithInput({Bin("kindred"), "keys", "--out", dir_ + "/keys"}, "correct horse battery\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = RunCommand({Bin("kindred"), "hub", "backup", "--hub", pg_.AdminUrl(), "--to", dir_ + "/sealed", "--key",
                  dir_ + "/keys/kindred-organiser.pub"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string sealed;
  for (const auto& f : std::filesystem::directory_iterator(dir_ + "/sealed")) sealed = f.path();
  ASSERT_TRUE(sealed.ends_with(".kindred-hub-backup")) << sealed;
  EXPECT_EQ(ReadFile(sealed).find("kindred_meta"), std::string::npos) << "nothing readable in it";
  // After it: more meetings at both kiosks, and someone forgotten.
  for (const std::string& id : Meet(1, 4, 20, 3)) all.insert(id);
  for (const std::string& id : Meet(2, 4, 20, 4)) all.insert(id);
  std::string err;
  EventDb::ForgetCounts counts;
  ASSERT_TRUE(Open(2)->Forget("P107", &counts, &err)) << err;
  ASSERT_TRUE(Converged(2));
  ASSERT_EQ(HubValue("SELECT count(*) FROM attendee WHERE badge_id = 'P107'"), "0");
  // The hub's disk fails; the organiser puts the backup back.
  r = RunCommand({Bin("kindred"), "hub", "restore", dump, "--hub", pg_.AdminUrl()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_NE(HubValue("SELECT count(*) FROM encounter"), std::to_string(all.size())) << "the backup is older";
  // The kiosks heal by themselves.
  ASSERT_TRUE(Converged(2, 90s));
  EXPECT_EQ(HubValue("SELECT count(*) FROM encounter"), std::to_string(all.size()));
  for (int k = 1; k <= 2; ++k) EXPECT_EQ(Encounters(k), static_cast<int64_t>(all.size())) << "kiosk " << k;
  EXPECT_EQ(HubValue("SELECT count(*) FROM attendee WHERE badge_id = 'P107'"), "0") << "forgotten stays forgotten";
  EXPECT_NE(syncs_[0]->state().healed.find("the hub"), std::string::npos) << "organiser mode says so";
  // Again from the sealed backup, opened with the organiser's key; a kiosk
  // that was offline meanwhile heals when it returns.
  syncs_.clear();
  r = RunCommandWithInput({Bin("kindred"), "restore", sealed, "--key", dir_ + "/keys/kindred-organiser.key", "--to",
                           dir_ + "/opened.dump"},
                          "correct horse battery\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("kindred hub restore"), std::string::npos) << r.out;
  r = RunCommand({Bin("kindred"), "hub", "restore", dir_ + "/opened.dump", "--hub", pg_.AdminUrl()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = RunCommand({Bin("kindred"), "sync", "--once", "--db", KioskDb(1), "--hub", KioskUrl(1)});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("the hub was replaced or restored from a backup"), std::string::npos) << r.err;
  r = RunCommand({Bin("kindred"), "sync", "--once", "--db", KioskDb(2), "--hub", KioskUrl(2)});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(HubValue("SELECT count(*) FROM encounter"), std::to_string(all.size()));
}

// Kiosks reconnect at once after their sessions end; one that came back
// while pg_restore dropped tables held one it needed and deadlocked it (seen
// on CI). Kiosks that hammer the hub as fast as they can must not stop a
// restore, and one made by a role that is not the superuser changes nothing.
TEST_F(HubTest, KiosksThatComeBackAtOnceDoNotStopARestore) {
  ImportRoster(20);
  RunResult r = RunCommand({Bin("kindred"), "hub", "backup", "--hub", pg_.AdminUrl(), "--to", dir_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string made;
  for (const auto& f : std::filesystem::directory_iterator(dir_))
    if (f.path().extension() == ".dump") made = f.path();
  ASSERT_FALSE(made.empty());
  std::atomic<bool> done{false};
  std::atomic<int> rounds{0};
  std::vector<std::thread> kiosks;
  for (int k = 1; k <= 3; ++k) {
    const std::string url = KioskUrl(k);
    kiosks.emplace_back([&, k, url] {
      std::string err;
      auto db = EventDb::Open(KioskDb(k), &err);
      if (!db || !db->EnableHubOutbox(url, &err)) return;
      while (!done) {
        auto hub = Hub::Connect(url, {.check_schema = true}, &err);
        while (hub && !done && hub->Exchange(*db, nullptr, nullptr, &err)) {
          ++rounds;
          Meet(k, 1, 20, rounds);
        }
      }
    });
  }
  for (int i = 0; i < 4; ++i) {
    r = RunCommand({Bin("kindred"), "hub", "restore", made, "--hub", pg_.AdminUrl()});
    EXPECT_EQ(r.exit_code, 0) << "restore " << i << ": " << r.err;
  }
  const int before = rounds;
  for (int waited = 0; rounds < before + 10 && waited < 300; ++waited) std::this_thread::sleep_for(100ms);
  EXPECT_GE(rounds, before + 10) << "kiosks are let back in";
  done = true;
  for (auto& t : kiosks) t.join();
  // An organiser (not the hub's superuser) may not; the hub is untouched.
  const std::string id = HubValue("SELECT value FROM kindred_meta WHERE key = 'hub_id'");
  r = RunCommand({Bin("kindred"), "hub", "restore", made, "--hub", organiser_url_});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("superuser"), std::string::npos) << r.err;
  EXPECT_EQ(HubValue("SELECT value FROM kindred_meta WHERE key = 'hub_id'"), id);
  EXPECT_EQ(HubValue("SELECT datconnlimit FROM pg_database WHERE datname = current_database()"), "-1");
  // A restore interrupted while kiosks were kept out (its process killed)
  // left the limit at 0: running it again lets them back in.
  ASSERT_EQ(Psql(pg_.AdminUrl(), "ALTER DATABASE kindred CONNECTION LIMIT 0").exit_code, 0);
  r = RunCommand({Bin("kindred"), "hub", "restore", made, "--hub", pg_.AdminUrl()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(HubValue("SELECT datconnlimit FROM pg_database WHERE datname = current_database()"), "-1");
}

// Members are the server's roles and rows in the hub's database; a backup
// holds only the rows. A kiosk added after the backup still signs in as
// itself once it is put back (its encounters are not refused), and one
// revoked after it stays revoked.
TEST_F(HubTest, KiosksAddedOrRevokedAfterABackupStaySoWhenItIsPutBack) {
  ImportRoster(6);
  KioskUrl(2);  // kiosk 2: added before the backup, revoked after it
  RunResult r = RunCommand({Bin("kindred"), "hub", "backup", "--hub", pg_.AdminUrl(), "--to", dir_ + "/backups"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string dump = std::filesystem::directory_iterator(dir_ + "/backups")->path();
  KioskUrl(1);  // kiosk 1: added after it
  int ended = 0;
  std::string err;
  ASSERT_TRUE(Admin()->Revoke(KioskName(2), &ended, &err)) << err;
  r = RunCommand({Bin("kindred"), "hub", "restore", dump, "--hub", pg_.AdminUrl()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = RunCommand({Bin("kindred"), "sync", "--once", "--db", KioskDb(1), "--hub", KioskUrl(1)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::set<std::string> met = Meet(1, 3, 6, 5);
  r = RunCommand({Bin("kindred"), "sync", "--once", "--db", KioskDb(1), "--hub", KioskUrl(1)});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("refused"), std::string::npos) << r.err;
  EXPECT_EQ(HubValue("SELECT count(*) FROM encounter"), std::to_string(met.size()));
  EXPECT_EQ(HubValue("SELECT count(*) FROM member WHERE name = 'kiosk-1' AND revoked_at IS NULL"), "1");
  EXPECT_EQ(HubValue("SELECT count(*) FROM member WHERE name = 'kiosk-2' AND revoked_at IS NOT NULL"), "1");
  r = RunCommand({Bin("kindred"), "sync", "--once", "--db", KioskDb(2), "--hub", KioskUrl(2)});
  EXPECT_EQ(r.exit_code, 1) << "revoked: " << r.err;
}

// A note changed on a phone, then the hub put back to a backup from before
// the encounter, while the kiosk that recorded it was away (so it never took
// the note): the phones' server offers its notes again when it notices, the
// hub keeps one whose encounter it lacks until the kiosk offers that again,
// and takes it in then. A pending note about someone forgotten meanwhile goes.
TEST_F(HubTest, ANotePhonesChangedSurvivesAHubPutBackToBeforeItsEncounter) {
  ImportRoster(8);
  const int phones = 9;  // the phones' server: kindred serve, added with --pages
  kiosk_urls_[phones] = AddMember(MemberKind::kPages, KioskName(phones));
  KioskUrl(1);  // both added before the backup
  RunResult r = RunCommand({Bin("kindred"), "hub", "backup", "--hub", pg_.AdminUrl(), "--to", dir_ + "/backups"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string dump = std::filesystem::directory_iterator(dir_ + "/backups")->path();
  HubSync* kiosk = StartSync(1);
  StartSync(phones);
  ASSERT_TRUE(ConvergedAt({1, phones}));
  std::vector<std::string> ids;
  {
    auto db = Open(1);
    std::string err;
    for (const auto& [a, b] : {std::pair{"P100", "P101"}, std::pair{"P102", "P103"}}) {
      Encounter e;
      e.a_id = a, e.b_id = b, e.kiosk_id = KioskName(1), e.note = "at the kiosk", e.shared = {"jazz"};
      ASSERT_TRUE(db->SaveEncounter(&e, 0, &err)) << err;
      ids.push_back(e.id);
    }
  }
  ASSERT_TRUE(ConvergedAt({1, phones}));
  // Kiosk 1 goes away; on their phones, P100 and P102 write their notes.
  kiosk->Stop();
  {
    auto db = Open(phones);
    std::string err;
    ASSERT_EQ(db->SetFollowUp(ids[0], "P100", {"meet-again"}, "Hive visit in May", &err), Lookup::kFound) << err;
    ASSERT_EQ(db->SetFollowUp(ids[1], "P102", {}, "About P103", &err), Lookup::kFound) << err;
  }
  auto note = [&](const std::string& id) { return HubValue("SELECT note FROM encounter WHERE id = '" + id + "'"); };
  for (int waited = 0; note(ids[1]) != "About P103" && waited < 300; ++waited) std::this_thread::sleep_for(100ms);
  ASSERT_EQ(note(ids[0]), "Hive visit in May");
  // The hub's disk fails; the backup from before both encounters goes back.
  r = RunCommand({Bin("kindred"), "hub", "restore", dump, "--hub", pg_.AdminUrl()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The phones' server notices first: both notes wait for their encounters.
  auto pending = [&] { return HubValue("SELECT count(*) FROM follow_up_pending"); };
  for (int waited = 0; pending() != "2" && waited < 600; ++waited) std::this_thread::sleep_for(100ms);
  ASSERT_EQ(pending(), "2");
  EXPECT_EQ(HubValue("SELECT count(*) FROM encounter"), "0");
  // P103 asks to be forgotten meanwhile (at the phones' server): they and
  // the note about them leave the waiting notes.
  {
    std::string err;
    EventDb::ForgetCounts counts;
    ASSERT_TRUE(Open(phones)->Forget("P103", &counts, &err)) << err;
  }
  auto about_p103 = [&] {
    return HubValue("SELECT count(*) FROM follow_up_pending WHERE note <> '' AND 'P103' IN (a_id, b_id)");
  };
  for (int waited = 0; about_p103() != "0" && waited < 300; ++waited) std::this_thread::sleep_for(100ms);
  EXPECT_EQ(about_p103(), "0");
  EXPECT_EQ(HubValue("SELECT count(*) FROM follow_up_pending WHERE note = 'About P103' OR 'P103' IN (a_id, b_id)"),
            "0");
  // Kiosk 1 returns and offers its encounters again, without the phone's
  // note: the hub takes the note in, and kiosk 1 takes it back.
  StartSync(1);
  ASSERT_TRUE(ConvergedAt({1, phones}, 90s));
  EXPECT_EQ(note(ids[0]), "Hive visit in May");
  EXPECT_EQ(HubValue("SELECT intents FROM encounter WHERE id = '" + ids[0] + "'"), "meet-again");
  EXPECT_EQ(note(ids[1]), "") << "forgotten with P103";
  EXPECT_EQ(HubValue("SELECT count(*) FROM encounter WHERE a_id = 'P103' OR b_id = 'P103'"), "0");
  EXPECT_EQ(pending(), "0");
}

TEST_F(HubTest, ANewEmptyHubForTheSameEventGetsEverythingBackAndAnotherEventsHubIsRefused) {
  ImportRoster(20);
  StartSync(1);
  StartSync(2);
  ASSERT_TRUE(Converged(2));
  std::set<std::string> all = Meet(1, 3, 19, 5);  // P100-P118: P119 is forgotten below
  for (const std::string& id : Meet(2, 3, 19, 6)) all.insert(id);
  std::string err;
  EventDb::ForgetCounts counts;
  ASSERT_TRUE(Open(1)->Forget("P119", &counts, &err)) << err;
  ASSERT_TRUE(Converged(2));
  syncs_.clear();
  // The hub is lost; the kiosks carry on alone.
  for (const std::string& id : Meet(1, 2, 19, 7)) all.insert(id);
  for (const std::string& id : Meet(2, 2, 19, 8)) all.insert(id);
  const std::string other_db = pg_.AdminUrl();
  auto replace = [&](bool same_event) {
    std::string postgres = other_db;
    postgres.replace(postgres.find("/kindred?"), 9, "/postgres?");
    RunResult r = Psql(postgres, "DROP DATABASE kindred WITH (FORCE)");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = Psql(postgres, "CREATE DATABASE kindred");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> init = {Bin("kindred"), "hub", "init", "--hub", pg_.AdminUrl(), "--address",
                                     pg_.Address(), "--root-cert", pg_.RootCert()};
    if (same_event) init.insert(init.end(), {"--event-from", KioskDb(2)});
    r = RunCommand(init);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // Every kiosk and organiser added again (new passwords); the roster imported again.
    kiosk_urls_.clear();
    organiser_url_ = AddMember(MemberKind::kOrganiser, "org");
    std::filesystem::remove(dir_ + "/organiser.db");
    ImportRoster(20);
  };
  // Another event's hub (set up without --event-from): refused, nothing sent.
  replace(false);
  RunResult r = RunCommand({Bin("kindred"), "sync", "--once", "--db", KioskDb(1), "--hub", KioskUrl(1)});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("another event"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(HubValue("SELECT count(*) FROM encounter"), "0");
  // The event's own new hub: everything comes back, and who was forgotten stays so.
  replace(true);
  StartSync(1);
  StartSync(2);
  ASSERT_TRUE(Converged(2, 90s));
  EXPECT_EQ(HubValue("SELECT count(*) FROM encounter"), std::to_string(all.size()));
  EXPECT_EQ(HubValue("SELECT count(*) FROM attendee WHERE badge_id = 'P119'"), "0");
  for (int k = 1; k <= 2; ++k) EXPECT_EQ(Encounters(k), static_cast<int64_t>(all.size())) << "kiosk " << k;
}

// A hot standby (PostgreSQL's streaming replication) takes over when the
// primary dies while three kiosks write: the kiosks' URLs name both, the
// organiser promotes the standby, and whatever the old primary had not
// passed on, the kiosks send again.
TEST_F(HubTest, APrimaryKilledWhileKiosksWriteIsReplacedByItsStandby) {
  PgServer standby;
  std::string err;
  ASSERT_TRUE(standby.StartStandbyOf(pg_, &err)) << err;
  kiosk_address_ = pg_.Address() + "," + standby.Address();
  ImportRoster(20);
  for (int k = 1; k <= 3; ++k) StartSync(k);
  ASSERT_TRUE(Converged(3));
  EXPECT_NE(KioskUrl(1).find("target_session_attrs=read-write"), std::string::npos) << KioskUrl(1);
  RunResult r = RunCommand({Bin("kindred"), "status", "--hub", pg_.AdminUrl()});
  EXPECT_NE(r.out.find("Primary, with 1 standby streaming"), std::string::npos) << r.out;
  std::set<std::string> all;
  EventDb::ForgetCounts counts;
  ASSERT_TRUE(Open(2)->Forget("P119", &counts, &err)) << err;
  // Writing at all three; the primary dies in the middle (no clean shutdown).
  std::vector<std::thread> writers;
  std::mutex mu;
  for (int k = 1; k <= 3; ++k)
    writers.emplace_back([&, k] {
      for (int i = 0; i < 10; ++i) {
        std::set<std::string> ids = Meet(k, 1, 19, 100 * k + i);
        std::lock_guard<std::mutex> lock(mu);
        all.insert(ids.begin(), ids.end());
        std::this_thread::sleep_for(50ms);
      }
    });
  std::this_thread::sleep_for(200ms);
  pg_.Stop(/*immediate=*/true);
  for (std::thread& w : writers) w.join();
  // The organiser promotes the standby; the kiosks find it by themselves.
  r = RunCommand({Bin("kindred"), "hub", "promote", "--hub", standby.AdminUrl()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  admin_url_ = standby.AdminUrl();
  ASSERT_TRUE(Converged(3, 90s));
  EXPECT_EQ(HubValue("SELECT count(*) FROM encounter"), std::to_string(all.size()));
  for (int k = 1; k <= 3; ++k) EXPECT_EQ(Encounters(k), static_cast<int64_t>(all.size())) << "kiosk " << k;
  EXPECT_EQ(HubValue("SELECT count(*) FROM attendee WHERE badge_id = 'P119'"), "0") << "forgotten stays forgotten";
  r = RunCommand({Bin("kindred"), "hub", "promote", "--hub", standby.AdminUrl()});
  EXPECT_EQ(r.exit_code, 1) << "once is enough";
  syncs_.clear();
}

}  // namespace
}  // namespace kindred::test
