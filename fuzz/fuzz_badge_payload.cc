// libFuzzer target: badge payload parsing and signed-badge verification must
// never crash, hang or read out of bounds, whatever a code contains.
#include <cstddef>
#include <cstdint>
#include <string>

#include "scanner/badge_payload.h"
#include "scanner/badge_signing.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const kindred::EventKey key = kindred::NewEventKey();
  const std::string text(reinterpret_cast<const char*>(data), size);
  kindred::BadgePayload badge = kindred::ParseBadgePayload(text);
  if (badge.is_badge() != badge.reason.empty()) __builtin_trap();  // a typed result: a badge or a reason
  std::string id, reason;
  if (kindred::VerifySignedBadge(text, key.public_key, &id, &reason) && id.empty()) __builtin_trap();
  return 0;
}
