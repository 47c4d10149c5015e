#include "event/intents.h"

#include "i18n/catalog.h"

namespace kindred {

const std::vector<FollowUpIntent>& FollowUpIntents() {
  static const std::vector<FollowUpIntent> intents = {
      {"send-contact", i18n::N_("Swap contact details"), i18n::N_("Add {name} to your contacts and say hello."),
       true},
      {"introduce", i18n::N_("Introductions to people we know"),
       i18n::N_("Make the introduction you talked about, or ask {name} for theirs.")},
      {"share-resource", i18n::N_("Share a resource we talked about"),
       i18n::N_("Send {name} the resource you talked about.")},
      {"meet-again", i18n::N_("Let's meet again after the event"), i18n::N_("Suggest a date to meet {name} again.")},
  };
  return intents;
}

const FollowUpIntent* FindIntent(std::string_view id) {
  for (const FollowUpIntent& i : FollowUpIntents())
    if (id == i.id) return &i;
  return nullptr;
}

std::string IntentIds() {
  std::string ids;
  for (const FollowUpIntent& i : FollowUpIntents()) ids += (ids.empty() ? "" : ", ") + std::string(i.id);
  return ids;
}

}  // namespace kindred
