// kindred serve as phones use it: the real server process on 127.0.0.1, its
// pages read over HTTP and in Debian's Chromium at a phone's size (no page
// script can run), and every rule of web/site.h tried from outside.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "tests/support/browser.h"
#include "tests/support/http_client.h"
#include "tests/support/people.h"
#include "tests/support/test_support.h"

namespace kindred {
namespace {

using test::Someone;

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.path() + "/event.db";
    const std::vector<Attendee> people = {
        Someone("K-1", "Maya Okafor").Passions({"urban beekeeping", "jazz"}).Field("design").Email("maya@example.org").Consent(),
        Someone("K-2", "José Álvarez").Passions({"urban beekeeping", "cycling"}).Field("energy").Email("jose@example.org").Consent(),
        Someone("K-3", "<script>alert(1)</script>").Passions({"jazz", "sailing"}).Field("law").Email("x@example.org"),
        Someone("K-4", "Ingrid Berg").Passions({"sailing", "jazz"}).Field("music").Language("de"),
        Someone("K-5", "Lena Vogel").Passions({"cycling", "jazz"}).Field("health")};
    test::WriteFile(dir_.path() + "/roster.csv", test::RosterCsv(people));
    ASSERT_EQ(Kindred({"import", dir_.path() + "/roster.csv", "--db", db_}).exit_code, 0);
  }

  test::RunResult Kindred(std::vector<std::string> args) {
    args.insert(args.begin(), test::Bin("kindred"));
    return test::RunCommand(args);
  }

  // Starts kindred serve on a free port of 127.0.0.1.
  void Serve() {
    const std::string log = dir_.path() + "/serve.log";
    ASSERT_TRUE(server_.Start({test::Bin("kindred"), "serve", "--db", db_, "--listen", "127.0.0.1:0"}, log));
    std::smatch m;
    for (int i = 0; i < 100 && port_ == 0; ++i) {
      const std::string text = test::ReadFile(log);
      if (std::regex_search(text, m, std::regex("http://127\\.0\\.0\\.1:(\\d+)/p/"))) port_ = std::stoi(m[1]);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_NE(port_, 0) << test::ReadFile(log);
  }

  // The page's path for a badge, from kindred page-url's last line.
  std::string PagePath(const std::string& badge) {
    const test::RunResult r = Kindred({"page-url", badge, "--db", db_, "--base", "http://127.0.0.1:" + std::to_string(port_)});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const std::string url = r.out.substr(r.out.rfind("http://"));
    return url.substr(url.find("/p/"), url.find_last_not_of("\n") - url.find("/p/") + 1);
  }

  // The wall's path, from kindred wall-url's last line.
  std::string WallPath() {
    const test::RunResult r = Kindred({"wall-url", "--db", db_, "--base", "http://127.0.0.1:" + std::to_string(port_)});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const std::string url = r.out.substr(r.out.rfind("http://"));
    return url.substr(url.find("/wall/"), url.find_last_not_of("\n") - url.find("/wall/") + 1);
  }

  // Two badges scanned together at a kiosk (the real one, offscreen): their
  // encounter saved in the event's database, as at the event.
  void MeetAtKiosk(const std::string& a, const std::string& b) {
    for (const std::string& id : {a, b})
      ASSERT_EQ(test::RunCommand({test::Bin("make-test-badge"), dir_.path() + "/" + id + ".png", id}).exit_code, 0);
    const test::RunResult r = test::RunCommand(
        {test::Bin("kindred-kiosk"), "--db", db_, "--size", "800x480", "--screenshot", dir_.path() + "/kiosk.png",
         "--no-sounds", "--scan-image", dir_.path() + "/" + a + ".png", "--scan-image", dir_.path() + "/" + b + ".png",
         "--then", "save"},
        {"SDL_VIDEODRIVER=offscreen", "ASAN_OPTIONS=detect_leaks=0"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  static std::string FormToken(const std::string& html) {
    std::smatch m;
    return std::regex_search(html, m, std::regex("name=\"form\" value=\"([0-9a-f]{32})\"")) ? m[1].str() : "";
  }

  test::TempDir dir_;
  std::string db_;
  test::Background server_;
  int port_ = 0;
};

TEST_F(ServeTest, PageUrlPrintsAnUnguessableAddressAsItsLastLine) {
  port_ = 8080;
  const std::string path = PagePath("K-1");
  EXPECT_TRUE(std::regex_match(path, std::regex("/p/[0-9a-f]{32}"))) << path;
  EXPECT_EQ(path.find("K-1"), std::string::npos);
  EXPECT_EQ(PagePath("K-1"), path);
  EXPECT_NE(PagePath("K-2"), path);
  const test::RunResult unknown = Kindred({"page-url", "K-99", "--db", db_, "--base", "http://10.0.0.5:8080"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_EQ(unknown.err, "kindred: badge K-99 is not in the roster of " + db_ + "\n");
  EXPECT_EQ(Kindred({"page-url", "K-1", "--db", db_, "--base", "10.0.0.5:8080"}).exit_code, 1);
}

TEST_F(ServeTest, EveryRuleOfAPublicWiFiHolds) {
  Serve();
  const std::string maya = PagePath("K-1");
  test::HttpAnswer page = test::Http(port_, "GET", maya);
  ASSERT_EQ(page.status, 200);
  // No script, nothing from elsewhere, the address never sent on, nothing kept.
  EXPECT_EQ(page.headers["content-security-policy"].rfind("default-src 'self'; script-src 'none'", 0), 0u);
  EXPECT_EQ(page.headers["referrer-policy"], "no-referrer");
  EXPECT_EQ(page.headers["cache-control"], "no-store");
  EXPECT_EQ(page.body.find("<script"), std::string::npos);
  EXPECT_EQ(page.body.find("http"), std::string::npos);  // no resource from anywhere else
  // A name is text, never markup.
  Kindred({"meet", "K-1", "K-3", "--db", db_});
  page = test::Http(port_, "GET", maya);
  EXPECT_NE(page.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(page.body.find("<script>alert"), std::string::npos);
  // ...whose contact shows only with their consent: K-3 did not agree.
  EXPECT_EQ(page.body.find("x@example.org"), std::string::npos);

  // An unknown token and a forgotten person's answer the same plain 404.
  const std::string jose = PagePath("K-2");
  ASSERT_EQ(test::Http(port_, "GET", jose).status, 200);
  test::HttpAnswer unknown = test::Http(port_, "GET", "/p/0123456789abcdef0123456789abcdef");
  ASSERT_EQ(Kindred({"forget", "K-2", "--db", db_, "--yes"}).exit_code, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));  // the server reads the event again
  test::HttpAnswer forgotten = test::Http(port_, "GET", jose);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(forgotten.status, 404);
  EXPECT_EQ(forgotten.body, unknown.body);
  EXPECT_EQ(forgotten.headers["content-length"], unknown.headers["content-length"]);

  // A form without the page's form token changes nothing.
  const std::string form = FormToken(page.body);
  ASSERT_EQ(form.size(), 32u);
  EXPECT_EQ(test::Http(port_, "POST", maya + "/profile", "passions=hacked").status, 403);
  EXPECT_EQ(test::Http(port_, "POST", maya + "/profile", "form=" + std::string(32, '0') + "&passions=hacked").status, 403);
  EXPECT_EQ(test::Http(port_, "GET", maya).body.find("hacked"), std::string::npos);
  // Too large: refused, nothing saved.
  EXPECT_EQ(test::Http(port_, "POST", maya + "/profile", "form=" + form + "&passions=" + std::string(40000, 'x')).status,
            413);
  // With it: saved, and the browser sent back to the page.
  test::HttpAnswer saved =
      test::Http(port_, "POST", maya + "/profile", "form=" + form + "&passions=" + test::FormEncode("sailing\njazz"));
  EXPECT_EQ(saved.status, 303);
  EXPECT_EQ(saved.headers["location"], maya + "?saved");
  EXPECT_NE(test::Http(port_, "GET", maya).body.find("sailing\njazz\n</textarea>"), std::string::npos);

  // A slow client holds nobody up.
  test::StalledClient slow(port_);
  EXPECT_EQ(test::Http(port_, "GET", maya, "", "", 2).status, 200);

  // An address that keeps guessing is told to wait, even with a good token.
  int refused = 0;
  for (int i = 0; i < 40; ++i)
    if (test::Http(port_, "GET", "/p/" + std::to_string(i)).status == 429) ++refused;
  EXPECT_GE(refused, 5);
  EXPECT_EQ(test::Http(port_, "GET", maya).status, 429);
}

// The server keeps the event in memory and reads again only what changed
// (web/site.cc Refresh): an encounter and the sightings a kiosk wrote reach
// the pages in place, within the two seconds it waits between looks.
TEST_F(ServeTest, WhatAKioskSavesReachesThePagesWithinTwoSeconds) {
  Serve();
  const std::string maya = PagePath("K-1"), lena = PagePath("K-5");
  const auto section = [](const std::string& html, const std::string& heading) {
    const size_t at = html.find("<h2>" + heading + "</h2>");
    return at == std::string::npos ? std::string() : html.substr(at, html.find("</section>", at) - at);
  };
  const std::string before = test::Http(port_, "GET", maya).body;
  ASSERT_NE(section(before, "People to find today").find("José"), std::string::npos) << before;
  EXPECT_EQ(test::Http(port_, "GET", lena).body.find("seen just now"), std::string::npos);

  MeetAtKiosk("K-1", "K-2");  // both badges scanned: seen now, and met
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  const std::string after = test::Http(port_, "GET", maya).body;
  EXPECT_EQ(section(after, "People to find today").find("José"), std::string::npos) << after;
  EXPECT_NE(section(after, "People you met").find("José"), std::string::npos) << after;
  // Lena is suggested one of them, now seen at the kiosk.
  const std::string theirs = test::Http(port_, "GET", lena).body;
  EXPECT_NE(section(theirs, "People to find today").find("seen just now"), std::string::npos) << theirs;
}

TEST_F(ServeTest, APageSpeaksTheRostersLanguageElseTheBrowsers) {
  Serve();
  // Ingrid's roster entry says German: German whatever the browser says.
  test::HttpAnswer page = test::Http(port_, "GET", PagePath("K-4"), "", "Accept-Language: ja, en;q=0.5");
  EXPECT_EQ(page.headers["content-language"], "de");
  EXPECT_NE(page.body.find("<html lang=\"de\""), std::string::npos);
  // Lena's says none: the browser's first language Kindred speaks.
  page = test::Http(port_, "GET", PagePath("K-5"), "", "Accept-Language: pt-BR, fr;q=0.8, en;q=0.5");
  EXPECT_EQ(page.headers["content-language"], "fr");
  page = test::Http(port_, "GET", PagePath("K-5"), "", "Accept-Language: en;q=0.2, es;q=0.9");
  EXPECT_EQ(page.headers["content-language"], "es");
  page = test::Http(port_, "GET", PagePath("K-5"));
  EXPECT_EQ(page.headers["content-language"], "en");
}

TEST_F(ServeTest, OnAPhoneThePageShowsWhatKindredSuggestsAndSavesItsFormWithNoScript) {
  if (!test::Browser::Available()) GTEST_SKIP() << "chromium and chromedriver are not installed";
  // What kindred suggest says for Maya, before anything is shown to her.
  const test::RunResult suggested = Kindred({"suggest", "K-1", "--db", db_, "--json"});
  ASSERT_EQ(suggested.exit_code, 0) << suggested.err;
  std::vector<std::string> names;
  const nlohmann::json list = nlohmann::json::parse(suggested.out);
  for (const auto& s : list["suggestions"]) names.push_back(s["name"]);
  ASSERT_FALSE(names.empty()) << suggested.out;
  Serve();
  // No page script can run: the server's Content-Security-Policy forbids
  // every one (script-src 'none', checked above). The browser's own
  // JavaScript stays on only because chromedriver clicks through it.
  test::Browser browser;
  std::string err;
  ASSERT_TRUE(browser.Start(390, 844, true, &err)) << err;
  const std::string url = "http://127.0.0.1:" + std::to_string(port_) + PagePath("K-1");
  ASSERT_TRUE(browser.Open(url));
  EXPECT_EQ(browser.Texts("section ol li h3"), names);
  // Readable at a phone's width: nothing wider than the screen.
  EXPECT_LE(browser.Run("return document.documentElement.scrollWidth").get<int>(), 390);
  browser.Screenshot(test::Bin("tests/screens") + "/phone-page-390.png");
  // The form, typed and sent as a person would, without JavaScript.
  ASSERT_TRUE(browser.Type("#offers", "bee-keeping lessons\nintroductions"));
  ASSERT_TRUE(browser.Click("form button"));
  EXPECT_TRUE(browser.WaitForUrl(url + "?saved")) << browser.CurrentUrl();
  EXPECT_FALSE(browser.Texts(".notice").empty());
  const test::RunResult row =
      test::RunCommand({"/usr/bin/sqlite3", db_, "SELECT offers FROM attendee WHERE badge_id = 'K-1'"});
  EXPECT_EQ(row.out, "bee-keeping lessons; introductions\n");
}

// Badges printed with the server's address: a kiosk still reads them as the
// signed badge; a phone's camera opens them.
std::string BadgeAddress(const std::string& dir, const std::string& db, int port, const std::string& id) {
  const test::RunResult made = test::RunCommand({test::Bin("kindred"), "badges", "--db", db, "--out", dir + "/badges",
                                                 "--url-base", "http://127.0.0.1:" + std::to_string(port)});
  EXPECT_EQ(made.exit_code, 0) << made.err;
  const test::RunResult scan = test::RunCommand({test::Bin("kindred"), "scan", "--json", "--db", db,
                                                 dir + "/badges/png/" + id + ".png"});
  EXPECT_EQ(scan.exit_code, 0) << scan.err;
  const nlohmann::json codes = nlohmann::json::parse(scan.out)["codes"];
  EXPECT_EQ(codes.size(), 1u) << scan.out;
  if (codes.size() != 1) return "";
  EXPECT_EQ(codes[0]["badge"]["kind"], "signed") << scan.out;
  EXPECT_EQ(codes[0]["badge"]["verified"], true) << scan.out;
  EXPECT_EQ(codes[0]["badge"]["id"], id) << scan.out;
  const std::string url = codes[0]["text"];
  return url.substr(url.find("/b/"));
}

// "We met" from two phones: José's badge opened by Maya's phone (which has
// opened her own page) offers one button that saves their encounter as a
// kiosk would; a phone that is nobody's sees only the first name.
TEST_F(ServeTest, TwoPhonesSayWeMetAndItIsSavedAsAtAKiosk) {
  const test::RunResult bad = Kindred({"badges", "--db", db_, "--out", dir_.path() + "/b", "--url-base", "10.0.0.5:8080"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1) << bad.err;
  Serve();
  const std::string jose = BadgeAddress(dir_.path(), db_, port_, "K-2");
  ASSERT_EQ(jose.rfind("/b/KDN1:K-2:", 0), 0u) << jose;
  // Nobody's phone: the first name and how to go on.
  test::HttpAnswer a = test::Http(port_, "GET", jose);
  ASSERT_EQ(a.status, 200);
  EXPECT_NE(a.body.find("José"), std::string::npos);
  EXPECT_EQ(a.body.find("Álvarez"), std::string::npos) << "the first name only";
  EXPECT_EQ(a.body.find("<form"), std::string::npos);
  // Maya opens her own page: the phone is hers.
  const std::string maya_page = PagePath("K-1");
  a = test::Http(port_, "GET", maya_page);
  const std::string cookie_header = a.headers["set-cookie"];
  ASSERT_EQ(cookie_header.rfind("kindred_me=" + maya_page.substr(3) + ";", 0), 0u) << cookie_header;
  EXPECT_NE(cookie_header.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie_header.find("SameSite=Lax"), std::string::npos);
  const std::string cookie = "Cookie: kindred_me=" + maya_page.substr(3);
  a = test::Http(port_, "GET", jose, "", cookie);
  ASSERT_EQ(a.status, 200);
  EXPECT_NE(a.body.find("You and José"), std::string::npos) << a.body;
  EXPECT_NE(a.body.find("urban beekeeping"), std::string::npos) << "what they share: " << a.body;
  const std::string form = FormToken(a.body);
  ASSERT_EQ(form.size(), 32u);
  // Without the page's form token (a form made elsewhere), nothing is saved.
  EXPECT_EQ(test::Http(port_, "POST", jose + "/met", "form=" + std::string(32, '0'), cookie).status, 403);
  EXPECT_EQ(test::Http(port_, "POST", jose + "/met", "form=" + form).status, 403) << "without the phone's cookie";
  auto encounters = [&] {
    return test::RunCommand({"/usr/bin/sqlite3", db_, "SELECT a_id || ' ' || b_id || ' ' || kiosk_id FROM encounter"}).out;
  };
  EXPECT_EQ(encounters(), "");
  a = test::Http(port_, "POST", jose + "/met", "form=" + form, cookie);
  EXPECT_EQ(a.status, 303);
  EXPECT_EQ(a.headers["location"], maya_page + "?saved");
  EXPECT_EQ(encounters(), "K-1 K-2 phones\n");
  // The same pair again: still one encounter, as at a kiosk.
  EXPECT_EQ(test::Http(port_, "POST", jose + "/met", "form=" + form, cookie).status, 303);
  EXPECT_EQ(encounters(), "K-1 K-2 phones\n");
  // Her own badge, and a forged one.
  const std::string own = BadgeAddress(dir_.path(), db_, port_, "K-1");
  EXPECT_NE(test::Http(port_, "GET", own, "", cookie).body.find("This is your own badge"), std::string::npos);
  std::string forged = jose;
  forged.replace(forged.find("K-2"), 3, "K-4");
  EXPECT_EQ(test::Http(port_, "GET", forged, "", cookie).status, 404);
}

// The follow-ups and note two people chose at the kiosk, changed on either
// one's page, by nobody else, only from the page's own form, escaped where
// they are shown, a note one line of at most 280 bytes cut between characters.
TEST_F(ServeTest, EitherOfTwoWhoMetChangesTheirFollowUpsAndNoteFromTheirPage) {
  ASSERT_EQ(Kindred({"meet", "K-1", "K-2", "--db", db_, "--kiosk-id", "hall-a", "--intent", "send-contact", "--note",
                     "bees"})
                .exit_code,
            0);
  const std::string id =
      test::RunCommand({"/usr/bin/sqlite3", db_, "SELECT id FROM encounter"}).out.substr(0, 36);
  Serve();
  const std::string maya = PagePath("K-1"), jose = PagePath("K-2"), lena = PagePath("K-5");
  test::HttpAnswer a = test::Http(port_, "GET", maya);
  ASSERT_EQ(a.status, 200);
  EXPECT_NE(a.body.find("action=\"" + maya + "/met/" + id + "\""), std::string::npos) << a.body;
  EXPECT_NE(a.body.find("name=\"intent-send-contact\" value=\"1\" checked"), std::string::npos);
  EXPECT_NE(a.body.find(">bees</textarea>"), std::string::npos);
  const std::string form = FormToken(a.body);
  auto row = [&] {
    return test::RunCommand({"/usr/bin/sqlite3", db_, "SELECT intents || '|' || note || '|' || kiosk_id FROM encounter"})
        .out;
  };
  const std::string note = "<script>alert(1)</script>\nsecond line";
  const std::string body = "intent-meet-again=1&note=" + test::FormEncode(note);
  // Not from the page's form, not theirs, not by GET: nothing changes.
  EXPECT_EQ(test::Http(port_, "POST", maya + "/met/" + id, "form=" + std::string(32, '0') + "&" + body).status, 403);
  const std::string lena_form = FormToken(test::Http(port_, "GET", lena).body);
  EXPECT_EQ(test::Http(port_, "POST", lena + "/met/" + id, "form=" + lena_form + "&" + body).status, 404);
  EXPECT_EQ(test::Http(port_, "POST", maya + "/met/no-such-encounter", "form=" + form + "&" + body).status, 404);
  EXPECT_EQ(test::Http(port_, "GET", maya + "/met/" + id).status, 404);
  EXPECT_EQ(row(), "send-contact|bees|hall-a\n");

  a = test::Http(port_, "POST", maya + "/met/" + id, "form=" + form + "&" + body);
  EXPECT_EQ(a.status, 303);
  EXPECT_EQ(a.headers["location"], maya + "?saved=" + id + "#met-" + id);
  EXPECT_EQ(row(), "meet-again|<script>alert(1)</script> second line|hall-a\n") << "one line, the kiosk's still";
  // José reads the same, as text.
  a = test::Http(port_, "GET", jose);
  EXPECT_EQ(a.body.find("<script>alert"), std::string::npos);
  EXPECT_NE(a.body.find("&lt;script&gt;alert(1)&lt;/script&gt; second line</textarea>"), std::string::npos);
  EXPECT_NE(a.body.find("name=\"intent-meet-again\" value=\"1\" checked"), std::string::npos);
  // José empties it: 300 "é" are cut at 280 bytes, between characters.
  std::string long_note;
  for (int i = 0; i < 300; ++i) long_note += "é";
  a = test::Http(port_, "POST", jose + "/met/" + id, "form=" + FormToken(a.body) + "&note=" + test::FormEncode(long_note));
  EXPECT_EQ(a.status, 303);
  EXPECT_EQ(row(), "|" + long_note.substr(0, 280) + "|hall-a\n");
}

// The same, as two people would do it in Chromium at a phone's size: Maya's
// phone opens her page (from the kiosk's code), then José's badge; one tap.
TEST_F(ServeTest, OnAPhoneWeMetIsOneTapAfterOpeningOnesOwnPage) {
  if (!test::Browser::Available()) GTEST_SKIP() << "chromium and chromedriver are not installed";
  Serve();
  const std::string jose = BadgeAddress(dir_.path(), db_, port_, "K-2");
  test::Browser browser;
  std::string err;
  ASSERT_TRUE(browser.Start(390, 844, true, &err)) << err;
  const std::string base = "http://127.0.0.1:" + std::to_string(port_);
  ASSERT_TRUE(browser.Open(base + PagePath("K-1")));
  ASSERT_TRUE(browser.Open(base + jose));
  EXPECT_EQ(browser.Texts("h1"), std::vector<std::string>{"You and José"});
  browser.Screenshot(test::Bin("tests/screens") + "/phone-we-met-390.png");
  ASSERT_TRUE(browser.Click("form button"));
  EXPECT_TRUE(browser.WaitForUrl(base + PagePath("K-1") + "?saved")) << browser.CurrentUrl();
  const std::vector<std::string> met = browser.Texts("article h3");
  ASSERT_EQ(met.size(), 1u);
  EXPECT_NE(met[0].find("José"), std::string::npos) << met[0];
}

// The room's wall: only at its own address; the numbers and passions of
// everyone, names only of those who agreed; each encounter saved at a kiosk
// on every open wall within 2 seconds, through Server-Sent Events.
TEST_F(ServeTest, TheWallNamesOnlyThoseWhoAgreedAndEveryEncounterReachesItWithinTwoSeconds) {
  Serve();
  const std::string wall = WallPath();
  ASSERT_EQ(wall.size(), 6u + 32u) << wall;
  for (const std::string& wrong : {std::string("/wall"), std::string("/wall/"), "/wall/" + std::string(32, '0'),
                                   wall + "x", wall + "/other"})
    EXPECT_EQ(test::Http(port_, "GET", wrong).status, 404) << wrong;
  const test::HttpAnswer page = test::Http(port_, "GET", wall);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.headers.at("content-security-policy").find("script-src 'self'"), std::string::npos);
  EXPECT_NE(page.body.find("<b>0</b>"), std::string::npos);
  EXPECT_NE(page.body.find("http-equiv=\"refresh\""), std::string::npos) << "without script it reloads itself";
  EXPECT_EQ(test::Http(port_, "GET", "/static/wall.js").status, 200);

  test::EventStreamClient stream(port_, wall + "/events");
  ASSERT_EQ(stream.Status(), 200);
  EXPECT_EQ(stream.headers().at("content-type"), "text/event-stream");
  std::string data;
  ASSERT_TRUE(stream.Next(&data, 5));
  EXPECT_NE(data.find("<b>0</b>"), std::string::npos) << data;

  // Maya meets someone who did not agree to be named: counted, not named.
  MeetAtKiosk("K-1", "K-3");
  auto saved = std::chrono::steady_clock::now();
  ASSERT_TRUE(stream.Next(&data, 5));
  EXPECT_LT(std::chrono::steady_clock::now() - saved, std::chrono::seconds(2));
  EXPECT_NE(data.find("<b>1</b>"), std::string::npos) << data;
  EXPECT_EQ(data.find("Maya"), std::string::npos) << data;
  EXPECT_EQ(data.find("script"), std::string::npos) << data;
  EXPECT_NE(data.find("jazz"), std::string::npos) << "what they share counts: " << data;

  // Maya meets José: both agreed.
  MeetAtKiosk("K-1", "K-2");
  saved = std::chrono::steady_clock::now();
  ASSERT_TRUE(stream.Next(&data, 5));
  EXPECT_LT(std::chrono::steady_clock::now() - saved, std::chrono::seconds(2));
  EXPECT_NE(data.find("<b>2</b>"), std::string::npos) << data;
  EXPECT_NE(data.find("Maya and José met over urban beekeeping"), std::string::npos) << data;
}

// On the projector's browser: the wall changes in place as people meet (no
// reload), and reads at 1280x720.
TEST_F(ServeTest, OnTheProjectorTheWallChangesWithoutReloading) {
  if (!test::Browser::Available()) GTEST_SKIP() << "chromium and chromedriver are not installed";
  Serve();
  test::Browser browser;
  std::string err;
  ASSERT_TRUE(browser.Start(1280, 720, true, &err)) << err;
  ASSERT_TRUE(browser.Open("http://127.0.0.1:" + std::to_string(port_) + WallPath()));
  EXPECT_EQ(browser.Texts(".number b").front(), "0");
  browser.Run("window.kindredMark = 42; return 0");
  MeetAtKiosk("K-1", "K-2");
  const auto saved = std::chrono::steady_clock::now();
  bool updated = false;
  while (!updated && std::chrono::steady_clock::now() - saved < std::chrono::seconds(5)) {
    const std::vector<std::string> numbers = browser.Texts(".number b");
    updated = !numbers.empty() && numbers.front() == "1";
    if (!updated) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(updated) << "the wall did not change";
  EXPECT_LT(std::chrono::steady_clock::now() - saved, std::chrono::seconds(2));
  EXPECT_EQ(browser.Run("return window.kindredMark").get<int>(), 42) << "the page was reloaded";
  EXPECT_EQ(browser.Texts(".recent li"), std::vector<std::string>{"Maya and José met over urban beekeeping"});
  EXPECT_LE(browser.Run("return document.documentElement.scrollWidth").get<int>(), 1280);
  browser.Screenshot(test::Bin("tests/screens") + "/wall-1280x720.png");
}

}  // namespace
}  // namespace kindred
