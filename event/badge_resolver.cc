#include "event/badge_resolver.h"

#include "scanner/badge_signing.h"

namespace kindred {

BadgeIdentity WhoIs(EventDb& db, const std::string& code, const std::string& public_key) {
  BadgeIdentity who;
  who.badge = ParseBadgePayload(code);
  if (!who.badge.is_badge()) return who;
  std::string reason;
  if (who.badge.kind == BadgeKind::kSigned &&
      !VerifySignedBadge(code, public_key, &who.badge.attendee_id, &reason)) {
    who.status = BadgeIdentity::Status::kForged;
    who.error = reason;
    return who;
  }
  Lookup found = db.FindAttendee(who.badge.attendee_id, &who.person, &who.error);
  // An Eventbrite ticket whose roster has no barcodes: its attendee number.
  for (const std::string& id : EventbriteAttendeeIds(who.badge.attendee_id)) {
    if (found != Lookup::kNotFound) break;
    found = db.FindAttendee(id, &who.person, &who.error);
  }
  switch (found) {
    case Lookup::kFound:
      who.status = BadgeIdentity::Status::kKnown;
      return who;
    case Lookup::kError:
      who.status = BadgeIdentity::Status::kError;
      return who;
    case Lookup::kNotFound:
      break;
  }
  // Not on the list: what the code itself says of them (a business card, a
  // badge printed after the roster was exported).
  who.status = BadgeIdentity::Status::kUnknown;
  who.person = Attendee{};
  who.person.badge_id = who.badge.attendee_id;
  who.person.name = who.badge.name;
  who.person.email = LooksLikeEmail(who.badge.email) ? who.badge.email : "";
  who.person.company = who.badge.company;
  who.person.title = who.badge.title;
  return who;
}

}  // namespace kindred
