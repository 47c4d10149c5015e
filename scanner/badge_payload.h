// Turns the text of a decoded code into a typed badge, never trusting it.
// Knows the forms registration systems print: plain IDs and ticket secrets,
// ticket URLs, pretix's AT$...$AT form, comma-separated field lists, vCard and
// MECARD. Anything else is reported as "not a badge" with the reason.
#pragma once

#include <string>
#include <string_view>

namespace kindred {

enum class BadgeKind {
  kPlainId,     // "A1B2C3", a pretix secret, "ORDER-ATTENDEE"
  kUrlToken,    // "https://tickets.example/t/at/TOKEN/" or "...?secret=TOKEN"
  kAtToken,     // "AT$TOKEN$AT"
  kFieldList,   // Devoxx-style "id,first,last,email,..."
  kVCard,       // BEGIN:VCARD ... END:VCARD (2.1, 3.0, 4.0)
  kMeCard,      // MECARD:N:Doe,John;EMAIL:...;;
  kSigned,      // KDN1:<id>:<signature>: Kindred's signed badge (verify with VerifySignedBadge)
  kNotABadge,   // anything else: a poster URL, a Wi-Fi code, noise
};

// A stable lower-case name for `kind`, as used in JSON output ("plain_id", ...).
const char* BadgeKindName(BadgeKind kind);

struct BadgePayload {
  BadgeKind kind = BadgeKind::kNotABadge;
  std::string attendee_id;  // the key to look up in the roster; empty for kNotABadge
  std::string name;         // when the payload carries one (vCard, MECARD, field list)
  std::string email;
  std::string company;
  std::string title;
  std::string reason;       // for kNotABadge: why, in words an organiser understands

  bool is_badge() const { return kind != BadgeKind::kNotABadge; }
};

// Parses `text` (the exact payload of a code). Never throws; text that is too
// long, not UTF-8 or of no known form comes back as kNotABadge with a reason.
BadgePayload ParseBadgePayload(std::string_view text);

}  // namespace kindred
