// Who a person is told to find today, and who is looking for them: one
// answer for the kiosk's welcome screen and the person's own phone page.
#pragma once

#include <locale>
#include <string>
#include <vector>

#include "match/matcher.h"
#include "storage/event_db.h"

namespace kindred {

struct PeopleToMeet {
  std::vector<Suggestion> suggestions;
  // How to spot each suggested person, parallel to suggestions: whether
  // they are about ("seen 5 minutes ago", "checked in today"), then what
  // their consent lets be said of them ("Founder, Solaria"); "" for nothing.
  std::vector<std::string> recognise;
  // The same people as shown to them earlier today (then nothing is
  // recorded again), else a fresh choice.
  bool again = false;
  // Someone the event suggested this person to today who has not met them
  // yet: what happened ("The kiosk suggested you to Maya today."), what is
  // true of both ("You both love jazz."), where they were last seen. All ""
  // when nobody is looking.
  std::string looking_for_you, looking_shared, looking_where;
};

// `badge_id`'s people to meet, in `loc`'s language (`lang`, an i18n code),
// at most `k` of them. A fresh choice is recorded as shown by `shown_by`
// (a kiosk's or the server's name) and counted in `matcher`'s exposure, so
// the person sees the same people again today wherever they look; a failed
// record costs only that (one line on stderr). With `later`, the fresh
// choice is appended there instead, for the caller to record soon after,
// with others, off the person's path (EventDb::RecordSuggestionsShown of a
// batch); it is counted in the matcher at once all the same.
PeopleToMeet FindPeopleToMeet(EventDb& db, Matcher& matcher, const std::string& badge_id, const std::string& lang,
                              const std::locale& loc, int k, const std::string& shown_by,
                              std::vector<EventDb::ShownTo>* later = nullptr);

}  // namespace kindred
