#include "event/meeting.h"

#include "match/shared.h"

namespace kindred {

bool SaveMeeting(EventDb& db, Matcher& matcher, const std::string& a, const std::string& b, const std::string& lang,
                 const std::string& recorded_by, Meeting* out, std::string* err, int64_t same_pair_window_s) {
  Encounter& e = out->encounter;
  e.a_id = a;
  e.b_id = b;
  e.kiosk_id = recorded_by;
  out->card = matcher.Card(a, b, lang);  // nothing in common for someone the matcher does not know
  e.shared = ForTheRecord(out->card.common);
  e.starter = out->card.starter;
  if (!db.SaveEncounter(&e, same_pair_window_s, err, &out->met_before)) return false;
  matcher.AddEncounter(a, b);
  return true;
}

}  // namespace kindred
