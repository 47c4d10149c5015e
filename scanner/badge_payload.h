// Turns the text of a decoded code into a typed badge, never trusting it.
// Knows the forms registration systems print: plain IDs and ticket secrets,
// ticket URLs, pretix's AT$...$AT form, comma-separated field lists, vCard and
// MECARD. Anything else is reported as "not a badge" with the reason.
#pragma once

#include <string>
#include <string_view>
#include <vector>

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
  std::string phone;
  bool business_card = false;  // a vCard or MECARD without a registration ID: the ID is
                               // derived from the card (CardId), the person a walk-in
  std::string reason;       // for kNotABadge: why, in words an organiser understands;
                            // name etc. stay filled when the code carried them

  bool is_badge() const { return kind != BadgeKind::kNotABadge; }
};

// True for text shaped like an e-mail address: "x@y.z", no spaces.
bool LooksLikeEmail(std::string_view s);

// A stable badge ID for a business card without one: "card-" and 12 hex
// digits of a hash of the folded name with the first e-mail, else phone
// digits, else organisation. The same card always gives the same ID.
std::string CardId(const std::string& name, const std::string& email, const std::string& phone,
                   const std::string& company);

// Eventbrite's ticket barcode is the order number, the attendee number and a
// three-digit suffix ("1689365701" "2360209833" "001"). For a scanned all-digit
// code, the attendee numbers it may hold, most likely first, to look up in a
// roster keyed by "Attendee #" (Eventbrite's default report). Empty when the
// code cannot be such a barcode.
std::vector<std::string> EventbriteAttendeeIds(std::string_view code);

// Parses `text` (the exact payload of a code). Never throws; text that is too
// long, not UTF-8 or of no known form comes back as kNotABadge with a reason.
BadgePayload ParseBadgePayload(std::string_view text);

}  // namespace kindred
