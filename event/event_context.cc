#include "event/event_context.h"

#include <filesystem>

#include "i18n/catalog.h"
#include "scanner/badge_signing.h"
#include "common/utc_time.h"

namespace kindred {

namespace {

bool BuildMatcher(const std::string& assets_dir, EventDb& db, std::unique_ptr<Matcher>* out, std::string* err) {
  TagSynonyms synonyms;
  StarterTemplates starters;
  const std::filesystem::path assets(assets_dir);
  if (std::filesystem::exists(assets / "synonyms.txt") && !synonyms.LoadFile((assets / "synonyms.txt").string(), err))
    return false;
  if (std::filesystem::exists(assets / "starters.txt") && !starters.LoadFile((assets / "starters.txt").string(), err))
    return false;
  std::vector<Attendee> attendees;
  if (!db.LoadAttendees(&attendees, err)) return false;
  // The roster's languages, for word forms ("en,de"; English when unset).
  MatcherOptions options;
  std::string languages;
  if (db.GetSetting(kLanguagesSetting, &languages, err) == Lookup::kError) return false;
  if (!languages.empty()) options.languages = SplitLanguages(languages);
  auto matcher = std::make_unique<Matcher>(attendees, synonyms, std::move(starters), options);
  // Each language's opening questions, where the assets have them.
  for (const std::string& lang : i18n::Languages()) {
    const std::filesystem::path file = assets / ("starters." + lang + ".txt");
    if (lang == "en" || !std::filesystem::exists(file)) continue;
    StarterTemplates own;
    if (!own.LoadFile(file.string(), err)) return false;
    matcher->AddStarters(lang, std::move(own));
  }
  // People at the event now come first: checked in, or scanned at any kiosk today.
  const std::string today = StartOfTodayUtc();
  for (const Attendee& a : attendees)
    if (IsPresent(a, today)) matcher->MarkPresent(a.badge_id);
  // Suggestions shown today, at every kiosk whose data is here: the often
  // suggested give way.
  std::vector<std::pair<std::string, int64_t>> shown;
  if (!db.CountSuggestionsSince(today, &shown, err)) return false;
  for (const auto& [id, times] : shown) matcher->AddExposure(id, static_cast<int>(times));
  if (!db.ForEachEncounter([&matcher](const Encounter& e) { matcher->AddEncounter(e.a_id, e.b_id); }, err))
    return false;
  *out = std::move(matcher);
  return true;
}

}  // namespace

std::vector<std::string> SplitLanguages(const std::string& text) {
  std::vector<std::string> out;
  std::string word;
  for (char c : text + ",") {
    if (c == ',' || c == ';' || c == ' ') {
      if (!word.empty()) out.push_back(word);
      word.clear();
    } else {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

bool OpenEvent(const std::string& db_path, const std::string& assets_dir, EventContext* out,
               std::string* err) {
  out->db = EventDb::Open(db_path, err);
  if (!out->db) return false;
  std::string hex;
  if (out->db->GetSetting(kPublicKeySetting, &hex, err) == Lookup::kError) return false;
  out->public_key = FromHex(hex);
  return BuildMatcher(assets_dir, *out->db, &out->matcher, err);
}

bool ReloadMatcher(const std::string& assets_dir, EventContext* event, std::string* err) {
  std::unique_ptr<Matcher> fresh;
  if (!BuildMatcher(assets_dir, *event->db, &fresh, err)) return false;
  *event->matcher = std::move(*fresh);
  return true;
}
}  // namespace kindred
