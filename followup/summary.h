// One attendee's follow-up: the people they met, what they share, and one
// concrete next step per person. The same content reaches people as files
// (export.h) and as e-mail (mail.h); this is where it is decided.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "storage/attendee.h"
#include "storage/event_db.h"

namespace kindred {

struct MetPerson {
  const Attendee* them = nullptr;
  Encounter encounter;
  bool shared_contact = false;  // they agreed to share contact details
  std::string role;             // their title and company, only when they agreed to share ("" otherwise)
  std::string shared;           // what both hold, as a sentence's list ("jazz and urban beekeeping")
  std::string starter;          // a question about them, to the reader ("Ask José: what got you into jazz?")
  std::vector<std::string> next_steps;  // one per follow-up they chose (at least one): what to do next
};

struct FollowUp {
  const Attendee* me = nullptr;
  std::vector<MetPerson> met;  // oldest encounter first
  std::string language = "en";  // the reader's (i18n code): every word of it is in this language
};

// The language `me`'s follow-up is written in: their own where Kindred
// speaks it, else `event_language`.
std::string FollowUpLanguage(const Attendee& me, const std::string& event_language);

// The one who stands, in the follow-ups of the people they met, for someone
// who asked to be forgotten (no name, no contact, nothing to do).
const Attendee& ForgottenPerson();

// Builds `me`'s follow-up from their encounters, each paired with the other
// person, in `language` (an i18n code).
FollowUp BuildFollowUp(const Attendee& me, std::vector<std::pair<Encounter, const Attendee*>> met,
                       const std::string& language = "en");

// Calls `fn` with the follow-up of every attendee in `attendees` who met
// someone, in that order, reading their encounters from `db` one attendee at
// a time. Stops with false when the database fails or `fn` returns false
// (`fn` then sets *err).
// Each follow-up is in its reader's language (FollowUpLanguage), else
// `event_language`, else the event's as `db` stores it (kEventLanguageSetting).
bool ForEachFollowUp(EventDb& db, const std::vector<Attendee>& attendees,
                     const std::function<bool(const FollowUp&, std::string* err)>& fn, std::string* err,
                     const std::function<void(size_t done, size_t total)>& progress = nullptr,
                     const std::string& event_language = "");

// The name `f`'s reader sees for `a` ("Jemand, der vergessen werden wollte"
// for someone forgotten, in the reader's language).
std::string ShownName(const FollowUp& f, const Attendee& a);

// "Maya Okafor - Designer, Acme": who p is to f's reader (ShownName), and
// title and company when p.role is set (only for people who agreed to share).
std::string Heading(const FollowUp& f, const MetPerson& p);
// "Designer, Acme" (what is known of title and company).
std::string RoleOf(const Attendee& a);

// When they met (the encounter's UTC ISO 8601 stamp), in the reader's
// language and the local time zone: "22. November 2026 um 18:04".
std::string MetWhen(const FollowUp& f, const std::string& met_at);

// What the reader is told about one person they met, in f's language, as
// the lines of the Markdown file and the plain e-mail: "Next: ..." per next
// step, then what they share, the question, the kiosk note and when they met.
struct PersonLines {
  std::vector<std::string> next;
  std::vector<std::string> facts;
};
PersonLines LinesAbout(const FollowUp& f, const MetPerson& p);

// The summary as Markdown (attendees/ID.md).
std::string FollowUpMarkdown(const FollowUp& f, const std::string& event_name);

// vCard 3.0 of the people met who agreed to share; "" when nobody did.
std::string FollowUpVCards(const FollowUp& f, const std::string& event_name);

// The people met as CSV rows (attendees/ID.csv), a BOM first when asked.
std::string FollowUpCsv(const FollowUp& f, bool excel_bom);

}  // namespace kindred
