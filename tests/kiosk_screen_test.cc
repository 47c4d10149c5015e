// kindred-kiosk rendered for real (SDL's offscreen driver, Mesa llvmpipe):
// badge images go through the real flow and the resulting screens are checked.
// Screenshots are kept in the build tree (tests/screens/) to be looked at.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "i18n/bidi.h"
#include "i18n/catalog.h"
#include "tests/support/test_support.h"

namespace kindred::test {
namespace {

const std::string kScreens = std::string(KINDRED_BIN_DIR) + "/tests/screens";

// The kiosk's environment. Mesa's software GL driver leaks a few kilobytes
// from a module it unloads at exit, which LeakSanitizer cannot attribute or
// suppress; the kiosk's own logic is leak-checked by kiosk_test instead.
const std::vector<std::string> kKioskEnv = {"SDL_VIDEODRIVER=offscreen", "KINDRED_ASSETS=" KINDRED_TEST_ASSETS,
                                            "ASAN_OPTIONS=detect_leaks=0"};

class KioskScreenTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = MakeTempDir();
    db_ = dir_ + "/event.db";
    std::filesystem::create_directories(kScreens);
    RunResult r = RunCommand({Bin("kindred"), "import", std::string(KINDRED_TEST_ASSETS) + "/demo-roster.csv",
                       "--db", db_});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    WriteFile(dir_ + "/pin.txt", "2468\n");
    r = RunCommand({"/bin/sh", "-c", Bin("kindred") + " pin --db " + db_ + " < " + dir_ + "/pin.txt"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // Nadia has no passions yet; the two with long names, long titles and
    // offers for each other make the card as full as a card gets.
    WriteFile(dir_ + "/newcomer.csv",
              "badge_id,name,email,company,title,field,passions,offers,seeking,consent,language\n"
              "K-2000,Nadia Noor,,Lumen,,,,,,,\n"
              "K-2001,Maximiliane-Alexandra von Hohenzollern-Sigmaringen,max@example.org,"
              "Internationale Gesellschaft für Zusammenarbeit,Senior Programme Director,development,"
              "regenerative agriculture; community energy cooperatives,"
              "introductions to municipal climate offices across Europe,"
              "a technical co-founder for a soil monitoring startup,yes,de-DE\n"
              "K-2002,Bartholomew Oluwaseun Abernathy-Kowalczyk,bart@example.org,Northern Lights Engineering,"
              "Principal Embedded Systems Engineer,engineering,"
              "regenerative agriculture; community energy cooperatives,"
              "a technical co-founder for a soil monitoring startup,"
              "introductions to municipal climate offices across Europe,yes,ja\n"
              // Right to left: a Hebrew name, and a bilingual one with an Arabic passion.
              "K-2003,שרה לוי,,,,,photography; jazz,,,,\n"
              "K-2004,Leila ليلى حداد,,,,,تصوير; jazz,,,,\n");
    r = RunCommand({Bin("kindred"), "import", dir_ + "/newcomer.csv", "--db", db_});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (auto [file, text] : {std::pair{"maya.png", "K-1001"}, std::pair{"jose.png", "K-1002"},
                              std::pair{"sofia.png", "K-1007"},
                              std::pair{"nadia.png", "K-2000"}, std::pair{"max.png", "K-2001"},
                              std::pair{"bart.png", "K-2002"}, std::pair{"sarah.png", "K-2003"},
                              std::pair{"leila.png", "K-2004"}, std::pair{"stranger.png", "NOT-ON-THE-LIST"},
                              std::pair{"poster.png", "WIFI:S:venue;T:WPA;P:secret;;"}})
      ASSERT_EQ(RunCommand({Bin("make-test-badge"), dir_ + "/" + file, text}).exit_code, 0);
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }

  // Runs the kiosk offscreen on the scans and returns the screenshot.
  Rgba Screen(const std::string& name, const std::vector<std::string>& scans, const std::string& size) {
    std::string png = kScreens + "/" + name + ".png";
    std::vector<std::string> args{Bin("kindred-kiosk"), "--db", db_, "--size", size, "--screenshot", png};
    for (const std::string& s : scans) {
      args.push_back("--scan-image");
      args.push_back(dir_ + "/" + s);
    }
    RunResult r = RunCommand(args, kKioskEnv);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    Rgba image;
    EXPECT_TRUE(LoadPng(png, &image)) << png;
    return image;
  }

  // The texts the kiosk shows (its layout record; `visible_only`: those in
  // view) on a fresh copy of the event after `scans` and `taps` at `size`,
  // with a screenshot kScreens/`png`.
  std::vector<std::string> ShownTexts(const std::vector<std::string>& scans, const std::vector<std::string>& taps,
                                      const std::string& size, const std::string& png, bool visible_only = true) {
    std::string db = dir_ + "/shown.db";
    std::filesystem::remove(db);
    std::filesystem::copy_file(db_, db);
    std::vector<std::string> args{Bin("kindred-kiosk"), "--db", db, "--size", size, "--screenshot",
                                  kScreens + "/" + png, "--layout", dir_ + "/shown.json"};
    for (const std::string& scan : scans) args.insert(args.end(), {"--scan-image", dir_ + "/" + scan});
    for (const std::string& tap : taps) args.insert(args.end(), {"--then", tap});
    RunResult r = RunCommand(args, kKioskEnv);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> texts;
    const nlohmann::json layout = nlohmann::json::parse(ReadFile(dir_ + "/shown.json"));
    for (const auto& item : layout["items"])
      if (item["visible"] || !visible_only) texts.push_back(item["text"]);
    return texts;
  }

  static std::string dir_, db_;
};
std::string KioskScreenTest::dir_, KioskScreenTest::db_;

// One screen of the kiosk, reached by scans and taps, rendered for real.
struct ScreenCase {
  const char* name;
  std::vector<std::string> scans;
  std::vector<std::string> taps;
  const char* screen;                  // the flow screen it must show
  std::vector<std::string> must_show;  // texts that must be visible on it
};

const std::vector<ScreenCase> kScreenCases = {
    {"attract", {}, {}, "attract",
     {"What are you passionate about?", "Badge won't scan? Find your name", "No badge? Join as a guest"}},
    // The roster has German and Japanese speakers: someone without a badge picks German.
    {"attract-picked", {}, {"language:1"}, "attract", {"Deutsch", "Wofür brennen Sie?", "English", "日本語"}},
    {"search", {}, {"search", "type:May"}, "search", {"Find your name", "Maya Okafor  \u00b7  Hive & Co", "delete", "Done"}},
    {"pick-passions", {"nadia.png"}, {"passion:0"}, "pick-passions",
     {"Hi, Nadia Noor!", "What are you passionate about? Pick a few.", "Find my people"}},
    {"welcome", {"maya.png"}, {}, "welcome", {"Hi, Maya Okafor!", "People to talk to", "José Álvarez", "Done"}},
    {"join", {}, {"join", "join-name:Sam New"}, "join", {"Welcome! What's your name?", "Sam New_", "Done"}},
    {"join-check", {}, {"join", "join-name:Chloe Martn", "join-next"}, "join-check",
     {"Are you Chloé Martin?", "Yes, that's me", "No, I'm new here"}},
    {"join-contact", {}, {"join", "join-name:Sam New", "join-next", "join-email:sam@example.org", "join-consent"},
     "join-contact", {"Nice to meet you, Sam!", "sam@example.org_", "\u2713 Share my contact details with people I meet",
                      "Continue", "Done"}},
    {"welcome-open", {"maya.png"}, {"suggestion:0"}, "welcome", {"Hi, Maya Okafor!", "José Álvarez", "Done"}},
    {"card", {"maya.png", "jose.png"}, {"intent:1"}, "card",
     {"Maya and José, you met!", "Swap contact details", "\u2713 Introductions to people we know",
      "Share a resource we talked about", "Let's meet again after the event", "Add a note", "Save"}},
    // The fullest card: long names, both offering, every follow-up ticked;
    // German (hers) with the opening question in Japanese (his) too.
    {"card-full", {"max.png", "bart.png"}, {"intent:0", "intent:1", "intent:2", "intent:3"}, "card",
     {"Maximiliane-Alexandra und Bartholomew, Sie haben sich getroffen!", "\u2713 Kontaktdaten austauschen",
      "\u2713 Einander Leute vorstellen", "\u2713 Eine besprochene Quelle teilen",
      "\u2713 Nach der Veranstaltung wiedersehen", "Notiz hinzufügen", "Speichern"}},
    {"card-note", {"maya.png", "jose.png"}, {"edit-note", "note:Hive visit in May"}, "card",
     {"A note for your follow-up", "Done"}},
    {"saved", {"maya.png", "jose.png"}, {"save"}, "saved", {"Saved!", "Maya Okafor & José Álvarez", "Done"}},
    // Walk-ins are allowed in this event: an unlisted badge joins; a code
    // that is no badge at all is still not recognised.
    {"unknown-badge", {"stranger.png"}, {}, "join", {"Welcome! What's your name?"}},
    {"not-a-badge", {"poster.png"}, {}, "attract", {"Badge not recognised - please see the registration desk"}},
    // Banners shown over a screen with buttons: the buttons stay whole.
    {"banner-on-welcome", {"maya.png", "poster.png"}, {}, "welcome",
     {"Badge not recognised - please see the registration desk", "Their badge won't scan", "Done"}},
    {"wrong-pin", {}, {"pin", "digit:1", "digit:1", "digit:1", "digit:1", "pin-ok"}, "pin",
     {"Wrong PIN", "OK", "delete", "Back"}},
    {"pin", {}, {"pin", "digit:2", "digit:4"}, "pin", {"Organiser PIN", "OK", "delete", "Back"}},
    {"organiser", {"maya.png", "jose.png"}, {"save", "pin", "digit:2", "digit:4", "digit:6", "digit:8", "pin-ok"},
     "organiser", {"Dashboard", "Check", "Back to kiosk", "Close the kiosk", "Encounters per hour", "Most shared passions",
                   "Maya Okafor", "José Álvarez", "climate", "urban beekeeping"}},
    {"close-confirm", {}, {"pin", "digit:2", "digit:4", "digit:6", "digit:8", "pin-ok", "quit"}, "organiser",
     {"Close the kiosk? On a Pi it starts again by itself.", "Keep it open", "Close it"}},
    {"settings", {}, {"pin", "digit:2", "digit:4", "digit:6", "digit:8", "pin-ok", "tab:3"}, "organiser",
     {"Settings", "Kiosk ID: kiosk-1", "Codes to read:", "\u2713 Sounds", "Back to kiosk"}},
    {"privacy", {}, {"pin", "digit:2", "digit:4", "digit:6", "digit:8", "pin-ok", "tab:4", "forget-name:Jos"},
     "organiser", {"Privacy", "Someone asks to be forgotten: type their name or badge ID.", "Name: Jos_", "José Álvarez"}},
    {"privacy-confirm", {},
     {"pin", "digit:2", "digit:4", "digit:6", "digit:8", "pin-ok", "tab:4", "forget-name:Jos", "forget-pick:0"},
     "organiser", {"Forget José Álvarez?", "Forget José", "Cancel"}},
};

// Lays out every screen case at each of `sizes` in `language` ("" for the
// event's default, English) and fails on anything off the screen, cut off
// where no finger can scroll to it, too small for a finger or overlapping.
// The texts each case must show are checked in the language's words (those
// the catalogue translates) and the roster's.
void CheckEveryScreen(const std::string& dir, const std::string& event_db, const std::vector<std::string>& sizes,
                      const std::string& language) {
  const std::locale& loc = i18n::Default().For(language.empty() ? "en" : language);
  for (const std::string& size : sizes) {
    int w = 0, h = 0;
    std::sscanf(size.c_str(), "%dx%d", &w, &h);
    for (const ScreenCase& sc : kScreenCases) {
      SCOPED_TRACE(std::string(sc.name) + " at " + size + (language.empty() ? "" : " in " + language));
      // A fresh copy of the event for each screen: earlier cases saved encounters.
      std::string db = dir + "/screens.db";
      std::filesystem::remove(db);
      std::filesystem::remove(db + "-wal");
      std::filesystem::remove(db + "-shm");
      std::filesystem::copy_file(event_db, db);
      // All three people at a glance, at every size: who they are, asked
      // before the kiosk shows them (what it shows counts, and changes the order).
      std::vector<std::string> welcome_names;
      if (std::string(sc.name) == "welcome" || std::string(sc.name) == "welcome-open") {
        RunResult suggest = RunCommand({Bin("kindred"), "suggest", "--db", db, "K-1001", "--json"});
        ASSERT_EQ(suggest.exit_code, 0) << suggest.err;
        auto list = nlohmann::json::parse(suggest.out)["suggestions"];
        ASSERT_EQ(list.size(), 3u);
        for (const auto& s : list) welcome_names.push_back(s["name"]);
      }
      std::string png = kScreens + "/" + sc.name + "-" + size + (language.empty() ? "" : "-" + language) + ".png";
      std::string json = dir + "/layout.json";
      std::vector<std::string> args{Bin("kindred-kiosk"), "--db", db, "--size", size, "--screenshot", png,
                                    "--layout", json, "--event-name", "Spring Mixer", "--walk-ins"};
      if (!language.empty()) args.insert(args.end(), {"--language", language});
      for (const std::string& scan : sc.scans) args.insert(args.end(), {"--scan-image", dir + "/" + scan});
      for (const std::string& tap : sc.taps) args.insert(args.end(), {"--then", tap});
      RunResult r = RunCommand(args, kKioskEnv);
      ASSERT_EQ(r.exit_code, 0) << r.err;
      Rgba image;
      ASSERT_TRUE(LoadPng(png, &image));
      EXPECT_GT(DistinctColours(image), 8);
      nlohmann::json layout = nlohmann::json::parse(ReadFile(json));
      EXPECT_EQ(layout["screen"], sc.screen);
      std::vector<nlohmann::json> buttons;
      std::vector<std::string> must_show;
      const bool card_full = std::string(sc.name) == "card-full";  // German whatever the event's language
      for (const std::string& text : sc.must_show) {
        const std::string translated = i18n::Tr(loc, text.c_str());
        if (language.empty() || card_full) must_show.push_back(text);
        else if (translated != text) must_show.push_back(translated);
      }
      for (const auto& name : welcome_names) must_show.push_back(name);

      for (const std::string& text : must_show) {
        bool shown = false;
        for (const auto& item : layout["items"]) shown |= item["text"] == text && item["visible"] == true;
        EXPECT_TRUE(shown) << "'" << text << "' is not visible";
      }
      for (const auto& item : layout["items"]) {
        const std::string text = item["text"];
        // Out of view is fine only within a list a finger can scroll to it;
        // anywhere else it is cut off.
        if (!item["visible"]) {
          EXPECT_TRUE(item["scrolls"]) << "'" << text << "' is cut off, and no list scrolls to it";
          continue;
        }
        EXPECT_GE(item["x0"].get<double>(), 0) << text;
        EXPECT_GE(item["y0"].get<double>(), 0) << text;
        EXPECT_LE(item["x1"].get<double>(), w + 0.5) << text << " runs off the right edge";
        EXPECT_LE(item["y1"].get<double>(), h + 0.5) << text << " runs off the bottom";
        // A text is read whole: cut short with an ellipsis only on a button
        // (a long note) or where it says there is more (" …").
        if (!item["button"] && text.size() >= 3 && text.compare(text.size() - 3, 3, "\u2026") == 0) {
          EXPECT_TRUE(text.size() >= 4 && text[text.size() - 4] == ' ') << "'" << text << "' is cut short";
        }
        // Lines break between words: never inside a word in Latin letters.
        if (item.contains("lines")) {
          const std::vector<std::string> lines = item["lines"];
          for (size_t i = 0; i + 1 < lines.size(); ++i) {
            auto alnum = [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) != 0; };
            size_t t = lines[i].size();
            while (t > 0 && alnum(lines[i][t - 1])) --t;
            size_t hd = 0;
            while (hd < lines[i + 1].size() && alnum(lines[i + 1][hd])) ++hd;
            const std::string tail = lines[i].substr(t), head = lines[i + 1].substr(0, hd);
            if (tail.empty() || head.empty()) continue;
            EXPECT_EQ(text.find(tail + head), std::string::npos)
                << "'" << text << "' breaks inside '" << tail << head << "'";
          }
        }
        if (item["button"]) {
          // ~9 mm on the 7" panel (800x480 at ~133 dpi) is 47 px.
          EXPECT_GE(item["y1"].get<double>() - item["y0"].get<double>(), 47) << text << " is too small for a finger";
          buttons.push_back(item);
        }
      }
      for (size_t i = 0; i < buttons.size(); ++i)
        for (size_t j = i + 1; j < buttons.size(); ++j) {
          const auto &a = buttons[i], &b = buttons[j];
          bool overlap = a["x0"].get<double>() < b["x1"].get<double>() - 1 && b["x0"].get<double>() < a["x1"].get<double>() - 1 &&
                         a["y0"].get<double>() < b["y1"].get<double>() - 1 && b["y0"].get<double>() < a["y1"].get<double>() - 1;
          EXPECT_FALSE(overlap) << a["text"] << " overlaps " << b["text"];
        }
    }
  }
}

TEST_F(KioskScreenTest, EveryScreenLaysOutItsTextInsideTheScreenAtEverySize) {
  CheckEveryScreen(dir_, db_, {"800x480", "720x1280", "1024x600", "1920x1080"}, "");
}

// German has the longest words, Japanese another script; French and Spanish
// on the 7" panel.
TEST_F(KioskScreenTest, EveryScreenFitsInEveryLanguage) {
  CheckEveryScreen(dir_, db_, {"800x480", "720x1280"}, "de");
  CheckEveryScreen(dir_, db_, {"800x480", "720x1280"}, "ja");
  CheckEveryScreen(dir_, db_, {"800x480"}, "fr");
  CheckEveryScreen(dir_, db_, {"800x480"}, "es");
}

// Every word a person reads goes through the catalogue: in the pseudo-
// language each translated string is marked [[...]], so every text on the
// attendee's and the organiser's screens carries the mark or is the roster's own data (names,
// passions, companies) or a single key of the on-screen keyboard.
TEST_F(KioskScreenTest, EveryWordOnTheScreensComesFromTheCatalogue) {
  const std::string roster = ReadFile(std::string(KINDRED_TEST_ASSETS) + "/demo-roster.csv") + ReadFile(dir_ + "/newcomer.csv");
  // The roster's cells and list items (split at , ; and newlines; quotes dropped).
  std::vector<std::string> data;
  std::string cell;
  for (char ch : roster + "\n") {
    if (ch == ',' || ch == ';' || ch == '\n' || ch == '\r') {
      while (!cell.empty() && cell.front() == ' ') cell.erase(0, 1);
      if (cell.size() > 1) data.push_back(cell);
      cell.clear();
    } else if (ch != '"') {
      cell += ch;
    }
  }
  // The organiser's opening questions (assets/starters.txt, data they edit)
  // around their placeholders.
  std::istringstream starters(ReadFile(std::string(KINDRED_TEST_ASSETS) + "/starters.txt"));
  for (std::string line; std::getline(starters, line);) {
    if (line.empty() || line[0] == '#' || line.find(':') == std::string::npos) continue;
    std::string rest = line.substr(line.find(':') + 2);
    for (size_t open; (open = rest.find('{')) != std::string::npos;) {
      if (open > 0) data.push_back(rest.substr(0, open));
      rest.erase(0, rest.find('}', open) + 1);
    }
    if (!rest.empty()) data.push_back(rest);
  }
  // First names, as cards and questions use them.
  for (size_t i = 0, n = data.size(); i < n; ++i)
    if (std::isupper(static_cast<unsigned char>(data[i][0])) && data[i].find(' ') != std::string::npos)
      data.push_back(data[i].substr(0, data[i].find(' ')));
  // What the taps typed.
  for (const ScreenCase& sc : kScreenCases)
    for (const std::string& tap : sc.taps)
      if (tap.find(':') != std::string::npos) data.push_back(tap.substr(tap.find(':') + 1));
  // Names that are the same in every language, and symbols.
  for (const char* same : {"QR", "Aztec", "DataMatrix", "PDF417", "\u25cf", "\u2713"}) data.push_back(same);
  // Each language offered on the attract screen is named in its own words.
  for (const std::string& lang : i18n::Languages()) data.push_back(i18n::NativeName(lang));
  std::sort(data.begin(), data.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const ScreenCase& sc : kScreenCases) {
    const std::string name = sc.name;
    if (name == "card-full") continue;  // two people with their own languages (German, Japanese)
    if (name == "attract-picked") continue;  // German, picked
    SCOPED_TRACE(name);
    std::string db = dir_ + "/pseudo.db";
    std::filesystem::remove(db);
    std::filesystem::copy_file(db_, db);
    std::vector<std::string> args{Bin("kindred-kiosk"), "--db", db, "--size", "800x480", "--screenshot",
                                  kScreens + "/pseudo-" + name + ".png", "--layout", dir_ + "/pseudo.json",
                                  "--language", "qps", "--walk-ins"};
    for (const std::string& scan : sc.scans) args.insert(args.end(), {"--scan-image", dir_ + "/" + scan});
    for (const std::string& tap : sc.taps) args.insert(args.end(), {"--then", tap});
    RunResult r = RunCommand(args, kKioskEnv);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const nlohmann::json layout = nlohmann::json::parse(ReadFile(dir_ + "/pseudo.json"));
    for (const auto& item : layout["items"]) {
      std::string text = item["text"];
      if (text.find("[[") != std::string::npos) continue;
      for (const std::string& d : data)
        for (size_t at; (at = text.find(d)) != std::string::npos;) text.erase(at, d.size());
      // What is left of a data-only text: separators, a typed caret, digits.
      std::string rest;
      for (char ch : text)
        if (!std::strchr(" ,.;:&_!?-0123456789\u00b7", ch) && static_cast<unsigned char>(ch) != 0xC2 &&
            static_cast<unsigned char>(ch) != 0xB7)
          rest += ch;
      const bool key = rest.size() <= 4 && item["button"];  // a keyboard key: one letter, "shift", "àé"
      EXPECT_TRUE(rest.empty() || key || rest == "shift" || rest == "abc")
          << "'" << item["text"].get<std::string>() << "' is not from the catalogue";
    }
  }
}

// Hebrew and Arabic are drawn in visual order, Arabic letters joined: what
// the layout records (what is drawn) is FriBidi's visual string of the
// logical text, on the welcome, the card and in the name search.
TEST_F(KioskScreenTest, RightToLeftNamesAreDrawnInTheirOrderWithJoinedLetters) {
  auto items_of = [&](const std::vector<std::string>& scans, const std::vector<std::string>& taps,
                      const std::string& size, const std::string& png) {
    const std::vector<std::string> texts = ShownTexts(scans, taps, size, png + "-" + size + ".png");
    return std::set<std::string>(texts.begin(), texts.end());
  };
  const std::string sarah = "שרה לוי", leila = "Leila ليلى حداد";
  ASSERT_NE(i18n::VisualOrder(sarah), sarah);
  ASSERT_NE(i18n::VisualOrder(leila), leila);
  for (const std::string size : {"800x480", "720x1280"}) {
    SCOPED_TRACE(size);
    const std::set<std::string> welcome = items_of({"sarah.png"}, {}, size, "rtl-welcome");
    EXPECT_TRUE(welcome.count(i18n::VisualOrder("Hi, " + sarah + "!"))) << "the Hebrew name, reversed into visual order";
    EXPECT_FALSE(welcome.count("Hi, " + sarah + "!")) << "drawn in logical order: backwards on the screen";
    const std::set<std::string> card = items_of({"leila.png", "sarah.png"}, {}, size, "rtl-card");
    EXPECT_TRUE(card.count(i18n::VisualOrder("Leila and " + sarah.substr(0, sarah.find(' ')) + ", you met!")))
        << "the card names both, each in visual order";
    const std::set<std::string> search = items_of({}, {"search", "type:Lei"}, size, "rtl-search");
    bool found = false;
    for (const std::string& t : search) found |= t.rfind(i18n::VisualOrder(leila), 0) == 0;
    EXPECT_TRUE(found) << "the name search shows Leila's name in visual order";
  }
}

// The kiosk speaks each attendee's language from their badge's scan, and the
// event's again on the attract screen; two people with different languages
// each read the opening question in their own.
TEST_F(KioskScreenTest, TheKioskSpeaksTheLanguageOfWhoeverScanned) {
  auto layout_of = [&](const std::vector<std::string>& scans, const std::vector<std::string>& taps, const char* png) {
    return ShownTexts(scans, taps, "800x480", png, false);
  };
  auto has = [](const std::vector<std::string>& texts, const std::string& t) {
    return std::find(texts.begin(), texts.end(), t) != texts.end();
  };
  // Maximiliane's roster row says de-DE: her welcome is German.
  std::vector<std::string> de = layout_of({"max.png"}, {}, "lang-welcome-de-800x480.png");
  EXPECT_TRUE(has(de, "Hallo, Maximiliane-Alexandra von Hohenzollern-Sigmaringen!"));
  EXPECT_TRUE(has(de, "Mit wem Sie reden könnten")) << "German, formal: the event did not ask for du";
  EXPECT_FALSE(has(de, "People to talk to"));
  // Done: back on the attract screen, in the event's language (English).
  std::vector<std::string> back = layout_of({"max.png"}, {"done"}, "lang-attract-after-de-800x480.png");
  EXPECT_TRUE(has(back, "What are you passionate about?"));
  // Maya has no language on the roster: the event's.
  EXPECT_TRUE(has(layout_of({"maya.png"}, {}, "lang-welcome-en-800x480.png"), "People to talk to"));
  // Maximiliane (German) meets Bartholomew (Japanese): the card is German,
  // with the opening question in Japanese too.
  std::vector<std::string> card = layout_of({"max.png", "bart.png"}, {}, "lang-card-de-ja-800x480.png");
  EXPECT_TRUE(has(card, "Maximiliane-Alexandra und Bartholomew, Sie haben sich getroffen!"));
  bool japanese = false;
  for (const std::string& t : card) japanese |= t.find("お互いに聞いてみましょう") != std::string::npos;
  EXPECT_TRUE(japanese) << "the Japanese opening question is missing";
}

// Decodes the QR codes in a screenshot with Kindred's own scanner (the CLI).
std::vector<nlohmann::json> BadgesIn(const std::string& png) {
  RunResult r = RunCommand({Bin("kindred"), "scan", "--json", png});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<nlohmann::json> badges;
  const nlohmann::json line = nlohmann::json::parse(r.out, nullptr, false);
  if (line.is_discarded()) return badges;
  for (const auto& code : line["codes"]) badges.push_back(code["badge"]);
  return badges;
}

TEST_F(KioskScreenTest, ContactsToTakeAwayAreQrCodesAPhoneReadsOnlyForThoseWhoAgreed) {
  for (const char* size : {"800x480", "720x1280", "1024x600"}) {
    for (const char* then : {"", "save"}) {
      SCOPED_TRACE(std::string(size) + (*then ? " saved" : " card"));
      std::string db = dir_ + "/takeaway.db";
      std::filesystem::remove(db);
      std::filesystem::copy_file(db_, db, std::filesystem::copy_options::overwrite_existing);
      std::string png = kScreens + "/takeaway-" + (*then ? "saved-" : "card-") + size + ".png";
      std::vector<std::string> args{Bin("kindred-kiosk"), "--db", db, "--size", size, "--screenshot", png,
                                    "--scan-image", dir_ + "/maya.png", "--scan-image", dir_ + "/jose.png"};
      if (*then) args.insert(args.end(), {"--then", then});
      RunResult r = RunCommand(args, kKioskEnv);
      ASSERT_EQ(r.exit_code, 0) << r.err;
      std::set<std::string> names;
      for (const auto& b : BadgesIn(png)) {
        EXPECT_EQ(b["kind"], "vcard");
        names.insert(b.value("name", ""));
      }
      // Landscape panels keep the card's intents in view: the codes wait on the saved screen.
      const bool shown_here = *then || std::string(size) == "720x1280";
      if (shown_here)
        EXPECT_EQ(names, (std::set<std::string>{"Maya Okafor", "José Álvarez"})) << "both agreed: both ways";
      else
        EXPECT_TRUE(names.empty());
    }
  }
  // Sofia did not agree to share: only Maya's contact is offered, to Sofia.
  std::string db = dir_ + "/takeaway.db";
  std::filesystem::copy_file(db_, db, std::filesystem::copy_options::overwrite_existing);
  std::string png = kScreens + "/takeaway-one-way-800x480.png";
  RunResult r = RunCommand({Bin("kindred-kiosk"), "--db", db, "--size", "800x480", "--screenshot", png, "--scan-image",
                            dir_ + "/maya.png", "--scan-image", dir_ + "/sofia.png", "--then", "save"},
                           kKioskEnv);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<nlohmann::json> badges = BadgesIn(png);
  ASSERT_EQ(badges.size(), 1u);
  EXPECT_EQ(badges[0]["name"], "Maya Okafor");
  EXPECT_EQ(badges[0]["email"], "maya@example.org");
  EXPECT_EQ(badges[0]["company"], "Hive & Co");
}

TEST_F(KioskScreenTest, WhoIsLookingForYouShowsOnTheWelcomeAtEverySize) {
  for (const char* size : {"800x480", "720x1280", "1024x600"}) {
    SCOPED_TRACE(size);
    std::string db = dir_ + "/looking.db";
    std::filesystem::remove(db);
    std::filesystem::copy_file(db_, db, std::filesystem::copy_options::overwrite_existing);
    // Maya is shown José at one kiosk...
    RunResult r = RunCommand({Bin("kindred-kiosk"), "--db", db, "--size", size, "--screenshot", dir_ + "/maya.png.out",
                              "--scan-image", dir_ + "/maya.png", "--kiosk-id", "bar"},
                             kKioskEnv);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // ...and José scans later at another.
    std::string png = kScreens + "/welcome-looking-" + size + ".png";
    std::string json = dir_ + "/looking.json";
    r = RunCommand({Bin("kindred-kiosk"), "--db", db, "--size", size, "--screenshot", png, "--layout", json,
                    "--scan-image", dir_ + "/jose.png", "--kiosk-id", "door"},
                   kKioskEnv);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::string layout = ReadFile(json);
    EXPECT_NE(layout.find("The kiosk suggested you to Maya today."), std::string::npos) << layout;
    EXPECT_NE(layout.find("Last seen at bar"), std::string::npos) << layout;
  }
}

TEST_F(KioskScreenTest, OrganisersImportARosterFromAUsbStickBehindThePin) {
  std::string usb = dir_ + "/usb";
  std::filesystem::create_directories(usb + "/STICK/rosters");
  WriteFile(usb + "/STICK/rosters/late-registrations.csv", "badge_id,name,passions\nK-3000,Late Comer,jazz\n");
  WriteFile(dir_ + "/mounts", "/dev/sda1 " + usb + "/STICK vfat rw 0 0\n");  // as the kernel lists a stick
  std::string db = dir_ + "/organiser.db";
  std::filesystem::copy_file(db_, db, std::filesystem::copy_options::overwrite_existing);
  std::string json = dir_ + "/organiser.json";
  std::vector<std::string> env = kKioskEnv;
  env.push_back("KINDRED_USB_ROOTS=" + usb);
  env.push_back("KINDRED_MOUNTS=" + dir_ + "/mounts");
  RunResult r = RunCommand({Bin("kindred-kiosk"), "--db", db, "--size", "800x480", "--screenshot",
                            kScreens + "/organiser-import-800x480.png", "--layout", json, "--then", "pin", "--then",
                            "digit:2", "--then", "digit:4", "--then", "digit:6", "--then", "digit:8", "--then",
                            "pin-ok", "--then", "tab:1", "--then", "import:0"},
                           env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string layout = ReadFile(json);
  EXPECT_NE(layout.find("Imported 1 attendees (1 new); 0 lines rejected"), std::string::npos) << layout;
  r = RunCommand({Bin("kindred"), "suggest", "--db", db, "K-3000", "--json"});
  EXPECT_EQ(r.exit_code, 0) << "the newcomer is in the event: " << r.err;
  // Export the follow-ups onto the stick.
  r = RunCommand({Bin("kindred-kiosk"), "--db", db, "--size", "800x480", "--screenshot", dir_ + "/export.png",
                  "--then", "pin", "--then", "digit:2", "--then", "digit:4", "--then", "digit:6", "--then",
                  "digit:8", "--then", "pin-ok", "--then", "tab:2", "--then", "export:0"},
                 env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  bool exported = false;
  for (const auto& entry : std::filesystem::directory_iterator(usb + "/STICK"))
    exported |= entry.path().filename().string().rfind("kindred-export-", 0) == 0 &&
                std::filesystem::exists(entry.path() / "encounters.csv") &&
                std::filesystem::exists(entry.path() / "crm-contacts.csv");
  EXPECT_TRUE(exported) << "follow-ups written to the stick";
  // A wrong PIN opens nothing.
  r = RunCommand({Bin("kindred-kiosk"), "--db", db, "--size", "800x480", "--screenshot", dir_ + "/wrong.png",
                  "--layout", json, "--then", "pin", "--then", "digit:1", "--then", "digit:1", "--then", "digit:1",
                  "--then", "digit:1", "--then", "pin-ok", "--then", "tab:1", "--then", "import:0"},
                 env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(ReadFile(json).find("\"screen\": \"pin\""), std::string::npos);
  EXPECT_NE(ReadFile(json).find("Wrong PIN"), std::string::npos);
}

// Someone asks to be forgotten at the kiosk; exports to a stick are sealed
// to the organiser's key once the event has one.
TEST_F(KioskScreenTest, OrganisersForgetSomeoneAndSealWhatLeavesOnAStick) {
  std::string usb = dir_ + "/usb-sealed";
  std::filesystem::create_directories(usb + "/STICK");
  WriteFile(dir_ + "/mounts-sealed", "/dev/sda1 " + usb + "/STICK vfat rw 0 0\n");
  std::string db = dir_ + "/privacy.db";
  std::filesystem::copy_file(db_, db, std::filesystem::copy_options::overwrite_existing);
  std::vector<std::string> env = kKioskEnv;
  env.push_back("KINDRED_USB_ROOTS=" + usb);
  env.push_back("KINDRED_MOUNTS=" + dir_ + "/mounts-sealed");
  const std::vector<std::string> organiser = {"--then", "pin",     "--then", "digit:2", "--then", "digit:4",
                                              "--then", "digit:6", "--then", "digit:8", "--then", "pin-ok"};
  std::string json = dir_ + "/privacy.json";
  std::vector<std::string> args = {Bin("kindred-kiosk"), "--db", db, "--size", "800x480", "--screenshot",
                                   kScreens + "/privacy-forgotten-800x480.png", "--layout", json};
  args.insert(args.end(), organiser.begin(), organiser.end());
  for (const char* tap : {"tab:4", "forget-name:Jos", "forget-pick:0", "forget-yes"})
    args.insert(args.end(), {"--then", tap});
  RunResult r = RunCommand(args, env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(ReadFile(json).find("Forgotten: Jos\u00e9 is gone from this kiosk"), std::string::npos) << ReadFile(json);
  r = RunCommand({Bin("kindred"), "suggest", "--db", db, "K-1001", "--json"});
  EXPECT_EQ(r.out.find("Jos\u00e9"), std::string::npos) << "never suggested again: " << r.out;
  r = RunCommand({Bin("kindred"), "export", "--db", db, "--out", dir_ + "/privacy-out"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ReadFile(dir_ + "/privacy-out/encounters.csv").find("Jos\u00e9"), std::string::npos);
  // With the organiser's key in the event, the stick gets a sealed file only.
  ASSERT_EQ(RunCommandWithInput({Bin("kindred"), "keys", "--out", dir_ + "/org-keys"}, "a long passphrase\n").exit_code,
            0);
  ASSERT_EQ(RunCommand({Bin("kindred"), "keys", "--install", dir_ + "/org-keys/kindred-organiser.pub", "--db", db})
                .exit_code,
            0);
  args = {Bin("kindred-kiosk"), "--db", db, "--size", "800x480", "--screenshot",
          kScreens + "/export-sealed-800x480.png", "--layout", json};
  args.insert(args.end(), organiser.begin(), organiser.end());
  args.insert(args.end(), {"--then", "tab:2", "--then", "export:0"});
  r = RunCommand(args, env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(ReadFile(json).find("\u2713 Seal it for the organiser's key"), std::string::npos) << ReadFile(json);
  std::string sealed;
  for (const auto& entry : std::filesystem::directory_iterator(usb + "/STICK")) {
    EXPECT_TRUE(entry.is_regular_file()) << "nothing readable on the stick: " << entry.path();
    if (entry.path().extension() == ".kindred-export") sealed = entry.path();
  }
  ASSERT_FALSE(sealed.empty());
  EXPECT_EQ(ReadFile(sealed).find("Maya"), std::string::npos);
  r = RunCommandWithInput({Bin("kindred"), "restore", sealed, "--key", dir_ + "/org-keys/kindred-organiser.key", "--to",
                           dir_ + "/opened"},
                          "a long passphrase\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ReadFile(dir_ + "/opened/encounters.csv").rfind("encounter_id,met_at", 0), 0u) << "the organiser can read it";
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/opened/crm-contacts.csv"));
}

TEST_F(KioskScreenTest, SettingsChangedInOrganiserModeAreSavedAndKept) {
  std::string db = dir_ + "/settings.db";
  std::filesystem::copy_file(db_, db, std::filesystem::copy_options::overwrite_existing);
  std::string json = dir_ + "/settings.json";
  const std::vector<std::string> open_settings = {"--then", "pin",      "--then", "digit:2", "--then", "digit:4",
                                                  "--then", "digit:6",  "--then", "digit:8", "--then", "pin-ok",
                                                  "--then", "tab:3"};
  std::vector<std::string> args{Bin("kindred-kiosk"), "--db", db, "--size", "800x480", "--screenshot", dir_ + "/s.png",
                                "--layout", json};
  args.insert(args.end(), open_settings.begin(), open_settings.end());
  std::vector<std::string> change = args;
  change.insert(change.end(), {"--then", "setting-step:+", "--then", "setting:0"});  // +15 s, sounds off
  RunResult r = RunCommand(change, kKioskEnv);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string layout = ReadFile(json);
  EXPECT_NE(layout.find("Reset after 60 s idle\""), std::string::npos) << layout;
  // A new start of the kiosk keeps them.
  r = RunCommand(args, kKioskEnv);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  layout = ReadFile(json);
  EXPECT_NE(layout.find("Reset after 60 s idle\""), std::string::npos) << layout;
  EXPECT_NE(layout.find("\"text\": \"Sounds\""), std::string::npos) << "sounds now off: no tick";
}

TEST_F(KioskScreenTest, AttractScreenRendersAtTheRequestedSize) {
  Rgba attract = Screen("attract-800x480", {}, "800x480");
  EXPECT_EQ(attract.width, 800);
  EXPECT_EQ(attract.height, 480);
  EXPECT_GT(DistinctColours(attract), 8) << "not blank: text and the scan guide are drawn";
}

TEST_F(KioskScreenTest, ABadgeLeadsToTheWelcomeScreen) {
  Rgba attract = Screen("attract-800x480", {}, "800x480");
  Rgba welcome = Screen("welcome-800x480", {"maya.png"}, "800x480");
  EXPECT_GT(DistinctColours(welcome), 8);
  EXPECT_GT(DifferentPixels(attract, welcome), 0.05) << "the welcome screen differs from attract";
}

TEST_F(KioskScreenTest, ASecondBadgeSavesTheEncounter) {
  Rgba welcome = Screen("welcome-800x480", {"maya.png"}, "800x480");
  Rgba saved = Screen("saved-800x480", {"maya.png", "jose.png"}, "800x480");
  EXPECT_GT(DifferentPixels(welcome, saved), 0.05);
  RunResult r = RunCommand({Bin("kindred"), "export", "--db", db_, "--out", dir_ + "/out"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string csv = ReadFile(dir_ + "/out/encounters.csv");
  EXPECT_NE(csv.find("K-1001,Maya Okafor"), std::string::npos) << csv;
  EXPECT_NE(csv.find("K-1002,José Álvarez"), std::string::npos) << csv;
}

TEST_F(KioskScreenTest, AnUnknownBadgeShowsAFriendlyMessageAndKeepsRunning) {
  Rgba attract = Screen("attract-800x480", {}, "800x480");
  Rgba unknown = Screen("not-a-badge-800x480", {"poster.png"}, "800x480");
  EXPECT_GT(DifferentPixels(attract, unknown), 0.02) << "a banner is shown";
}

TEST_F(KioskScreenTest, AnUnreadableImageShowsAFriendlyMessage) {
  WriteFile(dir_ + "/broken.png", "not a png");
  std::string png = kScreens + "/unreadable-800x480.png";
  RunResult r = RunCommand({Bin("kindred-kiosk"), "--db", db_, "--size", "800x480", "--scan-image",
                     dir_ + "/broken.png", "--screenshot", png},
                    kKioskEnv);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("broken.png"), std::string::npos) << r.err;
}

TEST_F(KioskScreenTest, PortraitTouchDisplayRenders) {
  Rgba welcome = Screen("welcome-720x1280", {"maya.png"}, "720x1280");
  EXPECT_EQ(welcome.width, 720);
  EXPECT_EQ(welcome.height, 1280);
  EXPECT_GT(DistinctColours(welcome), 8);
}

// `image` turned clockwise by `degrees` (a multiple of 90).
Rgba Turned(const Rgba& image, int degrees) {
  Rgba out;
  const bool quarter = degrees % 180 != 0;
  out.width = quarter ? image.height : image.width;
  out.height = quarter ? image.width : image.height;
  out.pixels.resize(image.pixels.size());
  for (int y = 0; y < image.height; ++y) {
    for (int x = 0; x < image.width; ++x) {
      int tx = x, ty = y;
      if (degrees == 90) tx = image.height - 1 - y, ty = x;
      if (degrees == 180) tx = image.width - 1 - x, ty = image.height - 1 - y;
      if (degrees == 270) tx = y, ty = image.width - 1 - x;
      std::memcpy(&out.pixels[(static_cast<size_t>(ty) * out.width + tx) * 4],
                  &image.pixels[(static_cast<size_t>(y) * image.width + x) * 4], 4);
    }
  }
  return out;
}

// A panel mounted on its side or upside down: --rotate turns the picture,
// and what the panel shows is the upright interface, turned.
TEST_F(KioskScreenTest, EveryRotationShowsTheInterfaceTurnedOnThePanel) {
  for (auto [panel, upright] : {std::pair{"800x480", "480x800"}, std::pair{"720x1280", "1280x720"}}) {
    for (int degrees : {0, 90, 180, 270}) {
      const bool quarter = degrees % 180 != 0;
      const std::string interface = quarter ? upright : panel;
      // The PIN pad: the same on every run (suggestions vary).
      auto render = [&](const std::string& size, int turn, const std::string& png) {
        RunResult r = RunCommand({Bin("kindred-kiosk"), "--db", db_, "--size", size, "--rotate", std::to_string(turn),
                                  "--screenshot", png, "--then", "pin", "--then", "digit:2"},
                                 kKioskEnv);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        Rgba image;
        EXPECT_TRUE(LoadPng(png, &image)) << png;
        return image;
      };
      const std::string name = std::string("pin-") + panel + "-turned-" + std::to_string(degrees);
      Rgba turned = render(panel, degrees, kScreens + "/" + name + ".png");
      EXPECT_EQ(std::to_string(turned.width) + "x" + std::to_string(turned.height), panel) << name;
      Rgba reference = render(interface, 0, kScreens + "/pin-" + interface + ".png");
      const double differ = DifferentPixels(Turned(reference, degrees), turned);
      EXPECT_LT(differ, 0.02) << name << ": " << differ * 100 << "% of pixels differ from the upright screen turned";
    }
  }
}

TEST_F(KioskScreenTest, WithoutADisplayItExitsWithAClearMessage) {
  RunResult r = RunCommand({Bin("kindred-kiosk"), "--db", db_, "--size", "800x480", "--no-camera"},
                    {"SDL_VIDEODRIVER=no-such-driver", "DISPLAY=", "WAYLAND_DISPLAY=", "ASAN_OPTIONS=detect_leaks=0"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no display"), std::string::npos) << r.err;
}

// An event language Kindred does not speak is one clear line before anything
// starts; the event is untouched.
TEST_F(KioskScreenTest, AnUnknownEventLanguageIsOneClearLine) {
  RunResult r = RunCommand({Bin("kindred-kiosk"), "--db", db_, "--size", "800x480", "--language", "klingon"}, kKioskEnv);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--language klingon: Kindred speaks en, de, de-informal, fr, es and ja"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(RunCommand({Bin("kindred"), "suggest", "--db", db_, "K-1001"}).exit_code, 0);
}

// The camera path end to end: frames from a replayed "camera" go through the
// scan worker and FrameScanner into the flow, and the encounter is saved.
TEST_F(KioskScreenTest, BadgesShownToTheCameraSaveAnEncounter) {
  std::string replay = dir_ + "/replay";
  std::filesystem::create_directories(replay);
  std::filesystem::copy_file(dir_ + "/maya.png", replay + "/1-maya.png");
  std::filesystem::copy_file(dir_ + "/jose.png", replay + "/2-jose.png");
  std::string db = dir_ + "/camera.db";
  ASSERT_EQ(RunCommand({Bin("kindred"), "import", std::string(KINDRED_TEST_ASSETS) + "/demo-roster.csv", "--db", db})
                .exit_code,
            0);
  pid_t pid = fork();
  if (pid == 0) {
    for (const std::string& e : kKioskEnv) putenv(const_cast<char*>(e.c_str()));
    std::string kiosk = Bin("kindred-kiosk");
    execl(kiosk.c_str(), kiosk.c_str(), "--db", db.c_str(), "--size", "800x480", "--replay", replay.c_str(), nullptr);
    _exit(127);
  }
  // Maya's badge is shown for 3 s, then José's.
  std::this_thread::sleep_for(std::chrono::milliseconds(5000));
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  RunResult r = RunCommand({Bin("kindred"), "export", "--db", db, "--out", dir_ + "/camera-out"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string csv = ReadFile(dir_ + "/camera-out/encounters.csv");
  EXPECT_NE(csv.find("K-1001,Maya Okafor"), std::string::npos) << csv;
  EXPECT_NE(csv.find("K-1002,José Álvarez"), std::string::npos) << csv;
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 2) << "one encounter, not thirty: " << csv;
}

TEST_F(KioskScreenTest, SigtermStopsTheKioskCleanly) {
  pid_t pid = fork();
  if (pid == 0) {
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    setenv("KINDRED_ASSETS", KINDRED_TEST_ASSETS, 1);
    setenv("ASAN_OPTIONS", "detect_leaks=0", 1);
    std::string kiosk = Bin("kindred-kiosk");
    execl(kiosk.c_str(), kiosk.c_str(), "--db", db_.c_str(), "--size", "800x480", "--no-camera", nullptr);
    _exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ASSERT_EQ(kill(pid, SIGTERM), 0);
  int status = 0;
  pid_t done = 0;
  for (int i = 0; i < 100 && (done = waitpid(pid, &status, WNOHANG)) == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  if (done == 0) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    FAIL() << "the kiosk did not stop within 5 s of SIGTERM";
  }
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace kindred::test
