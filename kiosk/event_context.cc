#include "kiosk/event_context.h"

#include <filesystem>

#include "scanner/badge_signing.h"

namespace kindred {

bool OpenEvent(const std::string& db_path, const std::string& assets_dir, EventContext* out,
               std::string* err) {
  out->db = EventDb::Open(db_path, err);
  if (!out->db) return false;
  TagSynonyms synonyms;
  StarterTemplates starters;
  const std::filesystem::path assets(assets_dir);
  if (std::filesystem::exists(assets / "synonyms.txt") &&
      !synonyms.LoadFile((assets / "synonyms.txt").string(), err))
    return false;
  if (std::filesystem::exists(assets / "starters.txt") &&
      !starters.LoadFile((assets / "starters.txt").string(), err))
    return false;
  std::string hex;
  if (out->db->GetSetting(kPublicKeySetting, &hex, err) == Lookup::kError) return false;
  out->public_key = FromHex(hex);
  std::vector<Attendee> attendees;
  if (!out->db->LoadAttendees(&attendees, err)) return false;
  out->matcher = std::make_unique<Matcher>(attendees, synonyms, std::move(starters));
  // People at the event now come first: checked in, or scanned at any kiosk today.
  const std::string today = StartOfTodayUtc();
  for (const Attendee& a : attendees)
    if (a.checked_in || (!a.last_seen_at.empty() && a.last_seen_at >= today)) out->matcher->MarkPresent(a.badge_id);
  return out->db->ForEachEncounter(
      [&out](const Encounter& e) { out->matcher->AddEncounter(e.a_id, e.b_id); }, err);
}

}  // namespace kindred
