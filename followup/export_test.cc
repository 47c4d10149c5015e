#include "followup/export.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include "tests/support/test_support.h"

namespace kindred {
namespace {

class ExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::MakeTempDir();
    std::string err;
    db_ = EventDb::Open(dir_ + "/event.db", &err);
    ASSERT_TRUE(db_) << err;
    Attendee a, b;
    a.badge_id = "A1", a.name = "=HYPERLINK(\"http://evil\")", a.email = "a@example.org", a.consent = true;
    b.badge_id = "B2", b.name = "Bo", b.email = "b@example.org", b.consent = false;
    a.passions = b.passions = {"jazz", "tea"};
    EventDb::UpsertCounts counts;
    ASSERT_TRUE(db_->UpsertAttendees({a, b}, &counts, &err)) << err;
    Encounter e;
    e.a_id = "A1", e.b_id = "B2", e.note = "@SUM(1)", e.shared = {"jazz", "tea"};
    ASSERT_TRUE(db_->SaveEncounter(&e, 3600, &err)) << err;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  // Two more attendees, M (Maya Okafor) and J (José Álvarez).
  bool AddMayaAndJose(std::string* err) {
    Attendee maya, jose;
    maya.badge_id = "M", maya.name = "Maya Okafor";
    jose.badge_id = "J", jose.name = "José Álvarez";
    maya.passions = jose.passions = {"jazz"};
    EventDb::UpsertCounts counts;
    return db_->UpsertAttendees({maya, jose}, &counts, err);
  }
  // The event's matcher, from the roster as it is now.
  const Matcher& Event() {
    std::vector<Attendee> people;
    std::string err;
    EXPECT_TRUE(db_->LoadAttendees(&people, &err)) << err;
    matcher_ = std::make_unique<Matcher>(people, TagSynonyms{});
    return *matcher_;
  }
  std::string Read(const std::string& name) {
    std::ifstream in(dir_ + "/out/" + name, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::string dir_;
  std::unique_ptr<EventDb> db_;
  std::unique_ptr<Matcher> matcher_;
};

TEST_F(ExportTest, EncountersCsvHasTheDocumentedColumnsAndOneRowEach) {
  ExportReport report;
  std::string err;
  ASSERT_TRUE(ExportFollowUps(*db_, Event(), dir_ + "/out", {}, &report, &err)) << err;
  EXPECT_EQ(report.encounters, 1);
  std::string csv = Read("encounters.csv");
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
            "encounter_id,met_at,kiosk_id,a_badge_id,a_name,a_email,b_badge_id,b_name,b_email,"
            "shared_passions,starter,intents,note");
  EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"http://evil\"\")\""), std::string::npos) << csv;
  EXPECT_NE(csv.find("\"'@SUM(1)\""), std::string::npos) << csv;
  EXPECT_NE(csv.find("a@example.org"), std::string::npos);
  EXPECT_EQ(csv.find("b@example.org"), std::string::npos) << "B2 did not consent";
  EXPECT_NE(csv.find("jazz; tea"), std::string::npos);
}

TEST_F(ExportTest, EachFollowUpNamesTheOtherPersonToTheReader) {
  std::string err;
  ASSERT_TRUE(AddMayaAndJose(&err)) << err;
  Encounter e;
  e.a_id = "J", e.b_id = "M", e.shared = {"jazz"};
  e.starter = "Ask each other: what got you into jazz?";
  ASSERT_TRUE(db_->SaveEncounter(&e, 3600, &err)) << err;
  ExportReport report;
  ASSERT_TRUE(ExportFollowUps(*db_, Event(), dir_ + "/out", {}, &report, &err)) << err;
  EXPECT_NE(Read("attendees/M.md").find("To pick up where you left off: Ask José: what got you into jazz?"),
            std::string::npos) << Read("attendees/M.md");
  EXPECT_NE(Read("attendees/J.md").find("To pick up where you left off: Ask Maya: what got you into jazz?"),
            std::string::npos) << Read("attendees/J.md");
  EXPECT_NE(Read("attendees/M.csv").find("Ask José: what"), std::string::npos);
}

TEST_F(ExportTest, WalkInsAreMarkedInTheCrmExportAndListedForOrganisers) {
  std::string err;
  Attendee sam;
  sam.badge_id = "walk-in-1", sam.name = "Sam Newcomer", sam.email = "sam@example.org", sam.consent = true;
  sam.walk_in = true;
  EventDb::UpsertCounts counts;
  ASSERT_TRUE(db_->UpsertAttendees({sam}, &counts, &err)) << err;
  Encounter e;
  e.a_id = "A1", e.b_id = "walk-in-1";
  ASSERT_TRUE(db_->SaveEncounter(&e, 3600, &err)) << err;
  ExportReport report;
  ExportOptions options;
  options.event_name = "Mixer";
  ASSERT_TRUE(ExportFollowUps(*db_, Event(), dir_ + "/out", options, &report, &err)) << err;
  const std::string crm = Read("crm-contacts.csv");
  EXPECT_NE(crm.find("Sam,Newcomer,sam@example.org,,,Kindred: Mixer (walk-in)"), std::string::npos) << crm;
  EXPECT_EQ(Read("walk-ins.csv"),
            "badge_id,name,email,company,title,consent,passions,met\r\n"
            "walk-in-1,Sam Newcomer,sam@example.org,,,yes,,1\r\n");
}

TEST_F(ExportTest, FollowUpsFromOlderDatabasesAreAddressedToTheReaderToo) {
  std::string err;
  ASSERT_TRUE(AddMayaAndJose(&err)) << err;
  Encounter e;
  e.a_id = "J", e.b_id = "M", e.starter = "Ask Maya and José: what got you into jazz?", e.shared = {"jazz"};
  ASSERT_TRUE(db_->SaveEncounter(&e, 3600, &err)) << err;
  ExportReport report;
  ASSERT_TRUE(ExportFollowUps(*db_, Event(), dir_ + "/out", {}, &report, &err)) << err;
  EXPECT_NE(Read("attendees/M.md").find("Ask José: what got you"), std::string::npos) << Read("attendees/M.md");
  EXPECT_NE(Read("attendees/J.md").find("Ask Maya: what got you"), std::string::npos) << Read("attendees/J.md");
}

TEST_F(ExportTest, EachAttendeeGetsTheirOwnFollowUps) {
  ExportReport report;
  std::string err;
  ExportOptions options;
  options.event_name = "Beekeepers' Mixer";
  ASSERT_TRUE(ExportFollowUps(*db_, Event(), dir_ + "/out", options, &report, &err)) << err;
  EXPECT_EQ(report.attendees, 2);
  // B2 (Bo) met A1, who agreed to share: Bo's vCard has A1's details.
  std::string vcf = Read("attendees/B2.vcf");
  EXPECT_EQ(vcf.rfind("BEGIN:VCARD\r\nVERSION:3.0\r\n", 0), 0u) << vcf;
  EXPECT_NE(vcf.find("EMAIL;TYPE=INTERNET:a@example.org\r\n"), std::string::npos) << vcf;
  EXPECT_NE(vcf.find("NOTE:You met at Beekeepers' Mixer on "), std::string::npos) << vcf;
  // A1 met Bo, who did not: no vCard, no e-mail, and the summary says how to reach Bo.
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/out/attendees/A1.vcf"));
  std::string csv = Read("attendees/A1.csv");
  EXPECT_EQ(csv.find("b@example.org"), std::string::npos) << csv;
  std::string md = Read("attendees/A1.md");
  EXPECT_NE(md.find("# Your conversations at Beekeepers' Mixer"), std::string::npos) << md;
  EXPECT_NE(md.find("You both love jazz and tea"), std::string::npos) << md;
  EXPECT_NE(md.find("chose not to share contact details"), std::string::npos) << md;
  EXPECT_NE(md.find("Next: Within two days, send Bo something about jazz"), std::string::npos) << md;
}

TEST_F(ExportTest, TheCrmFileHasImportColumnsAndOnlyConsentingPeople) {
  ExportReport report;
  std::string err;
  ASSERT_TRUE(ExportFollowUps(*db_, Event(), dir_ + "/out", {}, &report, &err)) << err;
  std::string crm = Read("crm-contacts.csv");
  EXPECT_EQ(crm.substr(0, crm.find("\r\n")), "First Name,Last Name,Email,Company,Job Title,Lead Source,Description");
  EXPECT_NE(crm.find("a@example.org"), std::string::npos) << crm;
  EXPECT_EQ(crm.find("b@example.org"), std::string::npos) << crm;
  EXPECT_NE(crm.find("\"'=HYPERLINK"), std::string::npos) << "formulas neutralised here too:\n" << crm;
}

TEST_F(ExportTest, ExportingAgainReplacesThePerAttendeeFolder) {
  ExportReport report;
  std::string err;
  ASSERT_TRUE(ExportFollowUps(*db_, Event(), dir_ + "/out", {}, &report, &err)) << err;
  std::ofstream(dir_ + "/out/attendees/stale.md") << "old";
  ASSERT_TRUE(ExportFollowUps(*db_, Event(), dir_ + "/out", {}, &report, &err)) << err;
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/out/attendees/stale.md"));
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/out/attendees/A1.md"));
  for (const auto& e : std::filesystem::directory_iterator(dir_ + "/out"))
    EXPECT_NE(e.path().filename().string()[0], '.') << "no temporary folder left: " << e.path();
}

TEST_F(ExportTest, ExcelBomIsOptional) {
  ExportReport report;
  std::string err;
  ExportOptions options;
  options.excel_bom = true;
  ASSERT_TRUE(ExportFollowUps(*db_, Event(), dir_ + "/out", options, &report, &err)) << err;
  EXPECT_EQ(Read("encounters.csv").rfind("\xEF\xBB\xBF" "encounter_id", 0), 0u);
}

TEST_F(ExportTest, AnUnwritableFolderIsAClearError) {
  ExportReport report;
  std::string err;
  EXPECT_FALSE(ExportFollowUps(*db_, Event(), "/proc/kindred-cannot-write", {}, &report, &err));
  EXPECT_NE(err.find("/proc/kindred-cannot-write"), std::string::npos) << err;
}

}  // namespace
}  // namespace kindred
