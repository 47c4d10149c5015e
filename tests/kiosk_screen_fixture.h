// The screen tests' fixture: kindred-kiosk rendered for real (SDL's
// offscreen driver, Mesa llvmpipe) on a demo event with a few hard cases
// (long names, no passions, right-to-left names, other languages), badge
// images made for them, and helpers that run the kiosk on scans and taps and
// return its screenshot or the texts it laid out. Screenshots are kept in the
// build tree (tests/screens/) to be looked at. Included by
// kiosk_screen_test.cc and kiosk_layout_test.cc.
#pragma once

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
#include "tests/badge_image.h"
#include "tests/support/test_support.h"

namespace kindred::test {

inline const std::string kScreens = std::string(KINDRED_BIN_DIR) + "/tests/screens";

// The kiosk's environment. Mesa's software GL driver leaks a few kilobytes
// from a module it unloads at exit, which LeakSanitizer cannot attribute or
// suppress; the kiosk's own logic is leak-checked by kiosk_test instead.
inline const std::vector<std::string> kKioskEnv = {"SDL_VIDEODRIVER=offscreen", "KINDRED_ASSETS=" KINDRED_TEST_ASSETS,
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
    std::string err;
    for (auto [file, text] : {std::pair{"maya.png", "K-1001"}, std::pair{"jose.png", "K-1002"},
                              std::pair{"sofia.png", "K-1007"},
                              std::pair{"nadia.png", "K-2000"}, std::pair{"max.png", "K-2001"},
                              std::pair{"bart.png", "K-2002"}, std::pair{"sarah.png", "K-2003"},
                              std::pair{"leila.png", "K-2004"}, std::pair{"stranger.png", "NOT-ON-THE-LIST"},
                              std::pair{"poster.png", "WIFI:S:venue;T:WPA;P:secret;;"}})
      ASSERT_TRUE(WriteBadgeImage(dir_ + "/" + file, text, "", &err)) << err;
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

  // One screen to look at: reached by `scans` then `taps` at `size`, its
  // screenshot kScreens/`png`.
  struct Shown {
    std::vector<std::string> scans, taps;
    std::string size, png;
  };
  // The texts the kiosk shows on each of `screens` (its layout record;
  // `visible_only`: those in view), each on a fresh copy of the event, all
  // drawn by one kiosk process.
  std::vector<std::vector<std::string>> ShownTexts(const std::vector<Shown>& screens, bool visible_only = true) {
    std::vector<std::vector<std::string>> shots;
    for (size_t i = 0; i < screens.size(); ++i) {
      const std::string db = dir_ + "/shown-" + std::to_string(i) + ".db";
      CopyEvent(db);
      shots.push_back(ShotArgs(db, screens[i].size, kScreens + "/" + screens[i].png,
                               dir_ + "/shown-" + std::to_string(i) + ".json", screens[i].scans, screens[i].taps));
    }
    RunResult r = RunShots(shots, "shown");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::vector<std::string>> out(screens.size());
    for (size_t i = 0; i < screens.size() && r.exit_code == 0; ++i) {
      const nlohmann::json layout = nlohmann::json::parse(ReadFile(dir_ + "/shown-" + std::to_string(i) + ".json"));
      for (const auto& item : layout["items"])
        if (item["visible"] || !visible_only) out[i].push_back(item["text"]);
    }
    return out;
  }

  // (Public: the layout test's checks are a function of their own.)
 public:
  // Runs the kiosk once over many screenshot runs (each one's arguments,
  // without the program: "--db", ..., "--screenshot", ...), one process for
  // all as `kindred-kiosk --shots` gives it: each picture and layout as the
  // run alone would give them (kiosk_screen_test.cc checks that).
  static RunResult RunShots(const std::vector<std::vector<std::string>>& shots, const std::string& name) {
    std::string lines;
    for (const auto& shot : shots) lines += nlohmann::json(shot).dump() + "\n";
    const std::string file = dir_ + "/" + name + ".shots";
    WriteFile(file, lines);
    return RunCommand({Bin("kindred-kiosk"), "--shots", file}, kKioskEnv);
  }

  // One screenshot run's arguments (kindred-kiosk's, without the program):
  // the event at `db` drawn at `size` after the badge pictures `scans` (files
  // in dir_) and then `taps`; the picture to `png`, where each text landed
  // to `layout`.
  static std::vector<std::string> ShotArgs(const std::string& db, const std::string& size, const std::string& png,
                                           const std::string& layout, const std::vector<std::string>& scans,
                                           const std::vector<std::string>& taps) {
    std::vector<std::string> args{"--db", db, "--size", size, "--screenshot", png, "--layout", layout};
    for (const std::string& scan : scans) args.insert(args.end(), {"--scan-image", dir_ + "/" + scan});
    for (const std::string& tap : taps) args.insert(args.end(), {"--then", tap});
    return args;
  }

  // A fresh copy of the event at `db` (earlier runs saved encounters).
  static void CopyEvent(const std::string& db) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
    std::filesystem::copy_file(db_, db);
  }

  static inline std::string dir_, db_;
};

}  // namespace kindred::test
