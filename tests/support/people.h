// Attendees and rosters for tests: one builder for a person, the roster
// header written once, and a roster file made from people.
#pragma once

#include <string>
#include <vector>

#include "storage/attendee.h"

namespace kindred::test {

// "Person ID" with these passions, field, stage, offers and asks, and
// nothing else: the matcher's tests' people.
Attendee Passionate(const std::string& id, std::vector<std::string> passions, std::string field = "",
                    std::string stage = "", std::vector<std::string> offers = {},
                    std::vector<std::string> seeking = {});

// Kindred's own roster columns, in the order RosterCsv writes them.
inline constexpr char kRosterHeader[] =
    "badge_id,name,email,company,title,field,stage,passions,offers,seeking,consent,language";

// An attendee to build in one expression:
//   Someone("K-1", "Maya Okafor").Passions({"jazz"}).Email("maya@example.org").Consent()
// Without Consent() they did not agree to share contact details.
class Someone {
 public:
  Someone(std::string badge_id, std::string name);
  Someone& Email(std::string email);
  Someone& Company(std::string company);
  Someone& Title(std::string title);
  Someone& Field(std::string field);
  Someone& Stage(std::string stage);
  Someone& Passions(std::vector<std::string> passions);
  Someone& Offers(std::vector<std::string> offers);
  Someone& Seeking(std::vector<std::string> seeking);
  Someone& Consent(bool yes = true);
  Someone& Language(std::string language);
  Someone& CheckedIn(bool yes = true);
  Someone& WalkIn(bool yes = true);
  operator Attendee() const { return a_; }  // NOLINT: built to be used as an Attendee
  const Attendee& get() const { return a_; }

 private:
  Attendee a_;
};

// A roster file's text in Kindred's format (kRosterHeader), every cell
// quoted as a spreadsheet would where needed; lists joined with "; ".
std::string RosterCsv(const std::vector<Attendee>& people);

// The three people the kiosk's touch tests walk through: Maya (a designer
// who loves bees and jazz), Nadia (a founder with no passions yet) and José
// (a founder who loves bees and cycling); each offers what another seeks.
std::vector<Attendee> KioskTrio();

// `n` people "P001".."Pnnn" named "Person 1".. with e-mail and consent, as a
// hub or a stress test needs them.
std::vector<Attendee> NumberedPeople(int n);

}  // namespace kindred::test
