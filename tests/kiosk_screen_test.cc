// kindred-kiosk rendered for real (tests/kiosk_screen_fixture.h): badge
// images go through the real flow and the resulting screens are checked;
// organiser mode behind the PIN, rotations, the camera path, shutting down.
#include "tests/kiosk_screen_fixture.h"

namespace kindred::test {
namespace {

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
  struct Case {
    std::string size, png;
    bool saved;
  };
  std::vector<Case> cases;
  std::vector<std::vector<std::string>> shots;
  for (const char* size : {"800x480", "720x1280", "1024x600"}) {
    for (bool saved : {false, true}) {
      const std::string png = kScreens + "/takeaway-" + (saved ? "saved-" : "card-") + size + ".png";
      const std::string db = dir_ + "/takeaway-" + std::to_string(shots.size()) + ".db";
      CopyEvent(db);
      shots.push_back({"--db", db, "--size", size, "--screenshot", png, "--scan-image", dir_ + "/maya.png",
                       "--scan-image", dir_ + "/jose.png"});
      if (saved) shots.back().insert(shots.back().end(), {"--then", "save"});
      cases.push_back({size, png, saved});
    }
  }
  // Sofia did not agree to share: only Maya's contact is offered, to Sofia.
  const std::string one_way = kScreens + "/takeaway-one-way-800x480.png";
  CopyEvent(dir_ + "/takeaway-one-way.db");
  shots.push_back({"--db", dir_ + "/takeaway-one-way.db", "--size", "800x480", "--screenshot", one_way,
                   "--scan-image", dir_ + "/maya.png", "--scan-image", dir_ + "/sofia.png", "--then", "save"});
  RunResult r = RunShots(shots, "takeaway");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.size + (c.saved ? " saved" : " card"));
    std::set<std::string> names;
    for (const auto& b : BadgesIn(c.png)) {
      EXPECT_EQ(b["kind"], "vcard");
      names.insert(b.value("name", ""));
    }
    // Landscape panels keep the card's intents in view: the codes wait on the saved screen.
    const bool shown_here = c.saved || c.size == "720x1280";
    if (shown_here)
      EXPECT_EQ(names, (std::set<std::string>{"Maya Okafor", "José Álvarez"})) << "both agreed: both ways";
    else
      EXPECT_TRUE(names.empty());
  }
  std::vector<nlohmann::json> badges = BadgesIn(one_way);
  ASSERT_EQ(badges.size(), 1u);
  EXPECT_EQ(badges[0]["name"], "Maya Okafor");
  EXPECT_EQ(badges[0]["email"], "maya@example.org");
  EXPECT_EQ(badges[0]["company"], "Hive & Co");
}

// With kindred serve's address, the welcome shows a phone the event's
// Wi-Fi and, a tap later, the person's own page: the codes read from the
// screen as a phone's camera would, the page's the very URL `kindred
// page-url` gives (one place decides it).
TEST_F(KioskScreenTest, TheWelcomeGivesAPhoneTheWifiAndThenThePersonsOwnPage) {
  RunResult url = RunCommand({Bin("kindred"), "page-url", "K-1001", "--db", db_, "--base", "http://192.168.1.20:8080"});
  ASSERT_EQ(url.exit_code, 0) << url.err;
  std::string page = url.out.substr(0, url.out.find_last_not_of('\n') + 1);
  page = page.substr(page.rfind('\n') + 1);  // the last line
  std::vector<std::pair<std::string, std::string>> expected;  // picture, the one code it shows
  std::vector<std::vector<std::string>> shots;
  for (const char* size : {"800x480", "720x1280", "1024x600"}) {
    for (const char* then : {"", "phone-code"}) {
      std::string png = kScreens + "/welcome-phone" + (*then ? "-page-" : "-wifi-") + size + ".png";
      shots.push_back({"--db", db_, "--size", size, "--screenshot", png, "--phone-url", "http://192.168.1.20:8080",
                       "--wifi", "Spring Mixer; Guests", "--wifi-password", "bees:4ever", "--scan-image",
                       dir_ + "/maya.png"});
      if (*then) shots.back().insert(shots.back().end(), {"--then", then});
      expected.emplace_back(png, *then ? page : "WIFI:T:WPA;S:Spring Mixer\\; Guests;P:bees\\:4ever;;");
    }
  }
  // Without the server's address: no code at all.
  const std::string no_phone = kScreens + "/welcome-no-phone-800x480.png";
  shots.push_back({"--db", db_, "--size", "800x480", "--screenshot", no_phone, "--scan-image", dir_ + "/maya.png"});
  RunResult r = RunShots(shots, "welcome-phone");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const auto& [png, text] : expected) {
    SCOPED_TRACE(png);
    RunResult scan = RunCommand({Bin("kindred"), "scan", "--json", png});
    ASSERT_EQ(scan.exit_code, 0) << scan.err;
    const nlohmann::json codes = nlohmann::json::parse(scan.out)["codes"];
    ASSERT_EQ(codes.size(), 1u) << scan.out;
    EXPECT_EQ(codes[0]["text"], text);
  }
  RunResult scan = RunCommand({Bin("kindred"), "scan", "--json", no_phone});
  EXPECT_TRUE(nlohmann::json::parse(scan.out)["codes"].empty()) << scan.out;
}

TEST_F(KioskScreenTest, WhoIsLookingForYouShowsOnTheWelcomeAtEverySize) {
  std::vector<std::vector<std::string>> shots;
  const std::vector<std::string> sizes = {"800x480", "720x1280", "1024x600"};
  for (const std::string& size : sizes) {
    const std::string db = dir_ + "/looking-" + size + ".db";
    CopyEvent(db);
    // Maya is shown José at one kiosk...
    shots.push_back({"--db", db, "--size", size, "--screenshot", dir_ + "/maya.png.out", "--scan-image",
                     dir_ + "/maya.png", "--kiosk-id", "bar"});
    // ...and José scans later at another.
    shots.push_back({"--db", db, "--size", size, "--screenshot", kScreens + "/welcome-looking-" + size + ".png",
                     "--layout", dir_ + "/looking-" + size + ".json", "--scan-image", dir_ + "/jose.png",
                     "--kiosk-id", "door"});
  }
  RunResult r = RunShots(shots, "looking");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const std::string& size : sizes) {
    SCOPED_TRACE(size);
    std::string layout = ReadFile(dir_ + "/looking-" + size + ".json");
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
  struct Turn {
    std::string name, panel, interface;
    int degrees;
  };
  std::vector<Turn> turns;
  std::vector<std::vector<std::string>> shots;
  // The PIN pad: the same on every run (suggestions vary).
  auto render = [&](const std::string& size, int turn, const std::string& png) {
    shots.push_back({"--db", db_, "--size", size, "--rotate", std::to_string(turn), "--screenshot", png, "--then",
                     "pin", "--then", "digit:2"});
  };
  for (auto [panel, upright] : {std::pair{"800x480", "480x800"}, std::pair{"720x1280", "1280x720"}}) {
    for (int degrees : {0, 90, 180, 270}) {
      const std::string interface = degrees % 180 != 0 ? upright : panel;
      const std::string name = std::string("pin-") + panel + "-turned-" + std::to_string(degrees);
      turns.push_back({name, panel, interface, degrees});
      render(panel, degrees, kScreens + "/" + name + ".png");
    }
    render(panel, 0, kScreens + "/pin-" + panel + ".png");
    render(upright, 0, kScreens + "/pin-" + upright + ".png");
  }
  RunResult r = RunShots(shots, "turns");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const Turn& t : turns) {
    Rgba turned, reference;
    ASSERT_TRUE(LoadPng(kScreens + "/" + t.name + ".png", &turned)) << t.name;
    ASSERT_TRUE(LoadPng(kScreens + "/pin-" + t.interface + ".png", &reference)) << t.interface;
    EXPECT_EQ(std::to_string(turned.width) + "x" + std::to_string(turned.height), t.panel) << t.name;
    const double differ = DifferentPixels(Turned(reference, t.degrees), turned);
    EXPECT_LT(differ, 0.02) << t.name << ": " << differ * 100 << "% of pixels differ from the upright screen turned";
  }
}

// Many screens drawn by one kiosk process (--shots, as the screen tests draw
// them) are each what the kiosk draws alone: nothing of one run's text
// fields, scrolling, keyboard or size is left for the next; the picture and
// the layout are the same to the byte.
TEST_F(KioskScreenTest, ScreensDrawnOneAfterAnotherAreEachAsDrawnAlone) {
  const std::vector<std::vector<std::string>> runs = {
      {"--then", "search", "--then", "type:May"},
      {"--then", "search", "--then", "type:Jo"},
      // Settings scrolled to a text field above the keyboard.
      {"--then", "pin", "--then", "digit:2", "--then", "digit:4", "--then", "digit:6", "--then", "digit:8", "--then",
       "pin-ok", "--then", "tab:3", "--then", "setting-edit:3", "--then", "setting-text:http://192.168.1.20:8080",
       "--then", "setting-done", "--then", "setting-text:Spring Mixer"},
      {"--scan-image", dir_ + "/maya.png", "--scan-image", dir_ + "/jose.png", "--then", "edit-note", "--then",
       "note:Hive visit in May"},
      {"--then", "pin", "--then", "digit:2", "--then", "digit:4", "--then", "digit:6", "--then", "digit:8", "--then",
       "pin-ok", "--then", "tab:4", "--then", "forget-name:Jos"},
      {"--size", "720x1280", "--rotate", "90", "--then", "pin", "--then", "digit:2"},
      {"--language", "ja", "--then", "join", "--then", "join-name:Sam"},
      {},
  };
  std::vector<std::vector<std::string>> shots;
  for (size_t i = 0; i < runs.size(); ++i) {
    for (const char* how : {"alone", "listed"}) {
      const std::string name = dir_ + "/" + how + "-" + std::to_string(i);
      CopyEvent(name + ".db");
      std::vector<std::string> args{"--db", name + ".db", "--screenshot", name + ".png", "--layout", name + ".json"};
      args.insert(args.end(), runs[i].begin(), runs[i].end());
      if (std::find(args.begin(), args.end(), "--size") == args.end()) args.insert(args.end(), {"--size", "800x480"});
      if (how == std::string("listed")) {
        shots.push_back(args);
        continue;
      }
      args.insert(args.begin(), Bin("kindred-kiosk"));
      RunResult r = RunCommand(args, kKioskEnv);
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  }
  RunResult r = RunShots(shots, "listed");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (size_t i = 0; i < runs.size(); ++i) {
    SCOPED_TRACE("run " + std::to_string(i));
    const std::string alone = dir_ + "/alone-" + std::to_string(i), listed = dir_ + "/listed-" + std::to_string(i);
    EXPECT_EQ(ReadFile(listed + ".json"), ReadFile(alone + ".json"));
    EXPECT_TRUE(ReadFile(listed + ".png") == ReadFile(alone + ".png")) << "the pictures differ";
    EXPECT_GT(ReadFile(alone + ".png").size(), 1000u);
  }
}

// A list of shots the kiosk cannot run is one line naming the line, and
// nothing is drawn: not JSON, a shot without a picture, an unknown option.
TEST_F(KioskScreenTest, AListOfShotsItCannotRunSaysWhichLine) {
  const std::string file = dir_ + "/bad.shots", png = dir_ + "/bad.png";
  for (const auto& [second_line, says] :
       {std::pair<std::string, std::string>{"--db x", "line 2 is not a JSON array of arguments"},
        {"[\"--db\", \"" + db_ + "\"]", "shot 2: each shot takes a --screenshot"},
        {"[\"--no-such-option\"]", "in " + file + " line 2"}}) {
    SCOPED_TRACE(second_line);
    std::filesystem::remove(png);
    WriteFile(file, "[\"--db\", \"" + db_ + "\", \"--size\", \"800x480\", \"--screenshot\", \"" + png +
                        "\"]\n" + second_line + "\n");
    RunResult r = RunCommand({Bin("kindred-kiosk"), "--shots", file}, kKioskEnv);
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find(says), std::string::npos) << r.err;
  }
  RunResult r = RunCommand({Bin("kindred-kiosk"), "--shots", file, "--size", "800x480"}, kKioskEnv);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--shots goes alone"), std::string::npos) << r.err;
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
