// Everything the kiosk and the CLI need to reason about one event: its
// database, and a matcher built from its roster and encounters.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "match/matcher.h"
#include "storage/event_db.h"

namespace kindred {

struct EventContext {
  std::unique_ptr<EventDb> db;
  std::unique_ptr<Matcher> matcher;
  std::string public_key;  // verifies signed badges; empty until `kindred badges` made a key
};

// Setting names for the event's badge signing key (hex).
inline constexpr char kPublicKeySetting[] = "badge_public_key";
inline constexpr char kSecretKeySetting[] = "badge_secret_key";
// The roster's languages for matching word forms, e.g. "en,de" (English when unset).
inline constexpr char kLanguagesSetting[] = "languages";

// "en, de;fr" -> {"en", "de", "fr"}, lower case.
std::vector<std::string> SplitLanguages(const std::string& text);

// Opens `db_path`, loads assets/synonyms.txt and assets/starters.txt from
// `assets_dir`, and builds the matcher with every encounter so far, the
// event's languages and today's suggestions shown (exposure).
// Returns false and sets *err (one line) on any failure.
bool OpenEvent(const std::string& db_path, const std::string& assets_dir, EventContext* out,
               std::string* err);

// Rebuilds out->matcher in place (pointers to it stay valid) from the
// database as it is now, e.g. after a roster import.
bool ReloadMatcher(const std::string& assets_dir, EventContext* event, std::string* err);

}  // namespace kindred
