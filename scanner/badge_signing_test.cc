#include "scanner/badge_signing.h"

#include <gtest/gtest.h>

#include "scanner/badge_payload.h"

namespace kindred {
namespace {

TEST(BadgeSigningTest, ASignedBadgeVerifiesWithTheEventsKey) {
  EventKey key = NewEventKey();
  std::string payload = SignBadge("K-1001", key);
  EXPECT_EQ(payload.rfind("KDN1:K-1001:", 0), 0u);
  EXPECT_LT(payload.size(), 110u) << "fits a small QR code";
  std::string id, reason;
  ASSERT_TRUE(VerifySignedBadge(payload, key.public_key, &id, &reason)) << reason;
  EXPECT_EQ(id, "K-1001");
}

TEST(BadgeSigningTest, AnEditedOrForgedBadgeIsRejected) {
  EventKey key = NewEventKey();
  std::string payload = SignBadge("K-1001", key);
  std::string id, reason;
  std::string edited = payload;
  edited.replace(5, 6, "K-1002");  // someone else's ID, the same signature
  EXPECT_FALSE(VerifySignedBadge(edited, key.public_key, &id, &reason));
  EXPECT_NE(reason.find("forged or edited"), std::string::npos) << reason;
  EXPECT_FALSE(VerifySignedBadge(payload, NewEventKey().public_key, &id, &reason)) << "another event's key";
  EXPECT_FALSE(VerifySignedBadge("KDN1:K-1001:not-base64!!", key.public_key, &id, &reason));
  EXPECT_EQ(reason, "malformed signed badge");
  EXPECT_FALSE(VerifySignedBadge("KDN1:", key.public_key, &id, &reason));
  EXPECT_FALSE(VerifySignedBadge(payload, "", &id, &reason));
  EXPECT_NE(reason.find("no key"), std::string::npos);
  EXPECT_TRUE(id.empty());
}

TEST(BadgeSigningTest, ThePayloadParserKnowsSignedBadges) {
  EventKey key = NewEventKey();
  BadgePayload b = ParseBadgePayload(SignBadge("K-7", key));
  EXPECT_EQ(b.kind, BadgeKind::kSigned);
  EXPECT_EQ(b.attendee_id, "K-7") << "the claimed ID; verification is the kiosk's";
}

// A badge printed with kindred serve's address: a phone's camera opens it as
// a link; a kiosk reads and verifies the badge inside, as it always did.
TEST(BadgeSigningTest, ABadgeAsAnAddressForPhonesIsStillTheSignedBadge) {
  EventKey key = NewEventKey();
  for (const std::string id : {"K-1001", "ORDER/7+1=8"}) {
    const std::string payload = SignBadge(id, key);
    const std::string url = SignedBadgeUrl("http://10.0.0.5:8080/", payload);
    EXPECT_EQ(url.rfind("http://10.0.0.5:8080/b/KDN1:", 0), 0u) << url;
    EXPECT_EQ(url.find('/', 24), std::string::npos) << "one path segment: " << url;
    EXPECT_EQ(SignedBadgeInUrl(url), payload);
    std::string verified, reason;
    ASSERT_TRUE(VerifySignedBadge(url, key.public_key, &verified, &reason)) << reason;
    EXPECT_EQ(verified, id);
    const BadgePayload b = ParseBadgePayload(url);
    EXPECT_EQ(b.kind, BadgeKind::kSigned);
    EXPECT_EQ(b.attendee_id, id);
  }
  // Other addresses are what they were: not badges, or a ticket's.
  for (const char* other : {"http://10.0.0.5:8080/p/0123", "http://x/b/K-1001", "http://x/b/KDN1:K-1:%zz",
                            "ftp://x/b/KDN1:K-1:abc", "http://x/b/KDN1:K-1:abc/more"})
    EXPECT_EQ(SignedBadgeInUrl(other), "") << other;
  std::string id, reason;
  EXPECT_FALSE(VerifySignedBadge("http://x/b/K-1001", key.public_key, &id, &reason));
}

TEST(BadgeSigningTest, KeysRoundTripThroughHex) {
  EventKey key = NewEventKey();
  EXPECT_EQ(FromHex(ToHex(key.public_key)), key.public_key);
  EXPECT_EQ(FromHex("zz"), "");
}

}  // namespace
}  // namespace kindred
