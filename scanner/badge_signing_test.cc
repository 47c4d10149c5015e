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

TEST(BadgeSigningTest, KeysRoundTripThroughHex) {
  EventKey key = NewEventKey();
  EXPECT_EQ(FromHex(ToHex(key.public_key)), key.public_key);
  EXPECT_EQ(FromHex("zz"), "");
}

}  // namespace
}  // namespace kindred
