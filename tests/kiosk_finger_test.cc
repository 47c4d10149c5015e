// The real kindred-kiosk with touches exactly as a Raspberry Pi's
// touchscreen gives them under KMSDRM (finger events, windowID 0, no mouse
// at all; tests/finger_kiosk.h), through the whole attendee path and into
// organiser mode, with the panel mounted each way round: every tap's effect
// drawn within 100 ms, a drag scrolls and taps nothing, a second finger is
// not a second tap, and under X11 (where SDL adds mouse copies) a tap counts once.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "tests/finger_kiosk.h"
#include "tests/kiosk_driver.h"
#include "tests/support/test_support.h"
#include "tests/support/people.h"

namespace kindred::test {
namespace {

class KioskFingerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    db_ = dir_ + "/event.db";
    std::vector<Attendee> people = KioskTrio();
    // Enough people called Ma... that the name search's results need scrolling.
    int n = 0;
    for (const char* name : {"Mateo Rossi", "Malik Haddad", "Mariana Costa", "Marek Nowak", "Mads Holm"})
      people.push_back(Someone("M-" + std::to_string(++n), name).Passions({"jazz"}));
    WriteFile(dir_ + "/roster.csv", RosterCsv(people));
    RunResult r = RunCommand({Bin("kindred"), "import", dir_ + "/roster.csv", "--db", db_});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    WriteFile(dir_ + "/pin.txt", "2468\n");
    r = RunCommand({"/bin/sh", "-c", Bin("kindred") + " pin --db " + db_ + " < " + dir_ + "/pin.txt"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  void Start(FingerKiosk& kiosk, int w, int h, int degrees) {
    Orientation o;
    o.degrees = degrees;
    std::string err;
    ASSERT_TRUE(kiosk.Start(dir_, w, h, o, {"--db", db_, "--kiosk-id", "finger"}, &err)) << err;
    ASSERT_EQ(kiosk.Layout().value("screen", ""), "attract") << kiosk.kiosk_log();
  }

  // Taps `button` with a finger and expects `effect` drawn within kPromptMs.
  void TapExpect(FingerKiosk& kiosk, const std::string& button, const LayoutEffect& effect,
                 int pause_ms = 300) {
    std::string err;
    const double ms = kiosk.Tap(button, effect, 3000, &err);
    ASSERT_GE(ms, 0) << err << "\n" << kiosk.Layout().dump();
    EXPECT_LE(ms, kPromptMs) << "'" << button << "': its effect took " << ms << " ms to be drawn";
    latencies_.push_back(ms);
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms));
  }

  // Name search for someone, by finger, up to their first screen.
  void FindByName(FingerKiosk& kiosk) {
    TapExpect(kiosk, "Badge won't scan? Find your name", ShowsScreen("search"));
    TapExpect(kiosk, "N", ShowsText("N_"));
    TapExpect(kiosk, "a", ShowsText("Na_"));
    TapExpect(kiosk, "d", ShowsText("Nad_"));
    TapExpect(kiosk, "Nadia Noor  \u00b7  Noor Labs", ShowsScreen("pick-passions"));
  }

  // The name search at 800x480 with "Ma" typed: six people match.
  void SearchForMa(FingerKiosk& kiosk) {
    Start(kiosk, 800, 480, 0);
    TapExpect(kiosk, "Badge won't scan? Find your name", ShowsScreen("search"));
    TapExpect(kiosk, "M", ShowsText("M_"));
    TapExpect(kiosk, "a", ShowsText("Ma_"));
  }

  void Report(const char* what) {
    double worst = 0;
    for (double ms : latencies_) worst = std::max(worst, ms);
    std::printf("%s: %zu taps, slowest drawn after %.1f ms\n", what, latencies_.size(), worst);
  }

  std::string dir_, db_;
  std::vector<double> latencies_;
};

TEST_F(KioskFingerTest, TheWholeAttendeePathByFingerAsAPiGivesIt) {
  FingerKiosk kiosk;
  Start(kiosk, 800, 480, 0);
  WalkAttendeePath([&](const std::string& button, const LayoutEffect& effect) { TapExpect(kiosk, button, effect); },
                   [&] { return kiosk.Layout(); });
  Report("attendee path by finger");
  ExpectAttendeePathSaved(db_, dir_);
}

// The welcome's code for a phone, by finger as a Pi gives it: a tap on the
// Wi-Fi's code shows the page's, at once.
TEST_F(KioskFingerTest, ATapOnTheWifiCodeShowsThePagesCode) {
  FingerKiosk kiosk;
  std::string err;
  ASSERT_TRUE(kiosk.Start(dir_, 800, 480, Orientation{},
                          {"--db", db_, "--kiosk-id", "finger", "--phone-url", "http://10.0.0.7:8080", "--wifi",
                           "Spring Mixer"},
                          &err))
      << err;
  TapExpect(kiosk, "Badge won't scan? Find your name", ShowsScreen("search"));
  TapExpect(kiosk, "M", ShowsText("M_"));
  TapExpect(kiosk, "a", ShowsText("Ma_"));
  TapExpect(kiosk, "y", ShowsText("May_"));
  TapExpect(kiosk, "Maya Okafor  \u00b7  Hive & Co", ShowsScreen("welcome"));
  TapExpect(kiosk, "1. Join the Wi-Fi \"Spring Mixer\" with your phone's camera, then tap here",
            ShowsText("2. Take your suggestions with you"));
  TapExpect(kiosk, "2. Take your suggestions with you",
            ShowsText("1. Join the Wi-Fi \"Spring Mixer\" with your phone's camera, then tap here"));
}

TEST_F(KioskFingerTest, TheOrganiserCornerOpensOnATwoSecondHoldAndThePinPadTakesTaps) {
  FingerKiosk kiosk;
  Start(kiosk, 800, 480, 0);
  // The very corner pixel counts (a finger at the bezel).
  const PointF corner{static_cast<float>(kiosk.ui_width()) - 1, 2};
  kiosk.Touch(corner, 400);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(kiosk.Layout().value("screen", ""), "attract") << "a short touch is not a hold";
  kiosk.Touch(corner, 2300);
  ASSERT_GE(kiosk.WaitFor(ShowsScreen("pin"), 2000), 0) << kiosk.kiosk_log();
  std::string dots;
  for (const char* d : {"2", "4", "6", "8"}) {
    dots += "\u25cf ";
    TapExpect(kiosk, d, ShowsText(dots), 150);
  }
  // The PIN's hash is slow on purpose: the pad says so at once.
  TapExpect(kiosk, "OK", [](const nlohmann::json& l) { return ShowsText("Checking\u2026")(l) || ShowsScreen("organiser")(l); });
  ASSERT_GE(kiosk.WaitFor(ShowsScreen("organiser"), 3000), 0);
  // Closing the kiosk asks first; "Keep it open" keeps it.
  TapExpect(kiosk, "Close the kiosk", ShowsText("Keep it open"));
  TapExpect(kiosk, "Keep it open", ShowsText("Close the kiosk"));
  TapExpect(kiosk, "Close the kiosk", ShowsText("Close it"));
  std::string err;
  ASSERT_GE(kiosk.Tap("Close it", [](const nlohmann::json&) { return true; }, 1000, &err), 0) << err;
  // At once: frames are not left queued (a held finger once left 8 s of them).
  EXPECT_EQ(kiosk.WaitForExit(2000), 0) << "a clean exit (the service starts it again)\n" << kiosk.kiosk_log();
  Report("organiser by finger");
}

TEST_F(KioskFingerTest, ASecondFingerIsNotASecondTapAndAnX11TouchCountsOnce) {
  FingerKiosk kiosk;
  Start(kiosk, 800, 480, 0);
  TapExpect(kiosk, "Badge won't scan? Find your name", ShowsScreen("search"));
  PointF n, a;
  ASSERT_TRUE(kiosk.Find("N", &n));
  ASSERT_TRUE(kiosk.Find("A", &a));  // capitals: nothing typed yet
  kiosk.TwoFingers(n, a);
  ASSERT_GE(kiosk.WaitFor(ShowsText("N_"), 2000), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_TRUE(ShowsText("N_")(kiosk.Layout())) << "the second finger typed too";
  // Under X11 SDL sends each touch twice: as a finger and as a mouse.
  std::string err;
  ASSERT_GE(kiosk.Tap("a", ShowsText("Na_"), 2000, &err, /*window=*/true), 0) << err;
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_TRUE(ShowsText("Na_")(kiosk.Layout())) << "one touch typed twice";
}

TEST_F(KioskFingerTest, DraggingAListScrollsItAndTapsNothing) {
  FingerKiosk kiosk;
  SearchForMa(kiosk);
  // Six people match "ma"; find one the list does not show.
  std::vector<std::string> hidden;
  PointF first{};
  bool have_first = false;
  const nlohmann::json results = kiosk.Layout();
  for (const auto& item : results["items"]) {
    const std::string text = item.value("text", "");
    if (!item.value("button", false) || text.rfind("Ma", 0) != 0) continue;
    if (!item.value("visible", false)) hidden.push_back(text);
    else if (!have_first) {
      first = {(item["x0"].get<float>() + item["x1"].get<float>()) / 2,
               (item["y0"].get<float>() + item["y1"].get<float>()) / 2};
      have_first = true;
    }
  }
  ASSERT_TRUE(have_first) << kiosk.Layout().dump();
  ASSERT_FALSE(hidden.empty()) << "every result fits: nothing to scroll";
  const std::string target = hidden.back();
  // Push the list up with a finger until the last one shows.
  for (int i = 0; i < 12 && !ShowsText(target)(kiosk.Layout()); ++i) {
    kiosk.Drag(first, -40 * std::min(3.0f, 1.0f + i));
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
  }
  EXPECT_TRUE(ShowsText(target)(kiosk.Layout())) << "dragging did not scroll to " << target;
  EXPECT_EQ(kiosk.Layout().value("screen", ""), "search") << "a drag picked a name";
  // And the scrolled-to person can be tapped.
  TapExpect(kiosk, target, [](const nlohmann::json& l) { return l.value("screen", "") != "search"; });
}

TEST_F(KioskFingerTest, DoneOnTheSearchKeyboardShowsEveryResultAndKeepsWhatWasTyped) {
  FingerKiosk kiosk;
  SearchForMa(kiosk);
  auto visible_results = [](const nlohmann::json& l) {
    int n = 0;
    for (const auto& item : l.value("items", nlohmann::json::array()))
      n += item.value("button", false) && item.value("visible", false) && item.value("text", "").rfind("Ma", 0) == 0;
    return n;
  };
  const int before = visible_results(kiosk.Layout());
  TapExpect(kiosk, "Done", ShowsText("Keyboard"));
  const nlohmann::json after = kiosk.Layout();
  EXPECT_EQ(after.value("screen", ""), "search") << "Done does not leave the search";
  EXPECT_TRUE(ShowsText("Ma_")(after)) << "what was typed stays";
  EXPECT_GE(visible_results(after), std::min(6, before + 3)) << "the results take the keyboard's room";
  TapExpect(kiosk, "Keyboard", ShowsText("q"));
  EXPECT_TRUE(ShowsText("Ma_")(kiosk.Layout()));
}

// The attract screen's language buttons take a finger as the Pi gives it,
// in the landscape column and the portrait row: German at once, and the
// search it leads to in German too.
TEST_F(KioskFingerTest, SomeoneWithoutABadgePicksTheirLanguageByFinger) {
  WriteFile(dir_ + "/german.csv", "badge_id,name,language\nG-1,Greta Neu,de\n");
  RunResult r = RunCommand({Bin("kindred"), "import", dir_ + "/german.csv", "--db", db_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (auto [w, h] : {std::pair{800, 480}, std::pair{720, 1280}}) {
    SCOPED_TRACE(std::to_string(w) + "x" + std::to_string(h));
    FingerKiosk kiosk;
    Start(kiosk, w, h, 0);
    TapExpect(kiosk, "Deutsch", ShowsText("Wofür brennen Sie?"));
    TapExpect(kiosk, "Badge geht nicht? Suchen Sie Ihren Namen", ShowsText("Suchen Sie Ihren Namen"));
    EXPECT_EQ(kiosk.Layout().value("screen", ""), "search");
  }
  Report("language picked by finger");
}

TEST_F(KioskFingerTest, AWalkInSpellsTheirNameWithCapitalsAndAccents) {
  FingerKiosk kiosk;
  std::string err;
  ASSERT_TRUE(kiosk.Start(dir_, 800, 480, Orientation{}, {"--db", db_, "--walk-ins"}, &err)) << err;
  TapExpect(kiosk, "No badge? Join as a guest", ShowsScreen("join"), 200);
  // "Zoë De Peña": each word's first key shows a capital by itself; the
  // accents key gives ë and ñ; shift makes any letter a capital.
  for (const char* key : {"Z", "o"}) TapExpect(kiosk, key, [](const nlohmann::json&) { return true; }, 120);
  TapExpect(kiosk, "\u00e0\u00e9", ShowsText("\u00eb"), 120);
  TapExpect(kiosk, "\u00eb", ShowsText("abc"), 120);
  TapExpect(kiosk, "abc", ShowsText("q"), 120);
  TapExpect(kiosk, "space", ShowsText("D"), 120);
  for (const char* key : {"D", "e", "space", "P", "e"}) TapExpect(kiosk, key, [](const nlohmann::json&) { return true; }, 120);
  TapExpect(kiosk, "\u00e0\u00e9", ShowsText("\u00f1"), 120);
  TapExpect(kiosk, "\u00f1", ShowsText("abc"), 120);
  TapExpect(kiosk, "abc", ShowsText("a"), 120);
  TapExpect(kiosk, "a", ShowsText("Zo\u00eb De Pe\u00f1a_"), 120);
  // Shift makes the next letter a capital anywhere ("McKay").
  TapExpect(kiosk, "shift", ShowsText("Q"), 120);
  TapExpect(kiosk, "K", ShowsText("Zo\u00eb De Pe\u00f1aK_"), 120);
  TapExpect(kiosk, "delete", ShowsText("Zo\u00eb De Pe\u00f1a_"), 120);
  TapExpect(kiosk, "Done", ShowsScreen("join-contact"));
  TapExpect(kiosk, "Continue", ShowsScreen("pick-passions"));
  EXPECT_TRUE(ShowsText("Hi, Zo\u00eb De Pe\u00f1a!")(kiosk.Layout())) << kiosk.Layout().dump();
}

// A panel mounted each way round: the picture turns, and touch turns with it.
class KioskFingerRotationTest : public KioskFingerTest, public ::testing::WithParamInterface<std::tuple<int, int, int>> {};

TEST_P(KioskFingerRotationTest, TapsLandWhereTheTurnedInterfaceIsDrawn) {
  const auto [w, h, degrees] = GetParam();
  FingerKiosk kiosk;
  Start(kiosk, w, h, degrees);
  const nlohmann::json layout = kiosk.Layout();
  EXPECT_EQ(layout.value("width", 0), kiosk.ui_width());
  EXPECT_EQ(layout.value("height", 0), kiosk.ui_height());
  FindByName(kiosk);
  TapExpect(kiosk, "Skip", ShowsScreen("welcome"));
  Report(("turned " + std::to_string(degrees)).c_str());
}

INSTANTIATE_TEST_SUITE_P(Panels, KioskFingerRotationTest,
                         ::testing::Values(std::tuple{800, 480, 180},      // the 7" display upside down
                                           std::tuple{720, 1280, 90},      // Touch Display 2 as a 1280x720 landscape
                                           std::tuple{800, 480, 270}),     // the 7" display as a portrait kiosk
                         [](const ::testing::TestParamInfo<std::tuple<int, int, int>>& p) {
                           return std::to_string(std::get<0>(p.param)) + "x" + std::to_string(std::get<1>(p.param)) +
                                  "_turned_" + std::to_string(std::get<2>(p.param));
                         });

}  // namespace
}  // namespace kindred::test
