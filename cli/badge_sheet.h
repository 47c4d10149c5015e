// Badges for organisers to print: one QR code per attendee carrying Kindred's
// signed payload, as PNG (screens, e-mail) and SVG (print shops), and a
// printable sheet of badges with names.
#pragma once

#include <string>

#include "storage/event_db.h"

namespace kindred {

struct BadgeReport {
  int badges = 0;
  bool new_key = false;  // a signing key was made for this event now
};

// Writes DIR/png/ID.png, DIR/svg/ID.svg and DIR/badges.html for every
// attendee in `db`. Makes the event's signing key on first use and stores it
// in the database (kiosks verify with its public half). With `url_base`
// (kindred serve's address, "http://10.0.0.5:8080") each code is the badge
// as an address phones open (SignedBadgeUrl); kiosks read both. Returns
// false and sets *err on failure.
bool WriteBadges(EventDb& db, const std::string& out_dir, const std::string& event_name, const std::string& url_base,
                 BadgeReport* report, std::string* err);

// A QR code as an SVG image with a 4-module quiet zone, `mm` millimetres wide.
std::string QrSvg(const std::string& text, double mm, std::string* err);


}  // namespace kindred
