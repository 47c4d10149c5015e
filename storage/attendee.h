// The records Kindred keeps about an event: who is there and who met whom.
#pragma once

#include <string>
#include <vector>

namespace kindred {

struct Attendee {
  std::string badge_id;  // what the badge's code carries: an ID or a ticket secret
  std::string name;
  std::string email;
  std::string company;
  std::string title;
  std::string field;     // field or industry
  std::string stage;     // career stage, free text: "student", "founder", ...
  std::vector<std::string> passions;
  std::vector<std::string> offers;   // what they can offer others
  std::vector<std::string> seeking;  // what they are looking for
  bool consent = false;  // may share contact details with people they meet
  bool opt_out = false;  // does not want to be suggested to others
  bool checked_in = false;   // checked in at registration (from the roster)
  std::string last_seen_at;  // UTC ISO 8601 of the last scan at any kiosk; "" if never
  std::string last_seen_kiosk;  // the kiosk of that scan
  bool walk_in = false;  // joined at a kiosk: not on the registration list
  std::string language;  // the language they are served in (i18n code: "de"); "" for the event's
  std::string name_latin;  // the name in Latin letters ("Yuki Tanaka" for 田中 由紀); "" when not given
};

struct Encounter {
  std::string id;        // globally unique (UUID v4), so kiosks' databases merge
  std::string a_id;      // badge IDs; a_id < b_id
  std::string b_id;
  std::string met_at;    // UTC, ISO 8601 ("2026-11-22T18:04:05Z")
  std::string kiosk_id;
  std::vector<std::string> shared;   // the shared passions that were shown
  std::string starter;               // the conversation starter that was shown
  std::vector<std::string> intents;  // follow-up intents, e.g. "send-contact"
  std::string note;
  bool consent_a = false;  // a agreed to share contact details with b
  bool consent_b = false;
};

// Someone who asked to be forgotten stays in the encounters of the people
// they met only as "forgotten-" and 16 hex digits of their forget key
// (EventDb::ForgetKey): the same at every kiosk, naming nobody.
std::string ForgottenId(const std::string& forget_key);
bool IsForgottenId(const std::string& badge_id);

// Joins a list for a roster cell or database column: "a; b; c".
std::string JoinList(const std::vector<std::string>& items);

// Splits a "a; b; c" cell into trimmed, non-empty items.
std::vector<std::string> SplitList(const std::string& cell);

// The first word of a name ("Maya" for "Maya Okafor"; a name without spaces
// whole); for a name written family name first with a comma ("Okafor,
// Maya"), the first word after the comma.
std::string FirstName(const std::string& name);

// True when `a` is at the event now: checked in, or seen by a kiosk since
// `start_of_today` (StartOfTodayUtc()).
bool IsPresent(const Attendee& a, const std::string& start_of_today);

}  // namespace kindred
