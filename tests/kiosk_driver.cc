#include "tests/kiosk_driver.h"

#include <gtest/gtest.h>

#include "tests/support/test_support.h"

namespace kindred::test {

LayoutEffect ShowsScreen(const std::string& screen) {
  return [screen](const nlohmann::json& l) { return l.value("screen", "") == screen; };
}

LayoutEffect ShowsText(const std::string& text) {
  return [text](const nlohmann::json& l) {
    for (const auto& item : l.value("items", nlohmann::json::array()))
      if (item.value("text", "") == text && item.value("visible", false)) return true;
    return false;
  };
}

void WalkAttendeePath(const TapExpectFn& tap, const std::function<nlohmann::json()>& layout) {
  // Name search, letter by letter on the on-screen keyboard.
  tap("Badge won't scan? Find your name", ShowsScreen("search"));
  tap("N", ShowsText("N_"));  // the first letter's key shows a capital
  tap("a", ShowsText("Na_"));
  tap("d", ShowsText("Nad_"));
  tap("Nadia Noor  \u00b7  Noor Labs", ShowsScreen("pick-passions"));
  // Nadia has no passions on file: she picks one.
  std::string first_passion;
  const nlohmann::json passions = layout();
  for (const auto& item : passions.value("items", nlohmann::json::array())) {
    const std::string text = item.value("text", "");
    if (item.value("button", false) && text != "Skip" && text != "Find my people") {
      first_passion = text;
      break;
    }
  }
  ASSERT_FALSE(first_passion.empty()) << passions.dump();
  tap(first_passion, ShowsText("\u2713 " + first_passion));
  tap("Find my people", ShowsScreen("welcome"));
  // We met: her partner's badge will not scan, so she finds him by name.
  tap("Their badge won't scan", ShowsText("Who did you meet?"));
  tap("M", ShowsText("M_"));
  tap("a", ShowsText("Ma_"));
  tap("y", ShowsText("May_"));
  tap("Maya Okafor  \u00b7  Hive & Co", ShowsScreen("card"));
  // The card: an intent, a note, save.
  tap("Introductions to people we know", ShowsText("\u2713 Introductions to people we know"));
  tap("Add a note", ShowsText("A note for your follow-up"));
  tap("H", [](const nlohmann::json& l) { return ShowsText("Done")(l) && !ShowsText("Add a note")(l); });
  tap("Done", ShowsText("Note: H"));
  tap("Save", ShowsScreen("saved"));
  tap("Done", ShowsScreen("attract"));
}

void ExpectAttendeePathSaved(const std::string& db, const std::string& dir) {
  RunResult r = RunCommand({Bin("kindred"), "export", "--db", db, "--out", dir + "/out"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string encounters = ReadFile(dir + "/out/encounters.csv");
  EXPECT_NE(encounters.find("Nadia Noor"), std::string::npos) << encounters;
  EXPECT_NE(encounters.find("introduce"), std::string::npos) << encounters;
  EXPECT_NE(encounters.find(",H"), std::string::npos) << encounters;
}

}  // namespace kindred::test
