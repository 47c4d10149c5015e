// `kindred send` against a real SMTP server (python3-aiosmtpd) on 127.0.0.1,
// started and stopped by each test: STARTTLS and implicit TLS on a generated
// certificate, AUTH, a refused recipient, a server that dies mid-run, a
// sender killed mid-run. What arrives is read as a mail client would
// (Python's email package, python3-vobject).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>
#include <nlohmann/json.hpp>

#include "tests/support/test_support.h"
#include "tests/support/people.h"

namespace kindred::test {
namespace {

const std::string kPython = "/usr/bin/python3";
const std::string kTests = std::string(KINDRED_TEST_ASSETS) + "/../tests";
const std::string kFrom = "Kindred Mixer <hello@example.org>";

bool HaveMailTools() {
  return RunCommand({kPython, "-c", "import aiosmtpd, vobject"}).exit_code == 0 &&
         RunCommand({"/usr/bin/openssl", "version"}).exit_code == 0;
}

// A real SMTP server on 127.0.0.1 (tests/smtp_server.py), stopped with the test.
class SmtpServer {
 public:
  SmtpServer(std::string dir, std::string maildir) : dir_(std::move(dir)), maildir_(std::move(maildir)) {}
  bool Start(const std::vector<std::string>& options) {
    const std::string port_file = dir_ + "/port-" + std::to_string(++starts_);
    std::vector<std::string> argv = {kPython, kTests + "/smtp_server.py", "--maildir", maildir_, "--port-file",
                                     port_file};
    argv.insert(argv.end(), options.begin(), options.end());
    if (!process_.Start(argv, dir_ + "/smtp.log") || !WaitForFile(port_file, 20)) return false;
    port_ = ReadFile(port_file);
    return true;
  }
  std::string Url(const std::string& scheme = "smtp") const { return scheme + "://127.0.0.1:" + port_; }
  bool running() { return process_.running(); }
  void Stop() { process_.Stop(); }

 private:
  std::string dir_, maildir_, port_;
  int starts_ = 0;
  Background process_;
};

class SendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!HaveMailTools()) GTEST_SKIP() << "python3-aiosmtpd, python3-vobject or openssl is not installed";
    dir_ = MakeTempDir();
    db_ = dir_ + "/event.db";
    maildir_ = dir_ + "/mail";
    std::filesystem::create_directories(maildir_);
    WriteFile(dir_ + "/roster.csv",
              RosterCsv({Someone("M", "Maya Okafor")
                             .Email("maya@example.org").Company("Hive & Co").Title("Designer").Field("design")
                             .Stage("mid career").Passions({"urban beekeeping", "jazz"}).Consent(),
                         Someone("J", "José Álvarez")
                             .Email("jose@example.org").Company("Solaria").Title("Founder").Field("energy")
                             .Stage("founder").Passions({"urban beekeeping"}).Consent(),
                         Someone("L", "李雷").Email("lei@example.org").Passions({"jazz"}),
                         Someone("N", "Nadia Haddad").Passions({"jazz"}).Consent(),
                         Someone("Q", "Quinn Byrne").Email("quinn@example.org").Passions({"jazz"}).Consent(),
                         Someone("R", "Rūta Žemaitė")
                             .Email("ruta@example.org").Company("Vilnius Tech").Title("Engineer")
                             .Passions({"urban beekeeping"}).Consent()}));
    ASSERT_EQ(Kindred({"import", dir_ + "/roster.csv", "--db", db_}).exit_code, 0);
    for (const auto& [a, b, note] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {"M", "J", "Bees on the roof — send the hive plans"}, {"M", "L", ""}, {"J", "R", ""}, {"N", "M", ""}}) {
      std::vector<std::string> args = {"meet", "--db", db_, a, b};
      if (!note.empty()) args.insert(args.end(), {"--note", note});
      RunResult r = Kindred(args);
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  RunResult Kindred(std::vector<std::string> args, const std::vector<std::string>& env = {}) {
    args.insert(args.begin(), Bin("kindred"));
    return RunCommand(args, env, 120);
  }
  RunResult SendTo(const std::string& url, std::vector<std::string> more = {},
                   const std::vector<std::string>& env = {}) {
    std::vector<std::string> args = {"send", "--db", db_, "--smtp", url, "--from", kFrom, "--event-name", "Mixer"};
    args.insert(args.end(), more.begin(), more.end());
    return Kindred(args, env);
  }
  // The messages that arrived, as a mail client reads them.
  nlohmann::json Arrived(const std::string& folder = "") {
    RunResult r = RunCommand({kPython, kTests + "/check_mail.py", folder.empty() ? maildir_ : folder});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out.empty() ? "[]" : r.out);
  }
  std::map<std::string, int> CountByRecipient() {
    std::map<std::string, int> n;
    for (const auto& m : Arrived()) ++n[m["to"].get<std::string>()];
    return n;
  }
  // A self-signed certificate for 127.0.0.1 and localhost.
  void MakeCertificate() {
    RunResult r = RunCommand({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                              "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                              "-keyout", dir_ + "/key.pem", "-out", dir_ + "/cert.pem"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  // `server` with TLS (`mode` "starttls" or "smtps") on a fresh certificate, and `more` options.
  void StartTls(SmtpServer* server, const std::string& mode, std::vector<std::string> more = {}) {
    MakeCertificate();
    more.insert(more.end(), {"--mode", mode, "--cert", dir_ + "/cert.pem", "--key", dir_ + "/key.pem"});
    ASSERT_TRUE(server->Start(more));
  }
  void WriteCredentials(const std::string& password, mode_t mode = 0600) {
    WriteFile(dir_ + "/smtp.netrc", "# the relay\nmachine 127.0.0.1 login kindred password " + password + "\n");
    chmod((dir_ + "/smtp.netrc").c_str(), mode);
  }

  std::string dir_, db_, maildir_;
};

TEST_F(SendTest, StartTlsWithAuthDeliversEachFollowUpOnceAsAMailClientReadsIt) {
  SmtpServer server(dir_, maildir_);
  StartTls(&server, "starttls", {"--auth", "kindred:Pa55-wörd"});
  WriteCredentials("Pa55-wörd");
  RunResult r = SendTo(server.Url(), {"--credentials", dir_ + "/smtp.netrc", "--ca-file", dir_ + "/cert.pem",
                                      "--reply-to", "Team <team@example.org>"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("sent 4, refused 0"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("N (Nadia Haddad): no e-mail address"), std::string::npos) << r.err;
  EXPECT_EQ((r.out + r.err).find("Pa55"), std::string::npos) << "the password is never printed";

  const nlohmann::json mail = Arrived();
  ASSERT_EQ(mail.size(), 4u);
  std::map<std::string, nlohmann::json> by_to;
  for (const auto& m : mail) by_to[m["to"]] = m;
  for (const auto& [to, m] : by_to) {
    EXPECT_TRUE(m["defects"].empty()) << to << ": " << m["defects"];
    EXPECT_LE(m["longest_line"].get<int>(), 78) << to;
    EXPECT_FALSE(m["bare_lf"].get<bool>()) << to;
    EXPECT_EQ(m["rcpt"], nlohmann::json::array({to}));
    EXPECT_EQ(m["from"], "hello@example.org");
    EXPECT_EQ(m["from_name"], "Kindred Mixer");
    EXPECT_EQ(m["reply_to"], "team@example.org");
    EXPECT_EQ(m["list_unsubscribe"], "<mailto:team@example.org?subject=unsubscribe>");
    EXPECT_TRUE(m["message_id"].get<std::string>().ends_with("@example.org>")) << m["message_id"];
    EXPECT_FALSE(m["date"].get<std::string>().empty());
  }
  ASSERT_TRUE(by_to.count("maya@example.org") && by_to.count("lei@example.org") && by_to.count("ruta@example.org"));
  EXPECT_EQ(by_to["lei@example.org"]["to_name"], "李雷") << "UTF-8 names survive in headers";
  EXPECT_EQ(by_to["ruta@example.org"]["to_name"], "Rūta Žemaitė");
  const nlohmann::json& maya = by_to["maya@example.org"];
  EXPECT_EQ(maya["subject"], "Your conversations at Mixer: 3 people to follow up");
  const std::string text = maya["text"], html = maya["html"];
  EXPECT_NE(text.find("José Álvarez - Founder, Solaria"), std::string::npos) << text;
  EXPECT_NE(text.find("Note: Bees on the roof — send the hive plans"), std::string::npos) << text;
  EXPECT_NE(text.find("Next: "), std::string::npos);
  EXPECT_NE(text.find("李雷 chose not to share contact details"), std::string::npos) << text;
  EXPECT_EQ(text.find("lei@example.org"), std::string::npos) << "no contact details without consent";
  EXPECT_NE(html.find(">José Álvarez</h2>"), std::string::npos);
  EXPECT_NE(by_to["jose@example.org"]["html"].get<std::string>().find("Designer, Hive &amp; Co"), std::string::npos)
      << "HTML is escaped: " << by_to["jose@example.org"]["html"];
  // The HTML part, read as a mail app reads it: the same content as the
  // plain part, readable on any background, in its language.
  // White space as a reader sees it: any run of it one space.
  auto spaced = [](const std::string& in) {
    std::string out;
    for (char ch : in) {
      const bool space = ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t';
      if (!space) out += ch;
      else if (!out.empty() && out.back() != ' ') out += ' ';
    }
    return out;
  };
  for (const auto& [to, m] : by_to) {
    const std::string plain = m["text"], seen = spaced(m["html_text"]);
    size_t start = 0;
    for (size_t end; (end = plain.find('\n', start)) != std::string::npos; start = end + 1) {
      std::string line = plain.substr(start, end - start);
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
      if (line.rfind("  ", 0) != 0) continue;  // the items of each person
      EXPECT_NE(seen.find(spaced(line.substr(2))), std::string::npos) << to << ": the HTML lacks '" << line << "' in:\n" << seen;
    }
    if (plain.find("contacts.vcf") != std::string::npos) {
      EXPECT_NE(seen.find("contacts.vcf"), std::string::npos) << to << ": the HTML never mentions the attachment";
    }
    EXPECT_EQ(m["html_lang"], "en") << to;
    EXPECT_NE(m["html_color_scheme"].get<std::string>().find("light"), std::string::npos) << to;
    EXPECT_TRUE(m["html_colour_without_background"].empty()) << to << ": " << m["html_colour_without_background"];
    EXPECT_GE(m["html_min_contrast"].get<double>(), 4.5) << to << ": '" << m["html_worst_text"] << "'";
  }
  // The attachment: the people Maya met who agreed to share, not 李雷.
  std::vector<std::string> cards;
  for (const auto& c : maya["vcards"]) cards.push_back(c["fn"].get<std::string>() + " " + c["email"].get<std::string>());
  std::sort(cards.begin(), cards.end());
  EXPECT_EQ(cards, (std::vector<std::string>{"José Álvarez jose@example.org", "Nadia Haddad "}));
  EXPECT_TRUE(by_to["lei@example.org"]["vcards"].size() == 1u) << "Maya agreed to share with 李雷";

  r = SendTo(server.Url(), {"--credentials", dir_ + "/smtp.netrc", "--ca-file", dir_ + "/cert.pem"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("sent 0, refused 0, already sent before 4"), std::string::npos) << r.out;
  EXPECT_EQ(Arrived().size(), 4u) << "a rerun sends nothing";
}

TEST_F(SendTest, ImplicitTlsWorksAndOnlySendsToTheGivenPeople) {
  SmtpServer server(dir_, maildir_);
  StartTls(&server, "smtps");
  RunResult r = SendTo(server.Url("smtps"), {"--ca-file", dir_ + "/cert.pem", "--only", "J", "--only", "R"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(CountByRecipient(), (std::map<std::string, int>{{"jose@example.org", 1}, {"ruta@example.org", 1}}));
  r = SendTo(server.Url("smtps"), {"--ca-file", dir_ + "/cert.pem", "--only", "nobody"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("badge nobody is not in the roster"), std::string::npos) << r.err;
}

TEST_F(SendTest, AnUntrustedCertificateOrAWrongPasswordIsOneClearLine) {
  SmtpServer server(dir_, maildir_);
  StartTls(&server, "starttls", {"--auth", "kindred:right-one"});
  WriteCredentials("wrong-one");
  RunResult r = SendTo(server.Url(), {"--credentials", dir_ + "/smtp.netrc"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("TLS with the mail server failed"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  r = SendTo(server.Url(), {"--credentials", dir_ + "/smtp.netrc", "--ca-file", dir_ + "/cert.pem"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("refused the user name or password"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("wrong-one"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_TRUE(Arrived().empty());
  // The same from the environment.
  r = SendTo(server.Url(), {"--ca-file", dir_ + "/cert.pem"},
             {"KINDRED_SMTP_USER=kindred", "KINDRED_SMTP_PASSWORD=right-one"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Arrived().size(), 4u);
}

TEST_F(SendTest, PasswordsStayOutOfUrlsAndOpenFiles) {
  RunResult r = SendTo("smtp://kindred:secret@127.0.0.1:2525");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("not in the URL"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("secret"), std::string::npos) << r.err;
  WriteCredentials("secret", 0644);
  r = SendTo("smtp://127.0.0.1:2525", {"--credentials", dir_ + "/smtp.netrc"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("chmod 600"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("secret"), std::string::npos) << r.err;
  r = SendTo("http://127.0.0.1:2525");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("smtp://"), std::string::npos) << r.err;
}

TEST_F(SendTest, NoServerIsOneLineAndExitOne) {
  SmtpServer server(dir_, maildir_);
  ASSERT_TRUE(server.Start({}));
  const std::string url = server.Url();
  server.Stop();
  RunResult r = SendTo(url);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("cannot send through " + url), std::string::npos) << r.err;
}

TEST_F(SendTest, ARefusedRecipientDoesNotStopTheOthersAndIsSentByTheNextRun) {
  SmtpServer server(dir_, maildir_);
  ASSERT_TRUE(server.Start({"--refuse", "jose@example.org"}));
  RunResult r = SendTo(server.Url());
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.out.find("sent 3, refused 1"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("J <jose@example.org>: 550 5.1.1"), std::string::npos) << r.err;
  EXPECT_EQ(CountByRecipient().count("jose@example.org"), 0u);
  server.Stop();
  ASSERT_TRUE(server.Start({}));
  r = SendTo(server.Url());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("sent 1, refused 0, already sent before 3"), std::string::npos) << r.out;
  EXPECT_EQ(CountByRecipient(), (std::map<std::string, int>{{"jose@example.org", 1},
                                                            {"lei@example.org", 1},
                                                            {"maya@example.org", 1},
                                                            {"ruta@example.org", 1}}));
}

TEST_F(SendTest, AServerThatDiesMidRunIsResumedByTheNextRun) {
  SmtpServer server(dir_, maildir_);
  ASSERT_TRUE(server.Start({"--die-after", "2"}));
  RunResult r = SendTo(server.Url());
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("run the same command again"), std::string::npos) << r.err;
  EXPECT_EQ(Arrived().size(), 2u);
  ASSERT_TRUE(server.Start({}));
  r = SendTo(server.Url());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("sent 2, refused 0, already sent before 2"), std::string::npos) << r.out;
  for (const auto& [to, n] : CountByRecipient()) EXPECT_EQ(n, 1) << to;
  EXPECT_EQ(Arrived().size(), 4u);
}

TEST_F(SendTest, ASenderKilledMidRunSendsNobodyTwiceBeyondTheOneInFlight) {
  SmtpServer server(dir_, maildir_);
  ASSERT_TRUE(server.Start({"--delay-ms", "300"}));
  Background sender;
  ASSERT_TRUE(sender.Start({Bin("kindred"), "send", "--db", db_, "--smtp", server.Url(), "--from", kFrom},
                           dir_ + "/sender.log"));
  // Kill it once two messages have arrived: the third is then in flight or next.
  ASSERT_TRUE(WaitForFile(maildir_ + "/0001.eml", 30)) << ReadFile(dir_ + "/sender.log");
  sender.Signal(SIGKILL);
  RunResult r = SendTo(server.Url());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  int twice = 0;
  std::map<std::string, std::set<std::string>> ids;
  for (const auto& m : Arrived()) ids[m["to"]].insert(m["message_id"]);
  for (const auto& [to, n] : CountByRecipient()) {
    EXPECT_LE(n, 2) << to;
    if (n == 2) {
      ++twice;
      EXPECT_EQ(ids[to].size(), 1u) << "a message sent again is the same message (Message-ID)";
    }
  }
  EXPECT_LE(twice, 1) << "only the message in flight may arrive twice";
  EXPECT_EQ(CountByRecipient().size(), 4u);
}

TEST_F(SendTest, TheRateIsHonoured) {
  SmtpServer server(dir_, maildir_);
  ASSERT_TRUE(server.Start({}));
  const auto start = std::chrono::steady_clock::now();
  RunResult r = SendTo(server.Url(), {"--rate", "120/min"});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Arrived().size(), 4u);
  EXPECT_GE(seconds, 1.5) << "four messages at 120 a minute are three half-second gaps";
  r = SendTo(server.Url(), {"--rate", "fast"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--rate"), std::string::npos);
}

TEST_F(SendTest, ADryRunWritesTheMessagesAndSendsNothing) {
  RunResult r = Kindred({"send", "--db", db_, "--from", kFrom, "--dry-run", dir_ + "/eml"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Wrote 4 messages"), std::string::npos) << r.out;
  const nlohmann::json mail = Arrived(dir_ + "/eml");
  ASSERT_EQ(mail.size(), 4u);
  EXPECT_EQ(mail[0]["file"], "J.eml");
  EXPECT_TRUE(mail[0]["defects"].empty());
  // The journal is untouched: a real run afterwards sends all four.
  SmtpServer server(dir_, maildir_);
  ASSERT_TRUE(server.Start({}));
  r = SendTo(server.Url());
  EXPECT_NE(r.out.find("sent 4"), std::string::npos) << r.out;
}

// Each follow-up in its reader's language: the roster's language column, else
// the event's (import --language). Read by Python's email package: the
// Content-Language header, UTF-8 text, the HTML's lang, and in a German,
// French, Spanish or Japanese message no sentence of the English template.
TEST_F(SendTest, EachFollowUpIsInItsReadersLanguage) {
  WriteFile(dir_ + "/languages.csv",
            "badge_id,name,email,passions,consent,language\n"
            "D1,Ingrid Berg,ingrid@example.org,Imkerei; jazz,yes,de-DE\n"
            "F1,Léa Martin,lea@example.org,jazz,yes,fr\n"
            "S1,Lucía Pérez,lucia@example.org,jazz,yes,es\n"
            "J1,佐藤花子,hanako@example.org,jazz,yes,ja\n"
            "U1,Ute Wolf,ute@example.org,jazz,yes,de-informal\n"
            "E1,Sam Lee,sam@example.org,jazz,yes,\n");
  ASSERT_EQ(Kindred({"import", dir_ + "/languages.csv", "--db", db_, "--language", "es"}).exit_code, 0);
  for (const char* other : {"D1", "F1", "S1", "J1", "U1"}) {
    RunResult r = Kindred({"meet", "--db", db_, "E1", other, "--intent", "meet-again"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  SmtpServer server(dir_, maildir_);
  ASSERT_TRUE(server.Start({}));
  RunResult r = SendTo(server.Url(), {"--only", "D1", "--only", "F1", "--only", "S1", "--only", "J1", "--only", "U1", "--only", "E1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> english = {"Conversations are where networking starts", "To pick up where you left off",
                                            "Next:", "Suggest a date", "Thank you for coming", "You get this e-mail"};
  const std::map<std::string, std::pair<std::string, std::string>> expect = {
      // address: Content-Language, a sentence of that language's template
      {"ingrid@example.org", {"de", "Schlagen Sie Sam einen Termin für ein Wiedersehen vor."}},
      // German for someone who asked for "du": still "de" to mail readers.
      {"ute@example.org", {"de", "Schlag Sam einen Termin für ein Wiedersehen vor."}},
      {"lea@example.org", {"fr", "Proposez à Sam une date pour vous revoir."}},
      {"lucia@example.org", {"es", "Propón a Sam una fecha para volver a veros."}},
      {"hanako@example.org", {"ja", "Samさんにまた会う日程を提案しましょう。"}},
      // Sam's row gives no language: the event's (Spanish).
      {"sam@example.org", {"es", "Propón a Ingrid una fecha para volver a veros."}},
  };
  size_t seen = 0;
  for (const auto& m : Arrived()) {
    auto it = expect.find(m["to"].get<std::string>());
    if (it == expect.end()) continue;
    ++seen;
    SCOPED_TRACE(it->first);
    EXPECT_EQ(m["content_language"], it->second.first);
    EXPECT_EQ(m["html_lang"], it->second.first);
    EXPECT_EQ(m["text_charset"], "utf-8");
    EXPECT_TRUE(m["defects"].empty());
    // SpamAssassin's HTML_OBFUSCATE_05_10 starts at 0.05 (tags against
    // Japanese text looked like words split by tags).
    EXPECT_LT(m["html_obfuscation_ratio"].get<double>(), 0.05) << m["html"].get<std::string>();
    const std::string text = m["text"], html = m["html_text"];
    EXPECT_NE(text.find(it->second.second), std::string::npos) << text;
    EXPECT_NE(html.find(it->second.second), std::string::npos) << html;
    for (const std::string& sentence : english) {
      EXPECT_EQ(text.find(sentence), std::string::npos) << "'" << sentence << "' in\n" << text;
      EXPECT_EQ(html.find(sentence), std::string::npos) << "'" << sentence << "' in the HTML";
    }
  }
  EXPECT_EQ(seen, expect.size());
}

}  // namespace
}  // namespace kindred::test
