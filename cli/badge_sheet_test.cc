#include "cli/badge_sheet.h"

#include "common/html.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "event/event_context.h"
#include "scanner/badge_signing.h"
#include "scanner/decoder.h"
#include "tests/support/test_support.h"

namespace kindred {
namespace {

TEST(BadgeSheetTest, EveryAttendeeGetsASignedBadgeThatScansAndVerifies) {
  const test::TempDir tmp;
  std::string dir = tmp.path(), err;
  auto db = EventDb::Open(dir + "/event.db", &err);
  ASSERT_TRUE(db) << err;
  Attendee a, b;
  a.badge_id = "K-1", a.name = "Maya <script>alert(1)</script>", a.passions = {"bees"};
  b.badge_id = "K/2", b.name = "李雷";
  EventDb::UpsertCounts c;
  ASSERT_TRUE(db->UpsertAttendees({a, b}, &c, &err));
  BadgeReport report;
  ASSERT_TRUE(WriteBadges(*db, dir + "/badges", "Mixer", "", &report, &err)) << err;
  EXPECT_EQ(report.badges, 2);
  EXPECT_TRUE(report.new_key);

  LumaImage png;
  ASSERT_TRUE(LoadLumaImage(dir + "/badges/png/K-1.png", &png, &err)) << err;
  auto codes = DecodeCodes(png.view(), {});
  ASSERT_EQ(codes.size(), 1u);
  std::string key_hex, id, reason;
  ASSERT_EQ(db->GetSetting(kPublicKeySetting, &key_hex, &err), Lookup::kFound);
  ASSERT_TRUE(VerifySignedBadge(codes[0].text, FromHex(key_hex), &id, &reason)) << reason;
  EXPECT_EQ(id, "K-1");
  EXPECT_TRUE(std::filesystem::exists(dir + "/badges/svg/K_2.svg")) << "IDs become safe file names";

  std::ifstream in(dir + "/badges/badges.html");
  std::stringstream html;
  html << in.rdbuf();
  EXPECT_EQ(html.str().find("<script>"), std::string::npos) << "names are escaped";
  EXPECT_NE(html.str().find("Maya &lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.str().find("李雷"), std::string::npos);

  // Badges made again keep the same key: printed badges stay valid.
  ASSERT_TRUE(WriteBadges(*db, dir + "/badges", "Mixer", "", &report, &err));
  EXPECT_FALSE(report.new_key);
  std::filesystem::remove_all(dir);
}

TEST(BadgeSheetTest, SvgQrCodesHaveAQuietZoneAndCrispModules) {
  std::string err;
  std::string svg = QrSvg("K-1", 30, &err);
  EXPECT_EQ(svg.rfind("<svg ", 0), 0u);
  EXPECT_NE(svg.find("width=\"30.0mm\""), std::string::npos);
  EXPECT_NE(svg.find("viewBox=\"0 0 29 29\""), std::string::npos) << "21 modules + 2 x 4 quiet";
  EXPECT_NE(svg.find("crispEdges"), std::string::npos);
  EXPECT_EQ(QrSvg(std::string(5000, 'x'), 30, &err), "");
}

}  // namespace
}  // namespace kindred
