// The `kindred` command line contract: names, flags, output and exit codes
// that organisers' scripts rely on.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "storage/event_db.h"
#include "tests/support/test_support.h"
#include "common/utc_time.h"
#include "tests/support/people.h"

namespace kindred::test {
namespace {

const std::string kRoster = RosterCsv(
    {Someone("A1", "Maya Okafor")
         .Email("maya@example.org").Company("Hive").Title("Designer").Field("design").Stage("mid career")
         .Passions({"urban beekeeping", "jazz"}).Offers({"mentoring"}).Seeking({"investors"}).Consent(),
     Someone("B2", "José Álvarez")
         .Email("jose@example.org").Company("Solaria").Title("Founder").Field("energy").Stage("founder")
         .Passions({"urban beekeeping", "climate"}).Offers({"investors"}).Seeking({"mentoring"}),
     Someone("C3", "李雷")
         .Email("lilei@example.org").Company("Bamboo").Title("Engineer").Field("robotics").Stage("early career")
         .Passions({"robotics", "jazz"}).Consent()});

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    ASSERT_FALSE(dir_.empty());
    db_ = dir_ + "/event.db";
    WriteFile(dir_ + "/roster.csv", kRoster);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  RunResult Kindred(std::vector<std::string> args) {
    args.insert(args.begin(), Bin("kindred"));
    return RunCommand(args, {"KINDRED_ASSETS=" KINDRED_TEST_ASSETS});
  }
  std::string Badge(const std::string& name, const std::string& text, const std::string& text2 = "") {
    std::string path = dir_ + "/" + name;
    std::vector<std::string> args{Bin("make-test-badge"), path, text};
    if (!text2.empty()) args.push_back(text2);
    EXPECT_EQ(RunCommand(args).exit_code, 0);
    return path;
  }

  std::string dir_, db_;
};

TEST_F(CliTest, ImportMeetExportRoundTrip) {
  RunResult r = Kindred({"import", dir_ + "/roster.csv", "--db", db_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("3 attendees"), std::string::npos) << r.out;

  r = Kindred({"meet", "--db", db_, "A1", "B2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("urban beekeeping"), std::string::npos) << r.out;

  r = Kindred({"export", "--db", db_, "--out", dir_ + "/out"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string csv = ReadFile(dir_ + "/out/encounters.csv");
  EXPECT_EQ(csv.rfind("encounter_id,met_at,kiosk_id,a_badge_id,a_name,a_email,b_badge_id,b_name,b_email,", 0), 0u)
      << csv;
  EXPECT_NE(csv.find("A1,Maya Okafor,maya@example.org,B2,José Álvarez,,"), std::string::npos)
      << "José did not consent: his e-mail must not be exported\n" << csv;
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 2);
}

TEST_F(CliTest, ReimportUpdatesWithoutDuplicates) {
  ASSERT_EQ(Kindred({"import", dir_ + "/roster.csv", "--db", db_}).exit_code, 0);
  WriteFile(dir_ + "/roster2.csv", "badge_id,name\nA1,Maya O.\nD4,New Person\n");
  RunResult r = Kindred({"import", dir_ + "/roster2.csv", "--db", db_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1 new, 1 updated"), std::string::npos) << r.out;
  r = Kindred({"suggest", "--db", db_, "--all", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 4) << r.out;
  EXPECT_NE(r.out.find("Maya O."), std::string::npos);
}

TEST_F(CliTest, ImportRejectsBadLinesByNumberAndKeepsTheRest) {
  WriteFile(dir_ + "/bad.csv",
            "badge_id,name,consent\nA1,Maya,yes\n,No Badge,yes\nB2,,yes\nC3,Chen,maybe\nD4,Dee,no\n");
  RunResult r = Kindred({"import", dir_ + "/bad.csv", "--db", db_});
  EXPECT_EQ(r.exit_code, 3) << "partly done";
  EXPECT_NE(r.err.find("bad.csv:3: rejected: no badge ID"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad.csv:4: rejected: no name"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad.csv:5: rejected: consent"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("Imported 2 attendees"), std::string::npos) << r.out;
}

TEST_F(CliTest, ImportOfAMissingFileFailsWithOneLine) {
  RunResult r = Kindred({"import", dir_ + "/nope.csv", "--db", db_});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("nope.csv"), std::string::npos);
}

TEST_F(CliTest, ScanJsonReportsEveryCodeAndUnreadableImages) {
  std::string one = Badge("one.png", "A1");
  std::string pair = Badge("pair.png", "A1", "https://tickets.example.org/t/at/B2/");
  std::string png = ReadFile(one);
  WriteFile(dir_ + "/corrupt.png", png.substr(0, png.size() / 2));  // truncated
  RunResult r = Kindred({"scan", "--json", one, pair, dir_ + "/corrupt.png", dir_ + "/missing.png"});
  EXPECT_EQ(r.exit_code, 1) << "unreadable images make the exit non-zero";
  std::vector<nlohmann::json> lines;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(lines.size(), 4u) << r.out;
  EXPECT_EQ(lines[0]["file"], one);
  ASSERT_EQ(lines[0]["codes"].size(), 1u);
  EXPECT_EQ(lines[0]["codes"][0]["text"], "A1");
  EXPECT_EQ(lines[0]["codes"][0]["format"], "QRCode");
  EXPECT_EQ(lines[0]["codes"][0]["badge"]["id"], "A1");
  ASSERT_EQ(lines[1]["codes"].size(), 2u);
  std::set<std::string> ids;
  for (const auto& c : lines[1]["codes"]) ids.insert(c["badge"]["id"].get<std::string>());
  EXPECT_EQ(ids, (std::set<std::string>{"A1", "B2"}));
  EXPECT_TRUE(lines[2].contains("error"));
  EXPECT_TRUE(lines[2]["codes"].empty());
  EXPECT_TRUE(lines[3].contains("error"));
}

TEST_F(CliTest, ScanJsonNamesTheHolderOfABusinessCardAndOfACodeItCannotUse) {
  std::string card = Badge("card.png", "BEGIN:VCARD\nN:Martin;Chloé\nTEL:+33 6 12 34 56 78\nORG:Atelier Lumen\nEND:VCARD");
  std::string nameless = Badge("nameless.png", "BEGIN:VCARD\nVERSION:3.0\nORG:Hive & Co\nEND:VCARD");
  RunResult r = Kindred({"scan", "--json", card, nameless});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream in(r.out);
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  auto badge = nlohmann::json::parse(line)["codes"][0]["badge"];
  EXPECT_EQ(badge["kind"], "vcard");
  EXPECT_EQ(badge["name"], "Chloé Martin");
  EXPECT_EQ(badge["walk_in"], true);
  EXPECT_EQ(badge["id"].get<std::string>().rfind("card-", 0), 0u);
  ASSERT_TRUE(std::getline(in, line));
  badge = nlohmann::json::parse(line)["codes"][0]["badge"];
  EXPECT_EQ(badge["kind"], "not_a_badge");
  EXPECT_EQ(badge["company"], "Hive & Co") << "what it said is reported with the reason";
  EXPECT_NE(badge["reason"].get<std::string>().find("without a name"), std::string::npos);
}

TEST_F(CliTest, ScanOfAnImageWithoutCodeGivesAnEmptyList) {
  std::string path = dir_ + "/plain.png";
  // A 1x1 white PNG.
  const unsigned char png[] = {0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49,
                               0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
                               0x00, 0x00, 0x00, 0x3a, 0x7e, 0x9b, 0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44,
                               0x41, 0x54, 0x08, 0xd7, 0x63, 0xf8, 0x0f, 0x00, 0x01, 0x01, 0x01, 0x00, 0x1b,
                               0xb6, 0xee, 0x56, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42,
                               0x60, 0x82};
  WriteFile(path, std::string(reinterpret_cast<const char*>(png), sizeof png));
  RunResult r = Kindred({"scan", "--json", path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["codes"].empty());
  EXPECT_FALSE(j.contains("error"));
}

TEST_F(CliTest, MeetWithAnUnknownBadgeFailsAndLosesNothing) {
  ASSERT_EQ(Kindred({"import", dir_ + "/roster.csv", "--db", db_}).exit_code, 0);
  ASSERT_EQ(Kindred({"meet", "--db", db_, "A1", "C3"}).exit_code, 0);
  RunResult r = Kindred({"meet", "--db", db_, "A1", "ZZZ"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("ZZZ is not in the roster"), std::string::npos) << r.err;
  r = Kindred({"meet", "--db", db_, "A1", "A1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("same badge"), std::string::npos) << r.err;
  ASSERT_EQ(Kindred({"export", "--db", db_, "--out", dir_ + "/out"}).exit_code, 0);
  std::string csv = ReadFile(dir_ + "/out/encounters.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 2) << csv;
}

TEST_F(CliTest, MeetRecordsFollowUpIntentsAndANote) {
  ASSERT_EQ(Kindred({"import", dir_ + "/roster.csv", "--db", db_}).exit_code, 0);
  RunResult r = Kindred({"meet", "--db", db_, "A1", "B2", "--intent", "introduce", "--intent", "send-contact",
                         "--note", "hive visit in May"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(Kindred({"export", "--db", db_, "--out", dir_ + "/out"}).exit_code, 0);
  std::string csv = ReadFile(dir_ + "/out/encounters.csv");
  EXPECT_NE(csv.find("introduce; send-contact,hive visit in May"), std::string::npos) << csv;
  EXPECT_NE(ReadFile(dir_ + "/out/attendees/A1.md").find("Make the introduction you talked about, or ask José for theirs"), std::string::npos);
  r = Kindred({"meet", "--db", db_, "A1", "C3", "--intent", "sell-stuff"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("unknown follow-up intent 'sell-stuff'"), std::string::npos) << r.err;
}

TEST_F(CliTest, MeetAcceptsWhatABadgeCarries) {
  ASSERT_EQ(Kindred({"import", dir_ + "/roster.csv", "--db", db_}).exit_code, 0);
  RunResult r = Kindred({"meet", "--db", db_, "https://tickets.example.org/t/at/A1/", "AT$B2$AT"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(CliTest, SuggestJsonHasTheContractFields) {
  ASSERT_EQ(Kindred({"import", dir_ + "/roster.csv", "--db", db_}).exit_code, 0);
  RunResult r = Kindred({"suggest", "--db", db_, "A1", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_FALSE(j["suggestions"].empty());
  const auto& first = j["suggestions"][0];
  for (const char* key : {"id", "name", "score", "shared", "starter", "reason"})
    EXPECT_TRUE(first.contains(key)) << key;
  EXPECT_EQ(first["id"], "B2") << "shares urban beekeeping and complements offers";
  EXPECT_EQ(first["shared"][0], "urban beekeeping");
  EXPECT_EQ(first["exposure"], 0);
  EXPECT_EQ(first["words"], (std::vector<std::string>{"urban", "beekeeping"}));
  EXPECT_GT(first["parts"]["theirs"].get<double>(), 0);
  EXPECT_EQ(first["score"].get<double>(), first["parts"]["mutual"].get<double>()) << "no exposure yet";
}

TEST_F(CliTest, ImportTakesTheRostersLanguagesAndRefusesUnknownOnes) {
  RunResult r = Kindred({"import", dir_ + "/roster.csv", "--db", db_, "--languages", "en,de"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Kindred({"import", dir_ + "/roster.csv", "--db", db_, "--languages", "klingon"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("unknown language 'klingon'"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
  EXPECT_EQ(Kindred({"suggest", "--db", db_, "A1"}).exit_code, 0);
}

// The event's language: one Kindred speaks, else one line, exit 2, and
// nothing already imported is touched.
TEST_F(CliTest, ImportTakesTheEventsLanguageAndRefusesOnesKindredDoesNotSpeak) {
  ASSERT_EQ(Kindred({"import", dir_ + "/roster.csv", "--db", db_, "--language", "de-AT"}).exit_code, 0);
  RunResult r = Kindred({"import", dir_ + "/roster.csv", "--db", db_, "--language", "klingon"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--language klingon: Kindred speaks en, de, de-informal, fr, es and ja"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
  // The attendees and the event's German are still there: a follow-up says so.
  r = Kindred({"meet", "--db", db_, "A1", "B2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Kindred({"export", "--db", db_, "--out", dir_ + "/out"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(ReadFile(dir_ + "/out/attendees/A1.md").find("Ihre Gespräche bei"), std::string::npos)
      << "de-AT is German, formal unless the event says otherwise";
}

TEST_F(CliTest, SuggestAllBalancesTheWholeEvent) {
  ASSERT_EQ(Kindred({"import", dir_ + "/roster.csv", "--db", db_}).exit_code, 0);
  RunResult r = Kindred({"suggest", "--db", db_, "--all", "--json", "-k", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, int> in_lists;
  int lines = 0;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line); ++lines) {
    const nlohmann::json list = nlohmann::json::parse(line);
    for (const auto& s : list["suggestions"]) ++in_lists[s["id"].get<std::string>()];
  }
  EXPECT_GT(lines, 2);
  for (const auto& [id, n] : in_lists) EXPECT_LE(n, 2) << id << " is in more than 2k lists";
}

TEST_F(CliTest, SuggestForAnUnknownBadgeFails) {
  ASSERT_EQ(Kindred({"import", dir_ + "/roster.csv", "--db", db_}).exit_code, 0);
  RunResult r = Kindred({"suggest", "--db", db_, "NOPE"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("badge NOPE is not in the roster"), std::string::npos) << r.err;
}

TEST_F(CliTest, MergeBackupAndWipeAfterTheEvent) {
  ASSERT_EQ(Kindred({"import", dir_ + "/roster.csv", "--db", db_}).exit_code, 0);
  std::string kiosk2 = dir_ + "/kiosk2.db";
  ASSERT_EQ(Kindred({"import", dir_ + "/roster.csv", "--db", kiosk2}).exit_code, 0);
  ASSERT_EQ(Kindred({"meet", "--db", kiosk2, "A1", "C3", "--kiosk-id", "kiosk-2"}).exit_code, 0);
  RunResult r = Kindred({"merge", "--db", db_, kiosk2});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1 encounters added"), std::string::npos) << r.out;
  r = Kindred({"merge", "--db", db_, kiosk2});
  EXPECT_NE(r.out.find("0 encounters added, 0 updated"), std::string::npos) << "idempotent: " << r.out;

  std::filesystem::create_directories(dir_ + "/usb");
  r = Kindred({"backup", "--db", db_, "--to", dir_ + "/usb"});
  EXPECT_EQ(r.exit_code, 1) << "backups are sealed: no organiser's key, no backup";
  EXPECT_NE(r.err.find("kindred keys --install"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  ASSERT_EQ(std::distance(std::filesystem::directory_iterator(dir_ + "/usb"), {}), 0) << "nothing written";
  r = RunCommandWithInput({Bin("kindred"), "keys", "--out", dir_ + "/keys"}, "correct horse battery\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Kindred({"keys", "--install", dir_ + "/keys/kindred-organiser.pub", "--db", db_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Kindred({"backup", "--db", db_, "--to", dir_ + "/usb"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(std::distance(std::filesystem::directory_iterator(dir_ + "/usb"), {}), 1);
  const std::string sealed = std::filesystem::directory_iterator(dir_ + "/usb")->path();
  EXPECT_TRUE(sealed.ends_with(".kindred-backup")) << sealed;
  EXPECT_EQ(ReadFile(sealed).find("Maya"), std::string::npos) << "a lost stick gives nothing away";
  // Read back on the organiser's laptop; a wrong passphrase, another key or
  // a damaged copy is one line, and nothing is written.
  r = RunCommandWithInput({Bin("kindred"), "restore", sealed, "--key", dir_ + "/keys/kindred-organiser.key", "--to",
                           dir_ + "/restored.db"},
                          "wrong passphrase\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("wrong passphrase"), std::string::npos) << r.err;
  WriteFile(dir_ + "/cut.kindred-backup", ReadFile(sealed).substr(0, ReadFile(sealed).size() - 40));
  r = RunCommandWithInput({Bin("kindred"), "restore", dir_ + "/cut.kindred-backup", "--key",
                           dir_ + "/keys/kindred-organiser.key", "--to", dir_ + "/restored.db"},
                          "correct horse battery\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("damaged or cut short"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/restored.db"));
  r = RunCommandWithInput({Bin("kindred"), "restore", sealed, "--key", dir_ + "/keys/kindred-organiser.key", "--to",
                           dir_ + "/restored.db"},
                          "correct horse battery\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("3 attendees, 1 encounters"), std::string::npos) << r.out;

  r = Kindred({"wipe", "--db", db_});
  EXPECT_EQ(r.exit_code, 1) << "no terminal to confirm in, and no --yes";
  EXPECT_NE(r.err.find("--yes"), std::string::npos) << r.err;
  ASSERT_EQ(Kindred({"export", "--db", db_, "--out", dir_ + "/out"}).exit_code, 0);
  EXPECT_NE(ReadFile(dir_ + "/out/encounters.csv").find("kiosk-2"), std::string::npos) << "nothing was wiped";
  r = Kindred({"wipe", "--db", db_, "--yes"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("3 attendees and 1 encounters deleted"), std::string::npos) << r.out;
}

TEST_F(CliTest, ForgetAndShredAskFirstAndSayWhatTheyDid) {
  ASSERT_EQ(Kindred({"import", dir_ + "/roster.csv", "--db", db_}).exit_code, 0);
  ASSERT_EQ(Kindred({"meet", "--db", db_, "A1", "B2", "--note", "José builds solar boats"}).exit_code, 0);
  RunResult r = Kindred({"forget", "B2", "--db", db_});
  EXPECT_EQ(r.exit_code, 1) << "no terminal to confirm in, and no --yes";
  EXPECT_NE(r.err.find("--yes"), std::string::npos) << r.err;
  r = Kindred({"forget", "B2", "--db", db_, "--yes"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Forgot José Álvarez (B2): 1 encounter kept"), std::string::npos) << r.out;
  r = Kindred({"import", dir_ + "/roster.csv", "--db", db_});
  EXPECT_NE(r.out.find("1 left out: they asked to be forgotten"), std::string::npos) << r.out;
  r = Kindred({"suggest", "--db", db_, "A1", "--json"});
  EXPECT_EQ(r.out.find("José"), std::string::npos) << r.out;
  // Shredding waits for the follow-ups, then keeps what names nobody.
  r = Kindred({"shred", "--db", db_, "--yes"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("neither exported nor sent"), std::string::npos) << r.err;
  ASSERT_EQ(Kindred({"export", "--db", db_, "--out", dir_ + "/out"}).exit_code, 0);
  EXPECT_EQ(ReadFile(dir_ + "/out/encounters.csv").find("José"), std::string::npos);
  EXPECT_NE(ReadFile(dir_ + "/out/attendees/A1.md").find("Someone who asked to be forgotten"), std::string::npos);
  r = Kindred({"shred", "--db", db_, "--yes"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("2 attendees, 1 encounters"), std::string::npos) << r.out;
  EXPECT_EQ(ReadFile(db_).find("Maya"), std::string::npos) << "not in the file's bytes either";
}

// A forget or a shred killed at any moment leaves the whole change or none.
TEST_F(CliTest, AForgetOrAShredKilledMidwayLeavesAllOrNothing) {
  std::string csv = "badge_id,name,email,passions,consent\n";
  for (int i = 0; i < 3000; ++i) {
    const std::string n = std::to_string(i);
    csv.append("P").append(n).append(",Person ").append(n).append(",p").append(n).append("@example.org,jazz; "
                                                                                          "climbing,yes\n");
  }
  WriteFile(dir_ + "/big.csv", csv);
  const std::string base = dir_ + "/base.db";
  ASSERT_EQ(Kindred({"import", dir_ + "/big.csv", "--db", base}).exit_code, 0);
  {
    std::string err;
    auto db = EventDb::Open(base, &err);
    ASSERT_TRUE(db) << err;
    for (int i = 1; i < 1500; ++i) {
      Encounter e;
      e.a_id = "P0", e.b_id = std::string("P").append(std::to_string(i)), e.note = "note about Person 0";
      e.kiosk_id = "k";
      e.met_at = FormatUtc(1790000000 + i);
      ASSERT_TRUE(db->SaveEncounter(&e, 0, &err)) << err;
    }
  }
  std::mt19937 rng(7);
  int whole = 0, none = 0;
  for (int round = 0; round < 16; ++round) {
    const std::string copy = dir_ + "/copy.db";
    std::filesystem::copy_file(base, copy, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::remove(copy + "-wal");
    const bool shred = round % 2;
    std::vector<std::string> argv = {Bin("kindred"), shred ? "shred" : "forget"};
    if (!shred) argv.push_back("P0");
    for (const char* a : {"--db", "--yes"}) {
      argv.push_back(a);
      if (std::string(a) == "--db") argv.push_back(copy);
    }
    if (shred) argv.push_back("--force");
    Background job;
    ASSERT_TRUE(job.Start(argv, dir_ + "/job.log"));
    std::this_thread::sleep_for(std::chrono::milliseconds(5 + rng() % 120));
    job.Signal(SIGKILL);
    std::string err;
    auto db = EventDb::Open(copy, &err);
    ASSERT_TRUE(db) << err;
    int64_t people = 0, met = 0;
    ASSERT_TRUE(db->CountAttendees(&people, &err) && db->CountEncounters(&met, &err)) << err;
    Attendee p0;
    const Lookup l = db->FindAttendee("P0", &p0, &err);
    std::vector<Encounter> theirs;
    ASSERT_TRUE(db->EncountersOf("P1", &theirs, &err)) << err;
    if (shred) {
      const bool all = people == 3000 && met == 1499, gone = people == 0 && met == 0;
      EXPECT_TRUE(all || gone) << people << " people, " << met << " encounters";
      (gone ? whole : none) += 1;
    } else {
      const bool all = l == Lookup::kFound && people == 3000 && theirs.size() == 1 && theirs[0].note.size() > 0;
      const bool gone = l == Lookup::kNotFound && people == 2999 && met == 1499 && theirs.size() == 1 &&
                        theirs[0].note.empty() && db->IsForgotten("P0", &err) == Lookup::kFound;
      EXPECT_TRUE(all || gone) << "round " << round;
      (gone ? whole : none) += 1;
    }
  }
  std::printf("killed 16 times: %d finished whole, %d left untouched\n", whole, none);
}

TEST_F(CliTest, SignedBadgesArePrintedScannedAndVerified) {
  ASSERT_EQ(Kindred({"import", dir_ + "/roster.csv", "--db", db_}).exit_code, 0);
  RunResult r = Kindred({"badges", "--db", db_, "--out", dir_ + "/badges"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("3 signed badges"), std::string::npos) << r.out;
  r = Kindred({"scan", "--json", "--db", db_, dir_ + "/badges/png/A1.png"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["codes"][0]["badge"]["kind"], "signed");
  EXPECT_EQ(j["codes"][0]["badge"]["id"], "A1");
  EXPECT_EQ(j["codes"][0]["badge"]["verified"], true);
  // Another event's database does not vouch for these badges.
  std::string other = dir_ + "/other.db";
  ASSERT_EQ(Kindred({"import", dir_ + "/roster.csv", "--db", other}).exit_code, 0);
  ASSERT_EQ(Kindred({"badges", "--db", other, "--out", dir_ + "/other-badges"}).exit_code, 0);
  r = Kindred({"scan", "--json", "--db", other, dir_ + "/badges/png/A1.png"});
  j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["codes"][0]["badge"]["verified"], false);
  EXPECT_NE(j["codes"][0]["badge"]["reason"].get<std::string>().find("forged or edited"), std::string::npos);
}

TEST_F(CliTest, TheOrganiserPinIsStoredHashed) {
  ASSERT_EQ(Kindred({"import", dir_ + "/roster.csv", "--db", db_}).exit_code, 0);
  WriteFile(dir_ + "/pin.txt", "2468\n");
  RunResult r = RunCommand({"/bin/sh", "-c", Bin("kindred") + " pin --db " + db_ + " < " + dir_ + "/pin.txt"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ReadFile(db_).find("2468"), std::string::npos);
  WriteFile(dir_ + "/bad.txt", "12\n");
  r = RunCommand({"/bin/sh", "-c", Bin("kindred") + " pin --db " + db_ + " < " + dir_ + "/bad.txt"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("4 to 8 digits"), std::string::npos) << r.err;
}

TEST_F(CliTest, UsageErrorsExitWithTwo) {
  EXPECT_EQ(Kindred({}).exit_code, 2);
  EXPECT_EQ(Kindred({"frobnicate"}).exit_code, 2);
  EXPECT_EQ(Kindred({"meet", "--db", db_, "only-one"}).exit_code, 2);
  RunResult help = Kindred({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* sub : {"import", "scan", "meet", "suggest", "export", "merge", "backup", "wipe"})
    EXPECT_NE(help.out.find(sub), std::string::npos) << sub;
}

TEST_F(CliTest, ADatabaseFromANewerKindredIsRefusedAndLeftUntouched) {
  ASSERT_EQ(Kindred({"import", dir_ + "/roster.csv", "--db", db_}).exit_code, 0);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA journal_mode=DELETE; PRAGMA user_version=99", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  std::string before = ReadFile(db_);
  RunResult r = Kindred({"meet", "--db", db_, "A1", "B2"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("newer Kindred"), std::string::npos) << r.err;
  EXPECT_EQ(ReadFile(db_), before);
  EXPECT_FALSE(std::filesystem::exists(db_ + "-wal"));
}

TEST_F(CliTest, AFileThatIsNotADatabaseIsRefused) {
  WriteFile(db_, "this is a text file, not a database\n");
  RunResult r = Kindred({"import", dir_ + "/roster.csv", "--db", db_});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("not a Kindred event database"), std::string::npos) << r.err;
  EXPECT_EQ(ReadFile(db_), "this is a text file, not a database\n");
}

}  // namespace
}  // namespace kindred::test
