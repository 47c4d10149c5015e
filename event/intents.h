// What two people who just met may want to do after the event: the
// follow-up intents offered on every encounter card, stored with the
// encounter by ID, and the next step each becomes in their follow-ups.
// The one place that knows them: the kiosk's card, `kindred meet --intent`,
// the phone page and the follow-ups all read this table.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kindred {

struct FollowUpIntent {
  const char* id;         // stored with the encounter: "send-contact", ...
  const char* label;      // on the card and the phone page (a catalogue msgid)
  const char* next_step;  // the follow-up's next step for it, with {name} (a catalogue msgid)
  // The step needs the other person's contact details: without their consent
  // the follow-up offers to reach them through the organisers instead.
  bool needs_contact = false;
};

// A note two people keep about their conversation (the card's, the phone
// page's) is one line of at most this many bytes, cut between characters.
inline constexpr size_t kLongestNote = 280;

// The intents, in the order the card offers them.
const std::vector<FollowUpIntent>& FollowUpIntents();

// The intent with `id`, or nullptr.
const FollowUpIntent* FindIntent(std::string_view id);

// "send-contact, introduce, ...": every ID, for a usage message.
std::string IntentIds();

}  // namespace kindred
