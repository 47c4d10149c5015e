#include "storage/roster.h"

#include <gtest/gtest.h>
#include <cstdlib>
#include <cstdio>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include "tests/support/test_support.h"

namespace kindred {
namespace {

TEST(RosterTest, KindredTemplateWithListsAndConsent) {
  Roster r;
  std::string err;
  ASSERT_TRUE(ParseRoster(
      "badge_id,name,email,company,title,field,stage,passions,offers,seeking,consent\n"
      "K-1,Maya Okafor,maya@example.org,Hive,Designer,design,mid career,urban beekeeping; jazz,mentoring,investors,yes\n",
      &r, &err))
      << err;
  ASSERT_EQ(r.attendees.size(), 1u);
  const Attendee& a = r.attendees[0];
  EXPECT_EQ(a.badge_id, "K-1");
  EXPECT_EQ(a.field, "design");
  EXPECT_EQ(a.stage, "mid career");
  EXPECT_EQ(a.passions, (std::vector<std::string>{"urban beekeeping", "jazz"}));
  EXPECT_EQ(a.offers, (std::vector<std::string>{"mentoring"}));
  EXPECT_TRUE(a.consent);
  EXPECT_EQ(r.format, "kindred");
}

TEST(RosterTest, QuotedFieldsCrlfBomAndExtraColumns) {
  Roster r;
  std::string err;
  ASSERT_TRUE(ParseRoster("\xEF\xBB\xBF" "badge_id,name,company,shoe size\r\n"
                          "A1,\"Okafor, Maya\",\"Hive \"\"&\"\" Co\",42\r\n"
                          "B2,\"Line\r\nBreak\",x,43\r\n",
                          &r, &err))
      << err;
  ASSERT_EQ(r.attendees.size(), 2u);
  EXPECT_EQ(r.attendees[0].name, "Okafor, Maya");
  EXPECT_EQ(r.attendees[0].company, "Hive \"&\" Co");
  EXPECT_EQ(r.attendees[1].name, "Line\r\nBreak");
  EXPECT_TRUE(r.rejected.empty());
}

TEST(RosterTest, SemicolonDelimitedExports) {
  Roster r;
  std::string err;
  ASSERT_TRUE(ParseRoster("badge_id;name;passions\nA1;Maya;\"jazz; bees\"\n", &r, &err)) << err;
  ASSERT_EQ(r.attendees.size(), 1u);
  EXPECT_EQ(r.attendees[0].passions, (std::vector<std::string>{"jazz", "bees"}));
}

TEST(RosterTest, AFileWithNothingButExcelsSeparatorLineIsEmpty) {
  for (const char* text : {"", "sep=;\r\n", "\xEF\xBB\xBFsep=,"}) {
    Roster r;
    std::string err;
    EXPECT_FALSE(ParseRoster(text, &r, &err)) << text;
    EXPECT_EQ(err, "the roster is empty") << text;
  }
}

TEST(RosterTest, BadLinesAreRejectedByLineAndTheRestKept) {
  Roster r;
  std::string err;
  ASSERT_TRUE(ParseRoster("badge_id,name,consent\n"
                          "A1,Maya,yes\n"
                          ",Nobody,yes\n"
                          "B2,\"Two\nLines\",maybe\n"
                          "A1,Maya again,no\n"
                          "C 3,Space,no\n"
                          "\n"
                          "D4,Dee,no\n",
                          &r, &err))
      << err;
  ASSERT_EQ(r.attendees.size(), 2u);
  EXPECT_EQ(r.attendees[1].badge_id, "D4");
  ASSERT_EQ(r.rejected.size(), 4u);
  EXPECT_EQ(r.rejected[0].line, 3);
  EXPECT_EQ(r.rejected[0].reason, "no badge ID");
  EXPECT_EQ(r.rejected[1].line, 4);
  EXPECT_NE(r.rejected[1].reason.find("consent"), std::string::npos);
  EXPECT_EQ(r.rejected[2].line, 6);
  EXPECT_NE(r.rejected[2].reason.find("already used on line 2"), std::string::npos);
  EXPECT_EQ(r.rejected[3].line, 7);
}

TEST(RosterTest, AnUnterminatedQuoteLosesOnlyItsOwnLine) {
  Roster r;
  std::string err;
  ASSERT_TRUE(ParseRoster("badge_id,name\nA1,Maya\nB2,\"Broken\nC3,Chen\nD4,Dee\n", &r, &err)) << err;
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_EQ(r.rejected[0].line, 3);
  EXPECT_NE(r.rejected[0].reason.find("unterminated quote"), std::string::npos);
  ASSERT_EQ(r.attendees.size(), 3u);
  EXPECT_EQ(r.attendees[1].badge_id, "C3");
  EXPECT_EQ(r.attendees[2].badge_id, "D4");
}

TEST(RosterTest, AMisplacedQuoteLosesOnlyItsOwnRecord) {
  Roster r;
  std::string err;
  ASSERT_TRUE(ParseRoster("badge_id,name\nA1,Maya\nB2,\"Bo\"x\nC3,Chen\n", &r, &err)) << err;
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_EQ(r.rejected[0].line, 3);
  EXPECT_NE(r.rejected[0].reason.find("quote"), std::string::npos);
  ASSERT_EQ(r.attendees.size(), 2u);
  EXPECT_EQ(r.attendees[1].badge_id, "C3");
}

TEST(RosterTest, InvalidUtf8IsRejectedWithAHint) {
  Roster r;
  std::string err;
  ASSERT_TRUE(ParseRoster("badge_id,name\nA1,Jos\xe9\nB2,Bo\n", &r, &err));
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_NE(r.rejected[0].reason.find("UTF-8"), std::string::npos);
  EXPECT_EQ(r.attendees.size(), 1u);
}

TEST(RosterTest, EventbritesDefaultReportIsKeyedByAttendeeNumber) {
  const std::string csv =
      "Order #,Order Date,First Name,Last Name,Email,Quantity,Price Tier,Ticket Type,Attendee #,Group,"
      "Order Type,Currency,Total Paid,Fees Paid,Eventbrite Fees,Eventbrite Payment Processing,Attendee Status,"
      "What are you passionate about?,Job Title,Company\n"
      "1689365701,2026-10-01 10:00,Maya,Okafor,maya@example.org,1,,General,2360209833,,Eventbrite Completed,"
      "EUR,0,0,0,0,Attending,urban beekeeping,Designer,Hive & Co\n"
      "1689365702,2026-10-01 11:00,José,Álvarez,jose@example.org,1,,General,2360209834,,Eventbrite Completed,"
      "EUR,0,0,0,0,Checked In,climate,Founder,Solaria\n";
  Roster r;
  std::string err;
  ASSERT_TRUE(ParseRoster(csv, &r, &err)) << err;
  EXPECT_EQ(r.format, "eventbrite");
  ASSERT_EQ(r.attendees.size(), 2u);
  EXPECT_EQ(r.attendees[0].badge_id, "2360209833");
  EXPECT_EQ(r.attendees[0].name, "Maya Okafor");
  EXPECT_EQ(r.attendees[0].title, "Designer");
  EXPECT_EQ(r.attendees[0].passions, (std::vector<std::string>{"urban beekeeping"}));
  EXPECT_FALSE(r.attendees[0].checked_in);
  EXPECT_TRUE(r.attendees[1].checked_in);
}

TEST(RosterTest, SpreadsheetsAreReadAsTheySavedThem) {
  const test::TempDir tmp;
  const std::string dir = tmp.path();
  struct Case {
    const char* name;
    std::string bytes;
  };
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("badge_id\tname\r\nA1\tJos")) utf16 += c, utf16 += '\0';
  utf16 += std::string("\xE9\0\r\0\n\0", 6);
  const Case cases[] = {
      {"excel-europe.csv", "badge_id;name;passions\r\nA1;Jos\xE9;caf\xE9, jazz\r\n"},  // Windows-1252, semicolons
      {"excel-unicode.txt", utf16},                                                      // UTF-16, tabs
      {"bom.csv", "\xEF\xBB\xBF" "badge_id,name\nA1,José\n"},
      {"tabs.tsv", "badge_id\tname\nA1\tJosé\n"},
      {"sep-hint.csv", "sep=;\r\nbadge_id;name\r\nA1;Jos\xE9\r\n"},  // Excel's separator line
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string path = dir + "/" + c.name;
    std::FILE* f = std::fopen(path.c_str(), "wb");
    std::fwrite(c.bytes.data(), 1, c.bytes.size(), f);
    std::fclose(f);
    Roster r;
    std::string err;
    ASSERT_TRUE(ReadRosterFile(path, &r, &err)) << err;
    ASSERT_EQ(r.attendees.size(), 1u);
    EXPECT_EQ(r.attendees[0].name, "José");
    EXPECT_TRUE(r.rejected.empty());
  }
  const std::string xlsx = dir + "/roster.xlsx";
  std::FILE* f = std::fopen(xlsx.c_str(), "wb");
  std::fwrite("PK\x03\x04rest", 1, 8, f);
  std::fclose(f);
  Roster r;
  std::string err;
  EXPECT_FALSE(ReadRosterFile(xlsx, &r, &err));
  EXPECT_NE(err.find("CSV UTF-8"), std::string::npos) << err;
  std::filesystem::remove_all(dir);
}

TEST(RosterTest, AFileWithoutTheNeededColumnsIsRefused) {
  Roster r;
  std::string err;
  EXPECT_FALSE(ParseRoster("", &r, &err));
  EXPECT_FALSE(ParseRoster("name,email\nMaya,m@x.org\n", &r, &err));
  EXPECT_NE(err.find("badge ID column"), std::string::npos) << err;
  EXPECT_FALSE(ParseRoster("badge_id,email\nA1,m@x.org\n", &r, &err));
  EXPECT_NE(err.find("name column"), std::string::npos) << err;
}

TEST(RosterTest, FirstAndLastNameColumnsMakeTheName) {
  Roster r;
  std::string err;
  ASSERT_TRUE(ParseRoster("Barcode,First Name,Last Name\n123,Maya,Okafor\n", &r, &err)) << err;
  ASSERT_EQ(r.attendees.size(), 1u);
  EXPECT_EQ(r.attendees[0].name, "Maya Okafor");
}

TEST(RosterTest, PretixCheckinListImportsTwoAttendeesBySecret) {
  const auto file = std::filesystem::path(KINDRED_SHARED_DATA) / "registration/checkinlist_test_csv_simple.csv";
  if (!std::filesystem::exists(file)) GTEST_SKIP() << "shared/data is absent";
  Roster r;
  std::string err;
  ASSERT_TRUE(ReadRosterFile(file.string(), &r, &err)) << err;
  EXPECT_EQ(r.format, "pretix");
  ASSERT_EQ(r.attendees.size(), 2u);
  EXPECT_TRUE(r.rejected.empty());
  EXPECT_EQ(r.attendees[0].badge_id, "hutjztuxhkbtwnesv2suqv26k6ttytxx");
  EXPECT_EQ(r.attendees[0].name, "Mr Peter A Jones");
  EXPECT_EQ(r.attendees[0].email, "dummy@dummy.test");
  EXPECT_EQ(r.attendees[0].title, "") << "'Attendee name: Title' is a salutation, not a job title";
  EXPECT_FALSE(r.attendees[0].checked_in);
}

TEST(RosterTest, CheckInTimesOrYesMeanCheckedIn) {
  Roster r;
  std::string err;
  ASSERT_TRUE(ParseRoster("badge_id,name,Checked in\nA1,Maya,2026-11-22T17:02:11+01:00\nB2,Bo,\nC3,Cy,yes\n", &r,
                          &err));
  ASSERT_EQ(r.attendees.size(), 3u);
  EXPECT_TRUE(r.attendees[0].checked_in);
  EXPECT_FALSE(r.attendees[1].checked_in);
  EXPECT_TRUE(r.attendees[2].checked_in);
}

TEST(RosterTest, EventbriteAttendeeReportWithCustomQuestions) {
  Roster r;
  std::string err;
  ASSERT_TRUE(ParseRoster("Order #,Order Date,First Name,Last Name,Email,Quantity,Ticket Type,Attendee #,"
                          "Barcode #,Job Title,Company,Attendee Status,What are you passionate about?,"
                          "What can you offer others?,What are you looking for?\n"
                          "123,2026-10-01,Maya,Okafor,maya@example.org,1,General,9001,90011234567,Designer,Hive,"
                          "Checked In,\"bees; jazz\",mentoring,investors\n"
                          "124,2026-10-02,Bo,Li,bo@example.org,1,General,9002,90021234567,,,Attending,,,\n",
                          &r, &err))
      << err;
  EXPECT_EQ(r.format, "eventbrite");
  ASSERT_EQ(r.attendees.size(), 2u);
  const Attendee& a = r.attendees[0];
  EXPECT_EQ(a.badge_id, "90011234567");
  EXPECT_EQ(a.name, "Maya Okafor");
  EXPECT_EQ(a.title, "Designer");
  EXPECT_EQ(a.passions, (std::vector<std::string>{"bees", "jazz"}));
  EXPECT_EQ(a.offers, (std::vector<std::string>{"mentoring"}));
  EXPECT_EQ(a.seeking, (std::vector<std::string>{"investors"}));
  EXPECT_TRUE(a.checked_in);
  EXPECT_FALSE(r.attendees[1].checked_in);
}

TEST(RosterTest, TitoExportUsesTheTicketReference) {
  Roster r;
  std::string err;
  ASSERT_TRUE(ParseRoster("Number,Ticket,Ticket Full Name,Ticket First Name,Ticket Last Name,Ticket Email,"
                          "Ticket Company Name,Ticket Reference,Order Reference,Order Email\n"
                          "1,Early bird,José Álvarez,José,Álvarez,jose@example.org,Solaria,ABCD-1,ABCD,buyer@example.org\n",
                          &r, &err))
      << err;
  EXPECT_EQ(r.format, "tito");
  ASSERT_EQ(r.attendees.size(), 1u);
  EXPECT_EQ(r.attendees[0].badge_id, "ABCD-1");
  EXPECT_EQ(r.attendees[0].name, "José Álvarez");
  EXPECT_EQ(r.attendees[0].email, "jose@example.org") << "the attendee's, not the buyer's";
  EXPECT_EQ(r.attendees[0].company, "Solaria");
}

TEST(RosterTest, LumaExportTakesTheTokenFromTheCheckInUrl) {
  Roster r;
  std::string err;
  ASSERT_TRUE(ParseRoster("api_id,name,first_name,last_name,email,approval_status,checked_in_at,qr_code_url,"
                          "Which passions would you like to talk about?\n"
                          "gst-1,李雷,,,lilei@example.org,approved,2026-11-22T18:01:00.000Z,"
                          "https://lu.ma/check-in/evt-XY?pk=g-7Hq2,robotics\n",
                          &r, &err))
      << err;
  EXPECT_EQ(r.format, "luma");
  ASSERT_EQ(r.attendees.size(), 1u);
  EXPECT_EQ(r.attendees[0].badge_id, "g-7Hq2");
  EXPECT_EQ(r.attendees[0].name, "李雷");
  EXPECT_TRUE(r.attendees[0].checked_in);
  EXPECT_EQ(r.attendees[0].passions, (std::vector<std::string>{"robotics"}));
}

TEST(RosterTest, SeveralQuestionColumnsFeedOneList) {
  Roster r;
  std::string err;
  ASSERT_TRUE(ParseRoster("badge_id,name,Passion 1,Passion 2,Passion 3\nA1,Maya,jazz,,bees\n", &r, &err)) << err;
  ASSERT_EQ(r.attendees.size(), 1u);
  EXPECT_EQ(r.attendees[0].passions, (std::vector<std::string>{"jazz", "bees"}));
}

TEST(RosterTest, AFormatCanBeForcedAndAnUnknownOneIsRefused) {
  Roster r;
  std::string err;
  EXPECT_FALSE(ParseRoster("badge_id,name\nA1,Maya\n", &r, &err, nullptr, "eventbright"));
  EXPECT_NE(err.find("unknown roster format 'eventbright'"), std::string::npos) << err;
  EXPECT_NE(err.find("eventbrite"), std::string::npos) << "the message lists the known ones";
  ASSERT_TRUE(ParseRoster("badge_id,name\nA1,Maya\n", &r, &err, nullptr, "kindred")) << err;
  EXPECT_EQ(r.attendees.size(), 1u);
}

class ImportRosterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("kindred-import-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
    std::string err;
    db_ = EventDb::Open((dir_ / "event.db").string(), &err);
    ASSERT_TRUE(db_) << err;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  std::filesystem::path dir_;
  std::unique_ptr<EventDb> db_;
};

TEST_F(ImportRosterTest, ALargeRosterImportsWithRejectionsByLine) {
  std::string csv = "badge_id,name,passions\n";
  for (int i = 0; i < 5000; ++i) {
    char row[64];  // not "B" + to_string(): GCC 12 warns falsely (PR 105651)
    std::snprintf(row, sizeof row, "B%d,Person %d,jazz\n", i, i);
    csv += row;
  }
  csv += ",Nobody,jazz\n";  // line 5002
  Roster r;
  EventDb::UpsertCounts c;
  std::string err;
  ASSERT_TRUE(ImportRosterFile(Write("big.csv", csv), *db_, &r, &c, &err)) << err;
  EXPECT_EQ(c.inserted, 5000);
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_EQ(r.rejected[0].line, 5002);
  ASSERT_TRUE(ImportRosterFile(Write("big.csv", csv), *db_, &r, &c, &err)) << err;
  EXPECT_EQ(c.inserted, 0);
  EXPECT_EQ(c.updated, 5000);
  int64_t n = 0;
  ASSERT_TRUE(db_->CountAttendees(&n, &err));
  EXPECT_EQ(n, 5000);
}

TEST_F(ImportRosterTest, AnUnreadableRosterImportsNothing) {
  Roster r;
  EventDb::UpsertCounts c;
  std::string err;
  EXPECT_FALSE(ImportRosterFile(Write("bad.csv", "name,email\nMaya,m@x.org\n"), *db_, &r, &c, &err));
  EXPECT_NE(err.find("badge ID column"), std::string::npos) << err;
  EXPECT_FALSE(ImportRosterFile((dir_ / "missing.csv").string(), *db_, &r, &c, &err));
  int64_t n = -1;
  ASSERT_TRUE(db_->CountAttendees(&n, &err));
  EXPECT_EQ(n, 0);
}

TEST(RosterTest, ProgressReachesTheEnd) {
  Roster r;
  std::string err;
  size_t last = 0, total = 0;
  ASSERT_TRUE(ParseRoster("badge_id,name\nA1,Maya\n", &r, &err, [&](size_t d, size_t t) {
    last = d;
    total = t;
  }));
  EXPECT_EQ(last, total);
  EXPECT_GT(total, 0u);
}

}  // namespace
}  // namespace kindred

namespace kindred {
namespace {

TEST(RosterTest, EachPersonsLanguageComesFromTheRoster) {
  Roster r;
  std::string err;
  ASSERT_TRUE(ParseRoster("badge_id,name,language\nA1,Ingrid,de-DE\nA2,Léa,FR\nA3,Maya,\nA4,Kenji,ja_JP.UTF-8\n", &r, &err))
      << err;
  ASSERT_EQ(r.attendees.size(), 4u);
  EXPECT_EQ(r.attendees[0].language, "de");
  EXPECT_EQ(r.attendees[1].language, "fr");
  EXPECT_EQ(r.attendees[2].language, "");  // the event's
  EXPECT_EQ(r.attendees[3].language, "ja");
}

// pretix's order data export, positions sheet, as pretix writes it: the
// ticket secret is the badge, the order's language is "Order locale"
// (pretix's own codes, such as "de-informal").
TEST(RosterTest, PretixOrderExportGivesEachOrdersLanguage) {
  Roster r;
  std::string err;
  ASSERT_TRUE(ParseRoster(
      "\"Event slug\",\"Order code\",\"Position ID\",\"Status\",\"Email\",\"Phone number\",\"Order date\","
      "\"Order time\",\"Product\",\"Variation\",\"Price\",\"Tax rate\",\"Tax rule\",\"Tax value\",\"Attendee name\","
      "\"Attendee email\",\"Company\",\"Address\",\"ZIP code\",\"City\",\"Country\",\"State\",\"Voucher\","
      "\"Pseudonymization ID\",\"Ticket secret\",\"Seat ID\",\"Seat name\",\"Seat zone\",\"Seat row\","
      "\"Seat number\",\"Blocked\",\"Valid from\",\"Valid until\",\"Order comment\",\"Follow-up date\","
      "\"Company\",\"Invoice address name\",\"Invoice address street\",\"Invoice address ZIP code\","
      "\"Invoice address city\",\"Invoice address country\",\"Invoice address state\",\"VAT ID\","
      "\"Sales channel\",\"Order locale\",\"E-mail address verified\",\"External customer ID\","
      "\"Payment providers\"\n"
      "\"mixer\",\"ABC12\",\"1\",\"paid\",\"buyer@example.org\",\"\",\"2026-11-01\",\"10:00:00\",\"Ticket\",\"\","
      "\"0.00\",\"0.00\",\"\",\"0.00\",\"Ingrid Berg\",\"ingrid@example.org\",\"Nordlicht\",\"\",\"\",\"\",\"\",\"\","
      "\"\",\"PSEUDO1\",\"s3cr3tabc\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\","
      "\"\",\"\",\"\",\"web\",\"de-informal\",\"Yes\",\"\",\"\"\n",
      &r, &err))
      << err;
  ASSERT_EQ(r.attendees.size(), 1u) << (r.rejected.empty() ? "" : r.rejected[0].reason);
  EXPECT_EQ(r.attendees[0].badge_id, "s3cr3tabc");
  EXPECT_EQ(r.attendees[0].name, "Ingrid Berg");
  EXPECT_EQ(r.attendees[0].email, "ingrid@example.org");
  EXPECT_EQ(r.attendees[0].language, "de-informal") << "pretix's du";
}

TEST(RosterTest, AGermanTagSaysItsRegisterOrLeavesItToTheEvent) {
  Roster r;
  std::string err;
  ASSERT_TRUE(ParseRoster("badge_id,name,language,name_latin\nA1,Ingrid,de-DE,\nA2,Jonas,de-informal,\n"
                          "A3,田中 由紀,ja,Yuki Tanaka\n",
                          &r, &err))
      << err;
  ASSERT_EQ(r.attendees.size(), 3u);
  EXPECT_EQ(r.attendees[0].language, "de") << "no register said: the event's";
  EXPECT_EQ(r.attendees[1].language, "de-informal");
  EXPECT_EQ(r.attendees[2].name_latin, "Yuki Tanaka");
}

}  // namespace
}  // namespace kindred
