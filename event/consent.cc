#include "event/consent.h"

namespace kindred {

std::string Disclosed::Role() const {
  return title + (title.empty() || company.empty() ? "" : ", ") + company;
}

Disclosed ShownToOthers(const Attendee& person) {
  Disclosed d;
  d.name = person.name;
  d.contact = person.consent && !IsForgottenId(person.badge_id);
  if (!d.contact) return d;
  d.email = person.email;
  d.company = person.company;
  d.title = person.title;
  return d;
}

bool ShownOnWall(const Attendee& person) { return ShownToOthers(person).contact; }

}  // namespace kindred
