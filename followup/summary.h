// One attendee's follow-up: the people they met, what they share, and one
// concrete next step per person. The same content reaches people as files
// (export.h) and as e-mail (mail.h); this is where it is decided. What two
// people share comes from the matcher (Matcher::Between, said by
// match/say.h), what the reader may see of someone from their consent
// (event/consent.h).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "event/consent.h"
#include "i18n/catalog.h"
#include "match/matcher.h"
#include "storage/attendee.h"
#include "storage/event_db.h"

namespace kindred {

struct MetPerson {
  const Attendee* them = nullptr;
  Encounter encounter;
  Disclosed shown;                      // what their consent lets the reader see of them
  Common common;                        // what the reader (a) shares with them (b)
  std::string starter;                  // a question for the reader to put to them, in the reader's words
  std::vector<std::string> next_steps;  // one per follow-up they chose (at least one): what to do next
};

struct FollowUp {
  const Attendee* me = nullptr;
  std::vector<MetPerson> met;   // oldest encounter first
  std::string language = "en";  // the reader's (i18n code): every word of it is in this language
  std::string time_zone;        // the event's (IANA), for when they met; "" the machine's own, unnamed
};

// The language `me`'s follow-up is written in: their own where Kindred
// speaks it (German in the register their tag says, else `reg`), else
// `event_language`.
std::string FollowUpLanguage(const Attendee& me, const std::string& event_language,
                             i18n::Register reg = i18n::Register::kFormal);

// The one who stands, in the follow-ups of the people they met, for someone
// who asked to be forgotten (no name, no contact, nothing to do).
const Attendee& ForgottenPerson();

// Builds `me`'s follow-up from their encounters, each paired with the other
// person, in `language` (an i18n code), with what they share from `matcher`.
FollowUp BuildFollowUp(const Matcher& matcher, const Attendee& me,
                       std::vector<std::pair<Encounter, const Attendee*>> met, const std::string& language = "en");

// Calls `fn` with the follow-up of every attendee in `attendees` who met
// someone, in that order, reading their encounters from `db` one attendee at
// a time. Stops with false when the database fails or `fn` returns false
// (`fn` then sets *err).
// Each follow-up is in its reader's language (FollowUpLanguage), else
// `event_language`, else the event's as `db` stores it (kEventLanguageSetting).
bool ForEachFollowUp(EventDb& db, const Matcher& matcher, const std::vector<Attendee>& attendees,
                     const std::function<bool(const FollowUp&, std::string* err)>& fn, std::string* err,
                     const std::function<void(size_t done, size_t total)>& progress = nullptr,
                     const std::string& event_language = "");

// The name `f`'s reader sees for `a` ("Jemand, der vergessen werden wollte"
// for someone forgotten, in the reader's language).
std::string ShownName(const FollowUp& f, const Attendee& a);

// "Maya Okafor - Designer, Acme": who p is to f's reader (ShownName), with
// the title and company their consent shows.
std::string Heading(const FollowUp& f, const MetPerson& p);

// When they met (the encounter's UTC ISO 8601 stamp), in the reader's
// language and the event's time zone, named: "22. November 2026 um 18:04
// (Mitteleuropäische Zeit)"; the machine's own, unnamed, when the event has none.
std::string MetWhen(const FollowUp& f, const std::string& met_at);

// What the reader is told about one person they met, in f's language, the
// same in the Markdown file, the plain e-mail and its HTML part.
struct PersonLines {
  std::vector<std::string> next;   // the next steps, each a sentence (shown set apart, after "Next:")
  std::vector<std::string> facts;  // what they share, the question, their note, when they met
  std::string contact;             // their address (with consent) or how to reach them; "" for someone forgotten
};
// Without `with_note` the note is left out of the facts (the phone page
// shows it in the form that edits it).
PersonLines LinesAbout(const FollowUp& f, const MetPerson& p, bool with_note = true);

// The greeting line ("Hi Maya,", "Okafor Maya様") and the sentence after it.
std::string Salutation(const FollowUp& f);
std::string Opening(const FollowUp& f, const std::string& event_name);

// The summary as Markdown (attendees/ID.md).
std::string FollowUpMarkdown(const FollowUp& f, const std::string& event_name);

// vCard 3.0 of the people met who agreed to share; "" when nobody did.
std::string FollowUpVCards(const FollowUp& f, const std::string& event_name);

// The people met as CSV rows (attendees/ID.csv), a BOM first when asked.
std::string FollowUpCsv(const FollowUp& f, bool excel_bom);

}  // namespace kindred
