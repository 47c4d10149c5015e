#include "event/people_to_meet.h"

#include <cstdio>
#include <ctime>

#include "common/utc_time.h"
#include "event/consent.h"
#include "i18n/catalog.h"
#include "match/say.h"

namespace kindred {

using i18n::Fill;
using i18n::Tr;

PeopleToMeet FindPeopleToMeet(EventDb& db, Matcher& matcher, const std::string& badge_id, const std::string& lang,
                              const std::locale& loc, int k, const std::string& shown_by,
                              std::vector<EventDb::ShownTo>* later) {
  PeopleToMeet out;
  const int64_t wall = static_cast<int64_t>(std::time(nullptr));
  std::string err;
  // Someone looking again today (to recall a name) sees the same people,
  // less those they have met since; anyone else, a fresh choice.
  std::vector<std::string> before;
  if (db.LastShownTo(badge_id, StartOfTodayUtc(), &before, &err) == Lookup::kFound)
    out.suggestions = matcher.SuggestThese(badge_id, before, lang);
  out.again = !out.suggestions.empty();
  if (!out.again) out.suggestions = matcher.Suggest(badge_id, k, lang);
  // Every suggestion shown counts: people shown often give way to others, and
  // each learns who was suggested to them. A failed write costs only that.
  std::vector<EventDb::ShownSuggestion> shown;
  for (const Suggestion& s : out.suggestions) {
    if (!out.again) {
      matcher.AddExposure(s.id);
      shown.push_back({s.id, s.common.passions.empty() ? "" : s.common.passions[0].a_word});
    }
    // How to spot them: whether they are about first (it is what helps find
    // them), then what their consent lets the badge's words say.
    Attendee them;
    const std::string badge = db.FindAttendee(s.id, &them, &err) == Lookup::kFound ? ShownToOthers(them).Role() : "";
    std::string when = s.last_seen_at.empty() ? "" : i18n::HowLongAgo(loc, SecondsSince(s.last_seen_at, wall));
    std::string line = !when.empty() ? Fill(Tr(loc, "seen {when}"), {{"when", when}})
                       : s.present   ? Tr(loc, "checked in today")
                                     : "";
    if (!badge.empty()) line += (line.empty() ? "" : " \u00b7 ") + badge;
    out.recognise.push_back(line);
  }
  if (later && !shown.empty())
    later->push_back({badge_id, std::move(shown)});
  else if (!shown.empty() && !db.RecordSuggestionsShown(badge_id, shown_by, shown, &err))
    std::fprintf(stderr, "kindred: suggestions shown not recorded: %s\n", err.c_str());
  EventDb::Seeker seeker;
  if (db.FindSeeker(badge_id, StartOfTodayUtc(), &seeker, &err) == Lookup::kFound) {
    // What happened, and only what is true of both now: the event suggested
    // this person to the seeker, and what they share.
    const std::string first = FirstName(seeker.name);
    out.looking_for_you = Fill(Tr(loc, "The kiosk suggested you to {name} today."), {{"name", first}});
    out.looking_shared = say::BothLove(loc, matcher.Between(badge_id, seeker.id), first);
    std::string when = i18n::HowLongAgo(loc, SecondsSince(seeker.last_seen_at, wall));
    const std::string where = seeker.last_seen_kiosk;
    out.looking_where = where.empty() && when.empty() ? Tr(loc, "Last seen")
                        : where.empty() ? Fill(Tr(loc, "Last seen {when}"), {{"when", when}})
                        : when.empty()  ? Fill(Tr(loc, "Last seen at {kiosk}"), {{"kiosk", where}})
                                        : Fill(Tr(loc, "Last seen at {kiosk}, {when}"), {{"kiosk", where}, {"when", when}});
  }
  return out;
}

}  // namespace kindred
