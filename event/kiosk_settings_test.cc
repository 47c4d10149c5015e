#include "event/kiosk_settings.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include "tests/support/test_support.h"

namespace kindred {
namespace {

TEST(KioskSettingsTest, SettingsChangedOnTheKioskSurviveARestart) {
  const test::TempDir tmp;
  std::string dir = tmp.path(), err;
  {
    auto db = EventDb::Open(dir + "/event.db", &err);
    ASSERT_TRUE(db) << err;
    KioskSettings s;
    ASSERT_TRUE(LoadKioskSettings(*db, &s, &err));
    EXPECT_EQ(s.kiosk_id, "kiosk-1") << "defaults when nothing is stored";
    s.event_name = "Spring Mixer";
    s.kiosk_id = "hall-b";
    s.idle_timeout_s = 90;
    s.sounds = false;
    s.formats = 1 | 8;
    ASSERT_TRUE(SaveKioskSettings(*db, s, &err)) << err;
  }
  auto db = EventDb::Open(dir + "/event.db", &err);
  KioskSettings s;
  ASSERT_TRUE(LoadKioskSettings(*db, &s, &err));
  EXPECT_EQ(s.event_name, "Spring Mixer");
  EXPECT_EQ(s.kiosk_id, "hall-b");
  EXPECT_EQ(s.idle_timeout_s, 90);
  EXPECT_FALSE(s.sounds);
  EXPECT_TRUE(s.camera);
  EXPECT_EQ(s.formats, 9u);
  ASSERT_TRUE(db->SetSetting("kiosk.idle_timeout_s", "5", &err));
  ASSERT_TRUE(LoadKioskSettings(*db, &s, &err));
  EXPECT_EQ(s.idle_timeout_s, 15) << "kept within sensible bounds";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kindred
