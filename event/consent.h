// What consent allows: the one rule for what other people may see of
// someone, on every screen, page, file and e-mail.
//
// A person's name is always shown: it is on their badge. Their e-mail
// address, company and title are shown to others only when they agreed to
// share their contact details: the roster's `consent` column (the
// registration form's answer), or a walk-in's tick at the kiosk. The roster
// is the one source of truth: a change there (someone withdrawing consent)
// holds for every follow-up written after it. The consent copied into each
// encounter when it is saved is kept for older readers only and decides
// nothing. Organisers' own files (walk-ins.csv, the CRM list of people who
// consented) and a person's own screens show them everything of their own.
#pragma once

#include <string>

#include "storage/attendee.h"

namespace kindred {

struct Disclosed {
  std::string name;
  bool contact = false;  // they agreed to share their contact details
  std::string email;     // "" unless they agreed
  std::string company;   // ""
  std::string title;     // ""
  // "Designer, Hive & Co" from what is shown (title and company); "" when nothing is.
  std::string Role() const;
};

// What anyone but `person` themselves may see of them.
Disclosed ShownToOthers(const Attendee& person);

// Whether the room's wall (the projector, event/room.h) may name `person`
// (by first name, with whom they met over what): only when they agreed to
// share their details, the same answer as above. Everyone else counts in
// the numbers and the passions, never by name.
bool ShownOnWall(const Attendee& person);

}  // namespace kindred
