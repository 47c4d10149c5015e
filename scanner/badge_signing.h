// Kindred's own signed badges: the attendee ID plus an Ed25519 signature made
// with the event's key (libsodium), so a kiosk rejects a forged or edited
// badge offline, with only the event's public key.
//
//   KDN1:<badge id>:<signature, 64 bytes, base64url without padding>
#pragma once

#include <string>
#include <string_view>

#include "common/hex.h"  // ToHex, FromHex: keys stored as text

namespace kindred {

struct EventKey {
  std::string public_key;  // 32 bytes
  std::string secret_key;  // 64 bytes; empty on kiosks that only verify
};

// A new random key pair.
EventKey NewEventKey();

// The payload to print in a badge's QR code for `badge_id`.
// REQUIRES: key.secret_key is a libsodium Ed25519 secret key.
std::string SignBadge(const std::string& badge_id, const EventKey& key);

// True when `payload` is "KDN1:..." (whether or not it verifies).
bool IsSignedBadge(const std::string& payload);

// A signed badge as an address of `kindred serve` for phones:
// "http://10.0.0.5:8080/b/KDN1:K-1001:SIG" (the ID percent-encoded where it
// has characters a path would read otherwise). A phone's camera app opens it;
// kiosks read it as the badge it carries.
std::string SignedBadgeUrl(const std::string& base, const std::string& payload);

// The signed badge ("KDN1:...") an address of that form carries: after
// "/b/" in an http(s) URL, percent-decoded; "" when it carries none.
std::string SignedBadgeInUrl(std::string_view text);

// Checks a signed payload (or an address carrying one). Returns true and sets *badge_id when the signature
// is the event's; otherwise false and a one-line *reason ("the badge's
// signature does not match this event", "malformed signed badge", ...).
bool VerifySignedBadge(const std::string& payload, const std::string& public_key, std::string* badge_id,
                       std::string* reason);


}  // namespace kindred
