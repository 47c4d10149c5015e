// Every screen of the kiosk, laid out at every size in every language
// (tests/kiosk_screen_fixture.h): nothing off the screen or cut, every word
// from the catalogue, right-to-left names drawn right, each attendee's
// language from their own badge.
#include "tests/kiosk_screen_fixture.h"
#include "tests/support/scale.h"

namespace kindred::test {
namespace {

// One screen of the kiosk, reached by scans and taps, rendered for real.
struct ScreenCase {
  const char* name;
  std::vector<std::string> scans;
  std::vector<std::string> taps;
  const char* screen;                  // the flow screen it must show
  std::vector<std::string> must_show;  // texts that must be visible on it
  std::vector<std::string> args = {};  // more of the kiosk's options
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
    // With kindred serve for phones: the event's Wi-Fi as a code (its caption the longest), the page's a tap later.
    {"welcome-phone", {"maya.png"}, {}, "welcome", {"Hi, Maya Okafor!", "People to talk to", "José Álvarez", "Done"},
     {"--phone-url", "http://192.168.100.200:8080", "--wifi", "Spring Mixer Guests"}},
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
    // Kindred serve's address typed in, then the Wi-Fi's name: its help stays whole above the keyboard.
    {"settings-phones", {},
     {"pin", "digit:2", "digit:4", "digit:6", "digit:8", "pin-ok", "tab:3", "setting-edit:3",
      "setting-text:http://192.168.1.20:8080", "setting-done", "setting-text:Spring Mixer"},
     "organiser", {"Done"}},
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
void CheckEveryScreen(const std::string& dir, const std::vector<std::string>& sizes,
                      const std::string& language) {
  const std::locale& loc = i18n::Default().For(language.empty() ? "en" : language);
  for (const std::string& size : sizes) {
    int w = 0, h = 0;
    std::sscanf(size.c_str(), "%dx%d", &w, &h);
    const std::string tag = size + (language.empty() ? "" : "-" + language);
    // Every case drawn by one kiosk process (--shots), each on a fresh copy of the event.
    std::vector<std::vector<std::string>> shots;
    std::vector<std::vector<std::string>> welcome_names(kScreenCases.size());
    for (size_t i = 0; i < kScreenCases.size(); ++i) {
      const ScreenCase& sc = kScreenCases[i];
      const std::string db = dir + "/screens-" + sc.name + ".db";
      KioskScreenTest::CopyEvent(db);
      // All three people at a glance, at every size: who they are, asked
      // before the kiosk shows them (what it shows counts, and changes the order).
      if (std::string(sc.name).rfind("welcome", 0) == 0) {
        RunResult suggest = RunCommand({Bin("kindred"), "suggest", "--db", db, "K-1001", "--json"});
        ASSERT_EQ(suggest.exit_code, 0) << suggest.err;
        auto list = nlohmann::json::parse(suggest.out)["suggestions"];
        ASSERT_EQ(list.size(), 3u);
        for (const auto& s : list) welcome_names[i].push_back(s["name"]);
      }
      // "layout-": other tests draw screens of the same names otherwise (side by side).
      std::vector<std::string> args =
          KioskScreenTest::ShotArgs(db, size, kScreens + "/layout-" + sc.name + "-" + tag + ".png",
                                    dir + "/layout-" + sc.name + ".json", sc.scans, sc.taps);
      args.insert(args.end(), {"--event-name", "Spring Mixer", "--walk-ins"});
      if (!language.empty()) args.insert(args.end(), {"--language", language});
      args.insert(args.end(), sc.args.begin(), sc.args.end());
      shots.push_back(args);
    }
    RunResult r = KioskScreenTest::RunShots(shots, "layout-" + tag);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (size_t c = 0; c < kScreenCases.size(); ++c) {
      const ScreenCase& sc = kScreenCases[c];
      SCOPED_TRACE(std::string(sc.name) + " at " + size + (language.empty() ? "" : " in " + language));
      Rgba image;
      ASSERT_TRUE(LoadPng(kScreens + "/layout-" + sc.name + "-" + tag + ".png", &image));
      EXPECT_GT(DistinctColours(image), 8);
      nlohmann::json layout = nlohmann::json::parse(ReadFile(dir + "/layout-" + sc.name + ".json"));
      EXPECT_EQ(layout["screen"], sc.screen);
      std::vector<nlohmann::json> buttons;
      std::vector<std::string> must_show;
      const bool card_full = std::string(sc.name) == "card-full";  // German whatever the event's language
      for (const std::string& text : sc.must_show) {
        const std::string translated = i18n::Tr(loc, text.c_str());
        if (language.empty() || card_full) must_show.push_back(text);
        else if (translated != text) must_show.push_back(translated);
      }
      for (const auto& name : welcome_names[c]) must_show.push_back(name);

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

// Every screen at every size (the event's default language, English); German
// has the longest words, Japanese another script; French and Spanish on the
// 7" panel. One test per size and language, so they run side by side.
struct Layout {
  const char* size;
  const char* language;
};

void PrintTo(const Layout& l, std::ostream* os) { *os << l.size << " " << (*l.language ? l.language : "en"); }

class EveryScreen : public KioskScreenTest, public ::testing::WithParamInterface<Layout> {};

TEST_P(EveryScreen, LaysOutItsTextInsideTheScreen) {
  CheckEveryScreen(dir_, {GetParam().size}, GetParam().language);
}

// The ASan+UBSan build draws every screen on the 7" panel in English and
// on a tall one in Japanese (another script): the same drawing code as every
// other size and language, whose layout the Release build's run checks.
std::vector<Layout> Layouts() {
  if (kSanitized) return {{"800x480", ""}, {"720x1280", "ja"}};
  return {{"800x480", ""}, {"720x1280", ""}, {"1024x600", ""}, {"1920x1080", ""}, {"800x480", "de"},
          {"720x1280", "de"}, {"800x480", "ja"}, {"720x1280", "ja"}, {"800x480", "fr"}, {"800x480", "es"}};
}

INSTANTIATE_TEST_SUITE_P(
    Kiosk, EveryScreen, ::testing::ValuesIn(Layouts()),
    [](const ::testing::TestParamInfo<Layout>& param) {
      std::string name = std::string(*param.param.language ? param.param.language : "en") + "_" + param.param.size;
      for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      return name;
    });

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
  std::vector<const ScreenCase*> cases;
  std::vector<std::vector<std::string>> shots;
  for (const ScreenCase& sc : kScreenCases) {
    const std::string name = sc.name;
    if (name == "card-full") continue;  // two people with their own languages (German, Japanese)
    if (name == "attract-picked") continue;  // German, picked
    std::string db = dir_ + "/pseudo-" + name + ".db";
    CopyEvent(db);
    std::vector<std::string> args = ShotArgs(db, "800x480", kScreens + "/pseudo-" + name + ".png",
                                             dir_ + "/pseudo-" + name + ".json", sc.scans, sc.taps);
    args.insert(args.end(), {"--language", "qps", "--walk-ins"});
    cases.push_back(&sc);
    shots.push_back(args);
  }
  RunResult r = RunShots(shots, "pseudo");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const ScreenCase* sc : cases) {
    const std::string name = sc->name;
    SCOPED_TRACE(name);
    const nlohmann::json layout = nlohmann::json::parse(ReadFile(dir_ + "/pseudo-" + name + ".json"));
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
  const std::string sarah = "שרה לוי", leila = "Leila ليلى حداد";
  ASSERT_NE(i18n::VisualOrder(sarah), sarah);
  ASSERT_NE(i18n::VisualOrder(leila), leila);
  const std::vector<std::string> sizes = {"800x480", "720x1280"};
  std::vector<Shown> screens;
  for (const std::string& size : sizes) {
    screens.push_back({{"sarah.png"}, {}, size, "rtl-welcome-" + size + ".png"});
    screens.push_back({{"leila.png", "sarah.png"}, {}, size, "rtl-card-" + size + ".png"});
    screens.push_back({{}, {"search", "type:Lei"}, size, "rtl-search-" + size + ".png"});
  }
  const std::vector<std::vector<std::string>> shown = ShownTexts(screens);
  ASSERT_EQ(shown.size(), screens.size());
  for (size_t i = 0; i < sizes.size(); ++i) {
    SCOPED_TRACE(sizes[i]);
    const std::set<std::string> welcome(shown[3 * i].begin(), shown[3 * i].end());
    EXPECT_TRUE(welcome.count(i18n::VisualOrder("Hi, " + sarah + "!"))) << "the Hebrew name, reversed into visual order";
    EXPECT_FALSE(welcome.count("Hi, " + sarah + "!")) << "drawn in logical order: backwards on the screen";
    const std::set<std::string> card(shown[3 * i + 1].begin(), shown[3 * i + 1].end());
    EXPECT_TRUE(card.count(i18n::VisualOrder("Leila and " + sarah.substr(0, sarah.find(' ')) + ", you met!")))
        << "the card names both, each in visual order";
    bool found = false;
    for (const std::string& t : shown[3 * i + 2]) found |= t.rfind(i18n::VisualOrder(leila), 0) == 0;
    EXPECT_TRUE(found) << "the name search shows Leila's name in visual order";
  }
}

// The kiosk speaks each attendee's language from their badge's scan, and the
// event's again on the attract screen; two people with different languages
// each read the opening question in their own.
TEST_F(KioskScreenTest, TheKioskSpeaksTheLanguageOfWhoeverScanned) {
  const std::vector<std::vector<std::string>> shown = ShownTexts(
      {{{"max.png"}, {}, "800x480", "lang-welcome-de-800x480.png"},
       {{"max.png"}, {"done"}, "800x480", "lang-attract-after-de-800x480.png"},
       {{"maya.png"}, {}, "800x480", "lang-welcome-en-800x480.png"},
       {{"max.png", "bart.png"}, {}, "800x480", "lang-card-de-ja-800x480.png"}},
      false);
  ASSERT_EQ(shown.size(), 4u);
  auto has = [](const std::vector<std::string>& texts, const std::string& t) {
    return std::find(texts.begin(), texts.end(), t) != texts.end();
  };
  // Maximiliane's roster row says de-DE: her welcome is German.
  const std::vector<std::string>& de = shown[0];
  EXPECT_TRUE(has(de, "Hallo, Maximiliane-Alexandra von Hohenzollern-Sigmaringen!"));
  EXPECT_TRUE(has(de, "Mit wem Sie reden könnten")) << "German, formal: the event did not ask for du";
  EXPECT_FALSE(has(de, "People to talk to"));
  // Done: back on the attract screen, in the event's language (English).
  EXPECT_TRUE(has(shown[1], "What are you passionate about?"));
  // Maya has no language on the roster: the event's.
  EXPECT_TRUE(has(shown[2], "People to talk to"));
  // Maximiliane (German) meets Bartholomew (Japanese): the card is German,
  // with the opening question in Japanese too.
  const std::vector<std::string>& card = shown[3];
  EXPECT_TRUE(has(card, "Maximiliane-Alexandra und Bartholomew, Sie haben sich getroffen!"));
  bool japanese = false;
  for (const std::string& t : card) japanese |= t.find("お互いに聞いてみましょう") != std::string::npos;
  EXPECT_TRUE(japanese) << "the Japanese opening question is missing";
}

}  // namespace
}  // namespace kindred::test
