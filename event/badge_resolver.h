// Who a badge is: the one answer to "which attendee is this code?", used by
// the kiosk, `kindred meet`, `kindred scan --db` and the phone pages. A code
// is parsed (scanner/badge_payload), a signed badge verified against the
// event's key, and the person looked up in the roster, with Eventbrite's
// ticket numbers tried as attendee numbers when the roster has no barcodes.
#pragma once

#include <string>

#include "scanner/badge_payload.h"
#include "storage/attendee.h"
#include "storage/event_db.h"

namespace kindred {

struct BadgeIdentity {
  enum class Status {
    kKnown,      // on the roster: `person` is their record
    kUnknown,    // a badge, but nobody on the roster: `person` holds what the code said (badge_id set)
    kNotABadge,  // a poster's URL, a Wi-Fi code...: `badge.reason` says why
    kForged,     // a signed badge whose signature does not verify
    kError,      // the roster could not be read: `error`
  };
  Status status = Status::kNotABadge;
  Attendee person;
  BadgePayload badge;
  std::string error;

  bool known() const { return status == Status::kKnown; }
};

// Resolves the text of a scanned code (or a typed badge ID) at this event.
// `public_key`: the event's badge key (raw bytes; empty when the event has
// none: a signed badge then cannot be verified and counts as forged).
BadgeIdentity WhoIs(EventDb& db, const std::string& code, const std::string& public_key);

}  // namespace kindred
