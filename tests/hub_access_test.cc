// What a kiosk's hub password can do in the hands of someone who pulled its
// SD card (tests/hub_fixture.h): read the event, change only its own rows,
// create nothing, run only the functions deploy/README.md lists; shut out
// at once when revoked, and told so.
#include "tests/hub_fixture.h"

namespace kindred::test {
namespace {

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
  // It is told so, and whom to ask, not that the hub cannot be reached.
  r = RunCommand({Bin("kindred"), "sync", "--once", "--db", KioskDb(3), "--hub", KioskUrl(3)});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("this kiosk (kiosk-3) was revoked on the hub"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("sudo kindred-hub add-kiosk kiosk-3"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
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

// deploy/README.md lists every statement a kiosk's role may run; this goes
// down that list (each allowed one works, in a transaction rolled back) and
// then tries everything else someone with the SD card might, as psql would:
// each is refused, and the hub's rows are the same afterwards (read as the
// admin).
TEST_F(HubTest, AKiosksRoleMayRunWhatTheListSaysAndNothingElse) {
  ImportRoster(8);
  StartSync(1);
  StartSync(2);
  ASSERT_TRUE(Converged(2));
  const std::string theirs = *Meet(1, 2, 8, 3).begin();
  const std::string mine = *Meet(2, 1, 8, 4).begin();
  ASSERT_TRUE(Converged(2));
  syncs_.clear();
  const std::string stolen = KioskUrl(2);
  auto everything = [this] {
    std::string all;
    for (const char* t : {"attendee", "encounter", "suggestion_shown", "forgotten", "forget_request", "kiosk",
                          "member", "kindred_meta", "event_summary", "follow_up_pending"})
      all += HubValue(std::string("SELECT coalesce(string_agg(row_to_json(t)::text, E'\\n' ORDER BY row_to_json(t)::text), '') FROM ") + t + " t") + "\n";
    all += HubValue("SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relpersistence = 't'");
    return all;
  };
  const std::string key = std::string(64, 'a');
  // The list (deploy/README.md, "What a kiosk's password may do").
  const std::vector<std::string> allowed = {
      "SELECT count(*) FROM attendee", "SELECT count(*) FROM encounter", "SELECT count(*) FROM suggestion_shown",
      "SELECT count(*) FROM kiosk", "SELECT count(*) FROM member", "SELECT count(*) FROM kindred_meta",
      "SELECT count(*) FROM forgotten", "SELECT count(*) FROM event_summary", "SELECT count(*) FROM forget_request",
      "INSERT INTO attendee(badge_id, name, email, company, title, field, stage, passions, offers, seeking, consent, "
      "opt_out, updated_at, checked_in, last_seen_at, last_seen_kiosk, walk_in, seq) VALUES ('W1', 'Walk In', '', '', "
      "'', '', '', 'jazz', '', '', 0, 0, '2026-11-22T18:00:00Z', 1, '', '', 1, nextval('change_seq'))",
      "UPDATE attendee SET passions = 'sailing', offers = 'x', seeking = 'y', updated_at = '2099-01-01T00:00:00Z', "
      "checked_in = 1, last_seen_at = '2099-01-01T00:00:00Z', last_seen_kiosk = 'kiosk-2', seq = "
      "nextval('change_seq') WHERE badge_id = 'P101'",
      "UPDATE encounter SET note = 'edited', seq = nextval('change_seq') WHERE id = '" + mine + "'",
      "INSERT INTO encounter SELECT 'own', 'P100', 'P102', met_at, updated_at, 'kiosk-2', '', '', '', '', 0, 0, "
      "nextval('change_seq') FROM encounter WHERE id = '" + mine + "'",
      "INSERT INTO suggestion_shown VALUES ('s-own', '2026-11-22T18:00:00Z', 'kiosk-2', 'P100', 'P101', '', "
      "nextval('change_seq'))",
      "INSERT INTO kiosk(kiosk_id, last_contact, waiting, set_aside) VALUES ('kiosk-2', now(), 0, 0) "
      "ON CONFLICT (kiosk_id) DO UPDATE SET waiting = 1",
      "INSERT INTO forget_request(key, forgotten_at) VALUES ('" + key + "', '2026-11-22T18:00:00Z')",
      "SELECT last_value FROM change_seq", "SELECT kindred_kiosk()", "SELECT kindred_shred_if_due()", "LISTEN kindred_changes", "NOTIFY kindred_changes",
      "SELECT pg_advisory_xact_lock(4242)"};
  const std::string before = everything();
  for (const std::string& sql : allowed) {
    RunResult r = Psql(stolen, "BEGIN; " + sql + "; ROLLBACK");
    EXPECT_EQ(r.exit_code, 0) << sql << ": " << r.err;
  }
  EXPECT_EQ(everything(), before) << "rolled back (sequence numbers taken are not, and need not be)";
  const std::vector<std::string> forbidden = {
      // Creating anything, TEMP included.
      "CREATE TEMP TABLE t(x int)", "CREATE TEMP VIEW v AS SELECT 1",
      "CREATE FUNCTION pg_temp.f() RETURNS int LANGUAGE sql AS 'SELECT 1'", "CREATE TABLE public.t(x int)",
      "CREATE SCHEMA mine", "CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
      // Deleting anything, one's own included.
      "DELETE FROM attendee", "DELETE FROM encounter WHERE id = '" + mine + "'", "DELETE FROM suggestion_shown",
      "DELETE FROM kiosk", "DELETE FROM forgotten", "DELETE FROM forget_request", "TRUNCATE encounter",
      // Forgetting other than by request; deciding requests.
      "INSERT INTO forgotten(key, forgotten_at, seq) VALUES ('" + key + "', '2026-11-22T18:00:00Z', 1)",
      "UPDATE forget_request SET state = 'done'",
      "INSERT INTO forget_request(key, forgotten_at, kiosk, state) VALUES ('" + key + "', '', 'kiosk-1', 'done')",
      "SELECT kindred_decide_forget_requests(true, NULL)", "SELECT * FROM kindred_forget_requests()",
      "SELECT kindred_forget_here('P100', '" + key + "', '2026-11-22T18:00:00Z')",
      "SELECT kindred_pseudonym_row('" + key + "', '2026-11-22T18:00:00Z')", "SELECT kindred_forget_key('P100')",
      // The event's end is the organisers'.
      "SELECT kindred_shred()", "SELECT kindred_shred_after(0)",
      // Another kiosk's rows; the roster's names, contacts and consent.
      "INSERT INTO encounter SELECT 'forged', a_id, b_id, met_at, updated_at, 'kiosk-1', '', '', '', 'forged', 0, 0, "
      "nextval('change_seq') FROM encounter WHERE id = '" + theirs + "'",
      "INSERT INTO suggestion_shown VALUES ('s-forged', '2026-11-22T18:00:00Z', 'kiosk-1', 'P100', 'P101', '', 1)",
      // Another kiosk's encounter's note: only the phones' server (--pages) may.
      "SELECT kindred_follow_up('" + theirs + "', '2099-01-01T00:00:00Z', 'introduce', 'forged')",
      "SELECT kindred_follow_up('" + theirs + "', 'P100', 'P101', '2099-01-01T00:00:00Z', 'introduce', 'forged')",
      "SELECT kindred_follow_up('absent', 'P100', 'P101', '2099-01-01T00:00:00Z', 'introduce', 'forged')",
      "SELECT * FROM follow_up_pending",
      "INSERT INTO follow_up_pending VALUES ('absent', 'P100', 'P101', '2099-01-01T00:00:00Z', '', 'forged')",
      "UPDATE attendee SET name = 'Hacked' WHERE badge_id = 'P100'", "UPDATE attendee SET email = 'evil@example.org'",
      "UPDATE attendee SET consent = 1", "UPDATE attendee SET opt_out = 0", "UPDATE attendee SET language = 'xx'",
      "INSERT INTO attendee(badge_id, name, email, company, title, field, stage, passions, offers, seeking, consent, "
      "opt_out, updated_at, checked_in, last_seen_at, last_seen_kiosk, walk_in, seq) VALUES ('X1', 'Fake', "
      "'f@example.org', '', '', '', '', '', '', '', 1, 0, '2026-11-22T18:00:00Z', 0, '', '', 0, 1)",
      "UPDATE attendee SET last_seen_at = '2099-01-01T00:00:00Z', last_seen_kiosk = 'kiosk-1' "
      "WHERE badge_id = 'P100'",
      // The hub's own tables.
      "UPDATE kindred_meta SET value = '00' WHERE key = 'forget_secret'",
      "INSERT INTO kindred_meta VALUES ('shredded_at', 'now')", "DELETE FROM kindred_meta",
      "UPDATE member SET revoked_at = NULL", "INSERT INTO member VALUES ('x', 'kiosk', 'x', now(), NULL)",
      "INSERT INTO event_summary VALUES ('passion', 'x', 1)", "SELECT setval('change_seq', 1)",
      "ALTER TABLE encounter DISABLE ROW LEVEL SECURITY", "DROP TABLE encounter",
      // Other roles, the server's files and programs, the password hashes.
      "SET ROLE kindred_organiser", "SET SESSION AUTHORIZATION postgres", "SELECT pg_read_file('/etc/passwd')",
      "COPY encounter TO PROGRAM 'true'", "COPY encounter TO '/tmp/kindred-stolen'", "SELECT * FROM pg_authid",
      "SELECT lo_import('/etc/passwd')", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"};
  for (const std::string& sql : forbidden) {
    RunResult r = Psql(stolen, sql);
    EXPECT_NE(r.exit_code, 0) << "allowed: " << sql;
  }
  EXPECT_EQ(everything(), before) << "nothing changed";
}

// A change the hub refuses is never set aside in silence: sync says how
// many and why, and fails; status --db lists them; once the cause is dealt
// with they go.
TEST_F(HubTest, WhatTheHubRefusesIsReportedUntilItIsDealtWith) {
  ImportRoster(6);
  const std::string url = KioskUrl(1);
  RunResult r = RunCommand({Bin("kindred"), "sync", "--once", "--db", KioskDb(1), "--hub", url});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Recorded as "cli" (as kindred meet once did): the hub refuses it.
  r = RunCommand({Bin("kindred"), "meet", "P100", "P101", "--db", KioskDb(1), "--kiosk-id", "cli"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = RunCommand({Bin("kindred"), "sync", "--once", "--db", KioskDb(1), "--hub", url});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("1 encounter refused by the hub: recorded as kiosk 'cli', not this kiosk's name ('kiosk-1')"),
            std::string::npos)
      << r.err;
  r = RunCommand({Bin("kindred"), "sync", "--once", "--db", KioskDb(1), "--hub", url});
  EXPECT_EQ(r.exit_code, 1) << "and again, until it is dealt with";
  r = RunCommand({Bin("kindred"), "status", "--db", KioskDb(1)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1 change refused by the hub"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("recorded as kiosk 'cli'"), std::string::npos) << r.out;
  // kindred meet now records this kiosk's own name (from the hub URL the database syncs with).
  r = RunCommand({Bin("kindred"), "meet", "P102", "P103", "--db", KioskDb(1)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(RunCommand({"/usr/bin/sqlite3", KioskDb(1), "SELECT kiosk_id FROM encounter WHERE a_id = 'P102'"}).out,
            "kiosk-1\n");
  r = RunCommand({Bin("kindred"), "sync", "--once", "--db", KioskDb(1), "--hub", url});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(HubValue("SELECT string_agg(kiosk_id, ',') FROM encounter"), "kiosk-1");
  // What the kiosk's organiser mode shows.
  HubSync* sync = StartSync(1);
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (sync->state().set_aside == 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(50ms);
  EXPECT_EQ(sync->state().set_aside, 1);
  syncs_.clear();
  // An organiser's sign-in may write any kiosk's rows: the refused one goes.
  r = RunCommand({Bin("kindred"), "sync", "--once", "--retry-refused", "--db", KioskDb(1), "--hub", organiser_url_});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(HubValue("SELECT string_agg(kiosk_id, ',' ORDER BY kiosk_id) FROM encounter"), "cli,kiosk-1");
}

}  // namespace
}  // namespace kindred::test
