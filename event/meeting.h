// Saving that two people met: the one place that decides what an encounter
// records — what they share and the opening question, as the encounter card
// shows them — and the pair rule (the same two people again within an hour,
// recorded at the same place, update one encounter). The kiosk's card,
// `kindred meet` and "We met" on two phones all save through it.
#pragma once

#include <cstdint>
#include <string>

#include "match/matcher.h"
#include "storage/event_db.h"

namespace kindred {

inline constexpr int64_t kSamePairWindowS = 3600;

struct Meeting {
  Encounter encounter;  // as saved (its ID, and what an earlier one of the pair already held)
  EncounterCard card;   // what they share, in the language asked for
  bool met_before = false;  // this pair had met before (at any kiosk or phone)
};

// Saves that `a` and `b` met now, recorded by `recorded_by` (a kiosk's ID,
// or "phones"), with the follow-up intents and note already in
// out->encounter (if any); the card in `lang`.
// The matcher learns they met (they are no longer suggested to each other).
// False and a one-line *err when nothing was saved.
bool SaveMeeting(EventDb& db, Matcher& matcher, const std::string& a, const std::string& b, const std::string& lang,
                 const std::string& recorded_by, Meeting* out, std::string* err,
                 int64_t same_pair_window_s = kSamePairWindowS);

}  // namespace kindred
