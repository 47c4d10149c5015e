#include "event/page_token.h"

#include <gtest/gtest.h>

#include <set>

#include "tests/support/test_support.h"

namespace kindred {
namespace {

TEST(PageTokenTest, EachPersonHasTheirOwn128BitTokenThatNoBadgeIdGives) {
  test::TempDir dir;
  std::string err;
  auto db = EventDb::Open(dir.path() + "/e.db", &err);
  ASSERT_TRUE(db) << err;
  std::set<std::string> tokens;
  for (const char* badge : {"K-1001", "K-1002", "K-1003", "k-1001"}) {
    std::string token;
    ASSERT_TRUE(PageToken(*db, badge, &token, &err)) << err;
    EXPECT_EQ(token.size(), 32u);  // 128 bits
    EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_EQ(token.find(badge), std::string::npos);
    tokens.insert(token);
    std::string again;
    ASSERT_TRUE(PageToken(*db, badge, &again, &err));
    EXPECT_EQ(token, again);  // the same address every time
  }
  EXPECT_EQ(tokens.size(), 4u);
  // Another event (another secret): other addresses for the same badges.
  auto other = EventDb::Open(dir.path() + "/other.db", &err);
  std::string mine, theirs;
  ASSERT_TRUE(PageToken(*db, "K-1001", &mine, &err));
  ASSERT_TRUE(PageToken(*other, "K-1001", &theirs, &err));
  EXPECT_NE(mine, theirs);
}

TEST(PageTokenTest, TheFormTokenIsNotThePageTokenNorMadeFromIt) {
  const std::string key(64, 'a');
  const std::string page = PageTokenFromKey(key);
  const std::string form = FormTokenFromKey(key);
  EXPECT_EQ(form.size(), 32u);
  EXPECT_NE(page, form);
  EXPECT_NE(FormTokenFromKey(page), form);
  EXPECT_NE(FormTokenFromKey(std::string(64, 'b')), form);
}

TEST(PageTokenTest, TheUrlJoinsTheBaseWithOrWithoutASlash) {
  EXPECT_EQ(PageUrl("http://10.0.0.5:8080", "ab"), "http://10.0.0.5:8080/p/ab");
  EXPECT_EQ(PageUrl("http://10.0.0.5:8080/", "ab"), "http://10.0.0.5:8080/p/ab");
}

TEST(PageTokenTest, APhoneUrlIsHttpOrHttpsToAHostWithNothingAPhoneWouldMisread) {
  for (const char* ok : {"http://10.0.0.5:8080", "https://kindred.example.org/", "http://[fe80::1]:8080"})
    EXPECT_TRUE(IsPhoneUrl(ok)) << ok;
  for (const char* bad : {"", "10.0.0.5:8080", "ftp://x", "http://", "http:///p", "http://a b", "http://a\nb",
                          "javascript:alert(1)", "http://a\"b"})
    EXPECT_FALSE(IsPhoneUrl(bad)) << bad;
}

}  // namespace
}  // namespace kindred
