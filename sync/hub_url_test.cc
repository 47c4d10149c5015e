#include "sync/hub_url.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "common/file.h"
#include "sync/hub_bundle.h"

namespace kindred {
namespace {

bool Accepted(const std::string& url, bool allow_insecure, HubUrlCheck* check, std::string* err) {
  err->clear();
  return CheckHubUrl(url, allow_insecure, check, err);
}

TEST(HubUrlTest, ANetworkHubIsReachedOnlyWithItsCertificateVerified) {
  HubUrlCheck check;
  std::string err;
  for (const char* url : {"postgresql://kindred_kiosk_a@192.168.1.10/kindred",
                          "postgresql://kindred_kiosk_a@hub.local/kindred?sslmode=require",
                          "postgresql://kindred_kiosk_a@hub.local/kindred?sslmode=prefer",
                          "host=hub.local dbname=kindred sslmode=disable",
                          "postgresql://kindred_kiosk_a@/kindred?hostaddr=10.0.0.5&host=/tmp"}) {
    EXPECT_FALSE(Accepted(url, false, &check, &err)) << url;
    EXPECT_NE(err.find("--insecure-hub"), std::string::npos) << err;
    EXPECT_EQ(err.find('\n'), std::string::npos) << "one line: " << err;
    EXPECT_TRUE(Accepted(url, true, &check, &err)) << url << ": " << err;
    EXPECT_FALSE(check.verified) << url;
  }
  for (const char* url : {"postgresql://kindred_kiosk_a@hub.local/kindred?sslmode=verify-full&sslrootcert=/x.crt",
                          "postgresql://kindred_kiosk_a@10.0.0.5:5432/kindred?sslmode=verify-ca"}) {
    EXPECT_TRUE(Accepted(url, false, &check, &err)) << url << ": " << err;
    EXPECT_TRUE(check.verified);
    EXPECT_FALSE(check.local);
  }
}

TEST(HubUrlTest, ASocketOnThisMachineNeedsNoTls) {
  HubUrlCheck check;
  std::string err;
  const char* saved = std::getenv("PGHOST");
  unsetenv("PGHOST");
  for (const char* url : {"postgresql:///kindred?host=/var/run/postgresql", "postgresql://%2Ftmp%2Fpg/kindred",
                          "postgresql:///kindred"}) {
    EXPECT_TRUE(Accepted(url, false, &check, &err)) << url << ": " << err;
    EXPECT_TRUE(check.local) << url;
  }
  if (saved) setenv("PGHOST", saved, 1);
}

TEST(HubUrlTest, APasswordInTheUrlIsRefusedWithoutShowingIt) {
  HubUrlCheck check;
  std::string err;
  EXPECT_FALSE(Accepted("postgresql://kindred_kiosk_a:s3cret@hub/kindred?sslmode=verify-full", true, &check, &err));
  EXPECT_NE(err.find("password file"), std::string::npos) << err;
  EXPECT_EQ(err.find("s3cret"), std::string::npos) << err;
  EXPECT_FALSE(Accepted("not a url at all ==", true, &check, &err));
}

TEST(HubUrlTest, AKioskKnowsItsNameFromTheRoleItSignsInAs) {
  EXPECT_EQ(KioskNameFromHubUrl("postgresql://kindred_kiosk_hall-a@hub/kindred?sslmode=verify-full"), "hall-a");
  EXPECT_EQ(KioskNameFromHubUrl("postgresql://kindred_organiser_maya@hub/kindred"), "");
  EXPECT_EQ(KioskNameFromHubUrl("postgresql://kindred_kiosk@hub/kindred"), "") << "v1's shared role names nobody";
  EXPECT_EQ(KioskNameFromHubUrl("postgresql://kindred_kiosk_Hall%20A@hub/kindred"), "");
}

TEST(HubUrlTest, MemberNamesAreShortAndPlain) {
  EXPECT_TRUE(IsValidMemberName("kiosk-1"));
  EXPECT_TRUE(IsValidMemberName("hall-b2"));
  for (const char* bad : {"", "Kiosk", "a b", "a;drop", "ümlaut", "x_y"}) EXPECT_FALSE(IsValidMemberName(bad)) << bad;
  EXPECT_FALSE(IsValidMemberName(std::string(41, 'a')));
}

TEST(HubUrlTest, TheKioskUrlVerifiesTheHubAndBindsTheChannel) {
  const std::string url = MakeHubUrl("10.0.0.5:5432", "kindred_kiosk_a", "/etc/kindred/hub-ca.crt", "/my dir/pgpass");
  EXPECT_EQ(url,
            "postgresql://kindred_kiosk_a@10.0.0.5:5432/kindred?sslmode=verify-full&sslrootcert=/etc/kindred/"
            "hub-ca.crt&channel_binding=require&passfile=/my%20dir/pgpass");
  HubUrlCheck check;
  std::string err;
  ASSERT_TRUE(CheckHubUrl(url, false, &check, &err)) << err;
  EXPECT_TRUE(check.verified);
  EXPECT_EQ(check.user, "kindred_kiosk_a");
  EXPECT_EQ(PgpassLine("kindred_kiosk_a", "a:b\\c"), "*:*:kindred:kindred_kiosk_a:a\\:b\\\\c");
}

const char kPem[] = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n";

TEST(HubBundleTest, ABundleReadsBackAsWritten) {
  const HubBundle b{"hall-a", "kindred_kiosk_hall-a", "10.0.0.5:5432", "pw-123", kPem};
  HubBundle read;
  std::string err;
  ASSERT_TRUE(ParseHubBundle(FormatHubBundle(b), &read, &err)) << err;
  EXPECT_EQ(read.kiosk, b.kiosk);
  EXPECT_EQ(read.role, b.role);
  EXPECT_EQ(read.address, b.address);
  EXPECT_EQ(read.password, b.password);
  EXPECT_EQ(read.root_cert_pem, b.root_cert_pem);
}

TEST(HubBundleTest, APartialBundleSaysWhatIsMissing) {
  HubBundle read;
  std::string err;
  EXPECT_FALSE(ParseHubBundle("kiosk=hall-a\nrole=r\naddress=h\npassword=p\n", &read, &err));
  EXPECT_NE(err.find("root certificate"), std::string::npos) << err;
  EXPECT_FALSE(ParseHubBundle(std::string("kiosk=hall-a\nrole=r\naddress=h\n") + kPem, &read, &err));
  EXPECT_NE(err.find("password"), std::string::npos) << err;
  EXPECT_FALSE(ParseHubBundle("\x89PNG\r\n", &read, &err));
}

TEST(HubBundleTest, JoiningWritesTheCertificateThePrivatePasswordFileAndTheUrl) {
  const std::string dir = std::filesystem::temp_directory_path() / ("kindred-join-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  const HubBundle b{"hall-a", "kindred_kiosk_hall-a", "10.0.0.5:5432", "pw-123", kPem};
  std::string url, err;
  ASSERT_TRUE(InstallHubBundle(b, dir, "", &url, &err)) << err;
  EXPECT_EQ(url, MakeHubUrl("10.0.0.5:5432", "kindred_kiosk_hall-a", dir + "/hub-ca.crt", dir + "/pgpass"));
  std::string text;
  ASSERT_TRUE(ReadWholeFile(dir + "/pgpass", &text, &err));
  EXPECT_EQ(text, "*:*:kindred:kindred_kiosk_hall-a:pw-123\n");
  struct stat st {};
  ASSERT_EQ(stat((dir + "/pgpass").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "libpq ignores a password file others can read";
  ASSERT_TRUE(ReadWholeFile(dir + "/hub-ca.crt", &text, &err));
  EXPECT_EQ(text, kPem);
  ASSERT_TRUE(ReadWholeFile(dir + "/hub.url", &text, &err));
  EXPECT_EQ(text, url + "\n");
  EXPECT_FALSE(InstallHubBundle(b, dir, "no-such-user-here", &url, &err));
  EXPECT_NE(err.find("no-such-user-here"), std::string::npos) << err;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kindred
