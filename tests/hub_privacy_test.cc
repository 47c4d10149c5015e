// Personal data with an end, through a real hub (tests/hub_fixture.h):
// forgetting reaches every kiosk (a kiosk's requests bounded per hour, the
// rest for an organiser to decide); shredding, also by itself.
#include "tests/hub_fixture.h"

namespace kindred::test {
namespace {

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

// A kiosk's password can no longer erase the event: forgetting from a kiosk
// takes effect on the hub for at most five people per kiosk per hour; the
// rest wait, listed, for an organiser, who confirms (everyone forgotten
// everywhere) or refuses. Every request says which kiosk sent it.
TEST_F(HubTest, AKiosksForgetRequestsTakeEffectFiveAnHourAndTheRestWaitForAnOrganiser) {
  ImportRoster(30);
  const std::string stolen = KioskUrl(1), second = KioskUrl(2);
  auto remaining = [this](int from, int to) {
    std::string in;
    for (int i = from; i < to; ++i) in += std::string(in.empty() ? "" : ", ") + "'P" + std::to_string(100 + i) + "'";
    return std::stoi(HubValue("SELECT count(*) FROM attendee WHERE badge_id IN (" + in + ")"));
  };
  // Through psql, as someone holding kiosk 1's SD card: ten people at once,
  // keyed with the secret every kiosk can read.
  RunResult r = Psql(stolen,
                     "INSERT INTO forget_request(key, forgotten_at) "
                     "SELECT encode(sha256(decode((SELECT value FROM kindred_meta WHERE key = 'forget_secret'), 'hex') "
                     "|| convert_to(badge_id, 'UTF8')), 'hex'), '2026-11-22T18:00:00Z' FROM attendee "
                     "WHERE badge_id BETWEEN 'P100' AND 'P109'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(remaining(0, 10), 10 - kForgetAllowance) << "five forgotten at once";
  EXPECT_EQ(HubValue("SELECT count(*) || ' ' || min(kiosk) || ' ' || max(kiosk) FROM forget_request "
                     "WHERE state = 'pending'"),
            "5 kiosk-1 kiosk-1");
  // The old way in is closed, and the requests are the hub's record, not the kiosk's.
  for (const char* sql :
       {"INSERT INTO forgotten(key, forgotten_at, seq) SELECT key, forgotten_at, 1 FROM forget_request "
        "WHERE state = 'pending'",
        "UPDATE forget_request SET state = 'done'", "DELETE FROM forget_request",
        "INSERT INTO forget_request(key, forgotten_at, kiosk) VALUES (repeat('a', 64), '', 'kiosk-2')",
        "SELECT kindred_decide_forget_requests(true, NULL)"}) {
    r = Psql(stolen, sql);
    EXPECT_NE(r.exit_code, 0) << sql;
  }
  EXPECT_EQ(remaining(0, 10), 5);
  // Through `kindred forget --hub` with kiosk 2's URL: the first five
  // forgotten at the hub, the next five held for an organiser.
  const std::vector<std::string> env = {"XDG_DATA_HOME=" + dir_ + "/data"};
  for (int i = 10; i < 20; ++i) {
    r = RunCommand({Bin("kindred"), "forget", "P" + std::to_string(100 + i), "--hub", second, "--yes"}, env);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(i < 15 ? "at the hub" : "until an organiser confirms"), std::string::npos) << i << r.out;
  }
  EXPECT_EQ(remaining(10, 20), 5);
  // The copy that asked keeps them forgotten, even when the hub's row changes.
  std::string copy;
  for (const auto& f : std::filesystem::directory_iterator(dir_ + "/data/kindred"))
    if (f.path().extension() == ".db") copy = f.path();
  HubValue("UPDATE attendee SET passions = 'sailing', updated_at = '2099-01-01T00:00:00Z', "
           "seq = nextval('change_seq') WHERE badge_id = 'P119'");
  r = RunCommand({Bin("kindred"), "sync", "--once", "--db", copy, "--hub", second});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(RunCommand({"/usr/bin/sqlite3", copy, "SELECT count(*) FROM attendee WHERE badge_id = 'P119'"}).out, "0\n");
  // A kiosk's allowance is its own: kiosk 3 still may.
  StartSync(3);
  ASSERT_TRUE(ConvergedAt({3}));
  std::string err;
  EventDb::ForgetCounts counts;
  ASSERT_TRUE(Open(3)->Forget("P125", &counts, &err)) << err;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (remaining(25, 26) != 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(100ms);
  EXPECT_EQ(remaining(25, 26), 0);
  syncs_.clear();
  // The organisers see who waits, from which kiosk; a revoked kiosk's stay.
  int ended = 0;
  ASSERT_TRUE(Admin()->Revoke("kiosk-1", &ended, &err)) << err;
  r = RunCommand({Bin("kindred"), "status", "--hub", organiser_url_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("waiting for an organiser"), std::string::npos) << r.out;
  for (int i : {5, 9, 15, 19}) {
    const size_t at = r.out.find(" P" + std::to_string(100 + i) + " ");
    ASSERT_NE(at, std::string::npos) << i << r.out;
    const size_t from = r.out.rfind('\n', at) + 1;
    const std::string row = r.out.substr(from, r.out.find('\n', at) - from);
    EXPECT_NE(row.find(i < 10 ? "kiosk-1 (revoked)" : "kiosk-2"), std::string::npos) << row;
    EXPECT_NE(row.find(Person(i).name), std::string::npos) << row;
  }
  // An organiser refuses kiosk 2's: those people stay in the event.
  r = RunCommand({Bin("kindred"), "forget", "--refuse-requests", "--from", "kiosk-2", "--hub", organiser_url_}, env);
  EXPECT_EQ(r.exit_code, 1) << "asks first";
  EXPECT_EQ(remaining(15, 20), 5);
  r = RunCommand(
      {Bin("kindred"), "forget", "--refuse-requests", "--from", "kiosk-2", "--hub", organiser_url_, "--yes"}, env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Refused 5 requests"), std::string::npos) << r.out;
  EXPECT_EQ(remaining(15, 20), 5);
  EXPECT_EQ(remaining(5, 10), 5) << "kiosk 1's still wait";
  // And confirms the rest (the revoked kiosk's): forgotten, at every kiosk.
  r = RunCommand({Bin("kindred"), "forget", "--confirm-requests", "--hub", organiser_url_, "--yes"}, env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Confirmed 5 requests"), std::string::npos) << r.out;
  EXPECT_EQ(remaining(0, 15), 0);
  EXPECT_EQ(HubValue("SELECT string_agg(DISTINCT state || ':' || decided_by, ' ') FROM forget_request"),
            "done:allowance done:kindred_organiser_org refused:kindred_organiser_org");
  r = RunCommand({Bin("kindred"), "status", "--hub", organiser_url_});
  EXPECT_NE(r.out.find("16 done, 5 refused, 0 waiting"), std::string::npos) << r.out;
  // Every kiosk follows.
  StartSync(2);
  StartSync(3);
  ASSERT_TRUE(ConvergedAt({2, 3}));
  std::vector<Attendee> left;
  ASSERT_TRUE(Open(2)->LoadAttendees(&left, &err)) << err;
  EXPECT_EQ(left.size(), 30u - 16u);
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
  // A phone's note waiting on the hub for an encounter it does not hold (yet).
  const std::string phones = AddMember(MemberKind::kPages, "phones");
  r = Psql(phones, "SELECT kindred_follow_up('absent', 'P100', 'P101', '2099-01-01T00:00:00Z', '', 'Hive visit')");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(HubValue("SELECT count(*) FROM follow_up_pending"), "1");
  ASSERT_EQ(RunCommand({Bin("kindred"), "export", "--hub", organiser_url_, "--out", dir_ + "/out"}, env).exit_code, 0);
  r = RunCommand({Bin("kindred"), "shred", "--hub", organiser_url_, "--yes"}, env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(HubValue("SELECT count(*) FROM attendee") + HubValue("SELECT count(*) FROM encounter"), "00");
  EXPECT_EQ(HubValue("SELECT count(*) FROM follow_up_pending"), "0") << "the waiting note goes too";
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
